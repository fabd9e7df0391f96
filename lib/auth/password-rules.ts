import { z } from "zod";

/** Shown beside the password field before submit, and enforced on the server. */
export const passwordRules = [
  "At least 10 characters",
  "At most 128 characters",
  "Mixes letters with at least one digit or symbol",
] as const;

export const passwordSchema = z
  .string()
  .min(10, "Use at least 10 characters.")
  .max(128, "Use at most 128 characters.")
  .refine((value) => /\p{L}/u.test(value) && /[^\p{L}]/u.test(value), "Mix letters with at least one digit or symbol.");
