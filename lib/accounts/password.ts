import bcrypt from "bcryptjs";
import { z } from "zod";

export { passwordRules } from "./password-rules";

/** The rules of ./password-rules, enforced. */
export const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(128, "Use at most 128 characters.")
  .refine((value) => /\p{L}/u.test(value) && /[^\p{L}]/u.test(value), "Mix letters with at least one digit or symbol.");

const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

// Compared against when the email is unknown, so a sign-in takes as long whether or not the account exists.
const DUMMY_HASH = "$2b$11$C6UzMDM.H6dfI/f/IKcEeO7uP2sLd0t3vHn8qzqz5c7B4I9pX5K2e";

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await bcrypt.compare(password, DUMMY_HASH);
    return false;
  }
  return bcrypt.compare(password, hash);
}
