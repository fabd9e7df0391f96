import { z } from "zod";

/** An email as typed into any account form: trimmed, lower-cased, at most 254 characters (RFC 5321). */
export const emailSchema = z
  .string("Enter your email address.")
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "Use at most 254 characters.")
  .pipe(z.email("Enter a valid email address."))
  .transform((value) => value.toLowerCase());

/** A password being checked, not chosen: any non-empty text up to the length we ever accept. */
export const currentPasswordSchema = z
  .string("Enter your password.")
  .min(1, "Enter your password.")
  .max(128, "Passwords here are at most 128 characters.");
