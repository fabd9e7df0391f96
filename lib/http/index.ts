export { parseJsonText, readBodyBytes, readBodyText, readFormBody } from "./read-body";
export { checkServerActionRequest, looksLikeServerAction } from "./server-action-request";
export {
  appContentSecurityPolicy,
  sandboxContentSecurityPolicy,
  staticSecurityHeaders,
  type SecurityHeaderOptions,
} from "./security-headers";
export { securityHeaderOptions } from "./from-config";
export { returnPathOrDashboard, sameSitePath, SAME_SITE_PATH_MAX } from "./same-site-path";
