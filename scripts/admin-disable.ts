// npm run admin:disable -- <email> [--enable]
// Disables an account (its sessions end at once, it cannot sign in, it gets no digests) or enables it again.
import { z } from "zod";
import { setUserDisabled } from "@/lib/admin";
import { closeDb, getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";

const [emailArg, flag] = process.argv.slice(2);
const email = z.email().safeParse(emailArg?.toLowerCase().trim());
if (!email.success) {
  console.error("Usage: npm run admin:disable -- <email> [--enable]");
  process.exit(2);
}
const db = await getDb();
try {
  const user = await db.user.findUnique({ where: { email: email.data }, select: { id: true } });
  if (!user) {
    console.error(`No account with the email ${email.data}.`);
    process.exitCode = 1;
  } else {
    // The operator at the terminal acts as an admin; the domain function still applies its own rules.
    const operator = { id: "cli", email: "cli@localhost", role: "ADMIN" as const };
    const disabled = flag !== "--enable";
    try {
      await setUserDisabled(operator, { userId: user.id, disabled });
      console.log(`${email.data} is now ${disabled ? "disabled; its sessions have ended" : "enabled"}.`);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      console.error(error.message);
      process.exitCode = 1;
    }
  }
} finally {
  await closeDb();
}
