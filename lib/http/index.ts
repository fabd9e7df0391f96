export {
  MAX_BODY_BYTES,
  MAX_JSON_DEPTH,
  parseJsonText,
  readBodyBytes,
  readBodyText,
  readFormBody,
  readJsonBody,
} from "./read-body";
export { checkServerActionRequest, looksLikeServerAction } from "./server-action-request";
export {
  appContentSecurityPolicy,
  sandboxContentSecurityPolicy,
  staticSecurityHeaders,
  type SecurityHeaderOptions,
} from "./security-headers";
export { securityHeaderOptions } from "./from-config";
