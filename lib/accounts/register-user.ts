import "server-only";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { hashPassword, passwordSchema } from "@/lib/accounts/password";
import { getAppConfig } from "@/lib/app-config";
import { consumeRateLimits } from "@/lib/ratelimit";
import { currentTimeZoneName, isKnownTimeZone } from "@/lib/time-zones";
import { emailSchema } from "./schemas";
import { sendVerificationEmail } from "./send-verification-email";

export const registerUserSchema = z.object({
  name: z
    .string("Tell us what to call you.")
    .trim()
    .min(1, "Tell us what to call you.")
    .max(60, "Use at most 60 characters.")
    .refine((value) => !/\p{Cc}/u.test(value), "Use letters, digits and punctuation only."),
  email: emailSchema,
  password: passwordSchema,
  /**
   * The browser's zone as the sign-up form sends it (Chrome's old names included: Asia/Calcutta), saved
   * under its current name; anything this server does not know counts as UTC. Mapped before the lookup,
   * so it works whichever of the two names this runtime's ICU lists.
   */
  timezone: z
    .string()
    .max(64)
    .optional()
    .catch(undefined)
    .transform((zone) => {
      const current = currentTimeZoneName(zone ?? "");
      return isKnownTimeZone(current) ? current : "UTC";
    }),
});
export type RegisterUserInput = z.input<typeof registerUserSchema>;
export type RegisterUserOptions = { /** The caller's address, for the sign-up limit per network. */ ip: string };

/**
 * Creates an account and emails a link to confirm the address. Every account starts as a user: an
 * address listed in ADMIN_EMAILS becomes an admin only once confirmed (promote-listed-admin.ts). The
 * account works before it is confirmed; only digests (and admin rights) wait for the confirmation.
 */
export async function registerUser(input: unknown, { ip }: RegisterUserOptions) {
  const data = registerUserSchema.parse(input);
  // Counted after validation (a typo costs nothing) and before the duplicate check, so probing which
  // emails have accounts is as limited as creating them, and an existing email runs out of attempts
  // exactly as a new one does.
  await consumeRateLimits([
    { name: "signUpByIp", identifier: ip },
    { name: "signUpByEmail", identifier: data.email },
  ]);
  const listedAdmin = getConfig().ADMIN_EMAILS.includes(data.email);
  const limits = await getAppConfig();
  const passwordHash = await hashPassword(data.password);
  const db = await getDb();
  let user;
  try {
    user = await db.$transaction(async (tx) => {
      // One sign-up at a time counts and creates, so concurrent sign-ups cannot pass the cap together.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('user-registration'))`;
      // The operator's first admin account opens the site: no limit may lock them out of it. It is
      // still a user until its address is confirmed.
      const firstAdmin =
        listedAdmin && (await tx.user.count({ where: { OR: [{ role: "ADMIN" }, { email: { in: getConfig().ADMIN_EMAILS } }] } })) === 0;
      if (!firstAdmin) {
        if (!limits.registrationOpen) throw new AppError("forbidden:registration", "New sign-ups are closed for now.");
        if ((await tx.user.count()) >= limits.maxUsers)
          throw new AppError("forbidden:registration", "Trackwatch is full for now: it has as many accounts as it can take. Try again later.");
      }
      return tx.user.create({
        data: { email: data.email, name: data.name, timezone: data.timezone, passwordHash },
        select: { id: true, email: true, role: true },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict:email", "An account with this email already exists.");
    throw error;
  }
  try {
    await sendVerificationEmail(user.id);
  } catch (error) {
    // The account exists either way; the "confirm your email" notice offers to send the link again.
    console.error("[register-user] verification email not sent", { userId: user.id, error });
  }
  return user;
}
