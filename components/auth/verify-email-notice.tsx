import type { ActingUser } from "@/lib/actor";
import { getEmailVerification } from "@/lib/accounts/get-email-verification";
import { ResendVerificationForm } from "./resend-verification-form";

/**
 * "Confirm your email" for signed-in pages (the dashboard): nothing once the address is confirmed.
 * Digests wait for the confirmation, so an unconfirmed account is told why and offered a new link.
 */
export async function VerifyEmailNotice({ user }: { user: ActingUser }) {
  const { email, verifiedAt } = await getEmailVerification(user);
  if (verifiedAt) return null;
  return (
    <section
      aria-labelledby="verify-email-notice-title"
      className="mb-6 flex flex-col gap-3 rounded-xl border border-amber-200 bg-amber-50 p-4 sm:flex-row sm:items-center sm:justify-between"
      data-testid="verify-email-notice"
    >
      <div>
        <h2 id="verify-email-notice-title" className="font-semibold text-amber-900">
          Confirm your email
        </h2>
        <p className="mt-1 text-sm text-amber-900">
          We sent a link to <span className="font-medium">{email}</span>. Digests start once you open it.
        </p>
      </div>
      <ResendVerificationForm />
    </section>
  );
}
