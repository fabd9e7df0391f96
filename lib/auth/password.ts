import bcrypt from "bcryptjs";
export { passwordRules, passwordSchema } from "./password-rules";

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
