/** The query parameter that tells the settings page's password form the change went through. */
export const PASSWORD_CHANGED_PARAM = "password";
export const PASSWORD_CHANGED_MESSAGE = "Password changed. Every other device has been signed out.";
