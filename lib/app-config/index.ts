/**
 * The site's admin-editable limits (the single AppConfig row): alerts per user, driver watches,
 * position-mode threshold, leaderboard depth, records per map in an email, open sign-ups. Read fresh
 * on every call; only admins change them.
 */
export { APP_CONFIG_BOUNDS, type AppConfigLimitName } from "./bounds";
export { getAppConfig, type AppConfig } from "./get-app-config";
export { getAppConfigForAdmin, type AppConfigChangeView, type AppConfigForAdmin } from "./get-app-config-for-admin";
export { APP_CONFIG_FIELDS, appConfigSchema, type AppConfigInput, type AppConfigValues } from "./schemas";
export { updateAppConfig } from "./update-app-config";
