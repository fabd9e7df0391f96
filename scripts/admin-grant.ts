// npm run admin:grant -- <email> [--revoke]
// Makes an existing account an admin (or takes the role back). Its sessions pick the change up at once.
import { z } from "zod";
import { closeDb, getDb } from "@/lib/db";
import { refreshUserState } from "@/lib/sessions";

const [emailArg, flag] = process.argv.slice(2);
const email = z.email().safeParse(emailArg?.toLowerCase().trim());
if (!email.success) {
  console.error("Usage: npm run admin:grant -- <email> [--revoke]");
  process.exit(2);
}
const db = await getDb();
try {
  const role = flag === "--revoke" ? "USER" : "ADMIN";
  const user = await db.user.findUnique({ where: { email: email.data } });
  if (!user) {
    console.error(`No account with the email ${email.data}. Sign up first, then run this again.`);
    process.exitCode = 1;
  } else {
    await db.user.update({ where: { id: user.id }, data: { role } });
    await refreshUserState(user.id);
    console.log(`${email.data} is now ${role === "ADMIN" ? "an admin" : "a regular user"}.`);
  }
} finally {
  await closeDb();
}
