import { z } from "zod";
import { registerUserSchema } from "@/lib/accounts/register-user";
import { isKnownTimeZone } from "@/lib/time-zones";

/**
 * What each settings form may change, checked on the server. Form posts arrive as strings, so the
 * number and boolean fields also accept their form spellings ("7", "on"); domain callers pass plain values.
 */

export const profileSettingsSchema = z.object({
  // The same rule as at sign-up.
  name: registerUserSchema.shape.name,
});
export type ProfileSettingsInput = z.input<typeof profileSettingsSchema>;

const digestHourSchema = z
  .union([z.number(), z.string().trim().regex(/^\d{1,2}$/, "Pick an hour from 0 to 23.").transform(Number)], {
    error: "Pick an hour from 0 to 23.",
  })
  .pipe(z.number().int("Pick a whole hour.").min(0, "Pick an hour from 0 to 23.").max(23, "Pick an hour from 0 to 23."));

const checkboxSchema = z.union([z.boolean(), z.literal("on").transform(() => true), z.literal("off").transform(() => false)]);

export const digestSettingsSchema = z.object({
  emailNotifications: checkboxSchema,
  /** Driver watches also tell the user's own improvements; left as it is when not given. */
  reportOwnImprovements: checkboxSchema.optional(),
  digestHour: digestHourSchema,
  timezone: z
    .string({ error: "Pick a time zone." })
    .trim()
    .min(1, { error: "Pick a time zone.", abort: true })
    .refine(isKnownTimeZone, "Pick a time zone from the list (for example Europe/Paris or UTC)."),
});
export type DigestSettingsInput = z.input<typeof digestSettingsSchema>;

export const trackmaniaNameSchema = z.object({
  displayName: z
    .string({ error: "Enter your Trackmania display name." })
    .trim()
    .min(1, "Enter your Trackmania display name.")
    .max(40, "Trackmania display names are shorter than that."),
});
export type TrackmaniaNameInput = z.input<typeof trackmaniaNameSchema>;

/** What "Sign in with Trackmania" proves: the account the player signed in as on Trackmania's side. */
export const trackmaniaProfileSchema = z.object({
  accountId: z.string().trim().min(1).max(64),
  displayName: z.string().trim().min(1).max(100),
});
export type TrackmaniaProfile = z.infer<typeof trackmaniaProfileSchema>;

export const deleteAccountSchema = z.object({
  confirmation: z
    .string({ error: "Type your email address or your password to confirm." })
    .min(1, "Type your email address or your password to confirm.")
    .max(256, "That is not your email address or password."),
});
export type DeleteAccountInput = z.input<typeof deleteAccountSchema>;
