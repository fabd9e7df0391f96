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
export {
  checkInputText,
  holdsUnsafeText,
  isSafeInputText,
  RefusedText,
  SECRET_FIELDS,
  UNSAFE_TEXT_MESSAGE,
  type InputTextOptions,
} from "./input-text";
export { inputText, searchText } from "./input-text-schemas";
export { readPathParams, readSearchParams, type PageSearchParams, type SearchParamValue } from "./page-input";
