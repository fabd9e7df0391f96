/**
 * Shown beside the password field before submit (lib/auth/password.ts enforces them). The hint is a
 * browser component: this file stays free of zod, which would add ~30 kB to every page with a
 * password field.
 */
export const passwordRules = [
  "At least 10 characters",
  "At most 128 characters",
  "Mixes letters with at least one digit or symbol",
] as const;
