/** Auth.js's session cookie names (the `__Secure-` one is used over HTTPS). */
export const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"] as const;
