/**
 * A user's own settings: name, Trackmania account (linked through Trackmania, or typed and
 * unverified), email digest preferences, data export and account deletion. Every function takes the
 * acting user and only ever touches that user's rows.
 */
export { deleteAccount } from "./delete-account";
export { ACCOUNT_EXPORT_FORMAT, exportAccountData, type AccountExport } from "./export-account-data";
export { getSettings, type AccountSettings } from "./get-settings";
export { linkTrackmaniaAccount } from "./link-trackmania-account";
export {
  deleteAccountSchema,
  digestSettingsSchema,
  profileSettingsSchema,
  trackmaniaNameSchema,
  trackmaniaProfileSchema,
  type DeleteAccountInput,
  type DigestSettingsInput,
  type ProfileSettingsInput,
  type TrackmaniaNameInput,
  type TrackmaniaProfile,
} from "./schemas";
export { setTrackmaniaName } from "./set-trackmania-name";
export { signInByTrackmaniaAccount, type TrackmaniaSignIn } from "./sign-in-by-trackmania-account";
export {
  createTrackmaniaLinkIntent,
  LINK_INTENT_TTL_SECONDS,
  takeTrackmaniaLinkIntent,
  type LinkingUser,
} from "./trackmania-link-intent";
export { unlinkTrackmaniaAccount } from "./unlink-trackmania-account";
export { updateDigestSettings } from "./update-digest-settings";
export { updateProfile } from "./update-profile";
