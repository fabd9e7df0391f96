import type { Metadata } from "next";
import Link from "next/link";
import { ResendVerificationForm } from "@/components/auth/resend-verification-form";
import { getEmailVerification } from "@/lib/accounts/get-email-verification";
import { verifyEmail } from "@/lib/accounts/verify-email";
import { currentUser, type ActingUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const linkClass = "font-medium text-brand-700 hover:underline";

export default async function VerifyEmailPage({ searchParams }: { searchParams: SearchParams }) {
  const { token } = await searchParams;
  const user = await currentUser();
  if (token === undefined) return <VerificationStatus user={user} />;

  const outcome = await verifyEmail({ token }).then(
    ({ email }) => ({ ok: true as const, email }),
    (error: unknown) => {
      if (error instanceof AppError) return { ok: false as const, message: error.message };
      throw error;
    },
  );
  if (outcome.ok) {
    return (
      <>
        <h1 className="text-2xl font-bold tracking-tight">Email confirmed</h1>
        <p role="status" className="mt-3 text-sm text-slate-700">
          Thanks: <span className="font-medium">{outcome.email}</span> is confirmed. Your daily digests will arrive there.
        </p>
        <p className="mt-6 text-sm">
          <Link href={user ? "/dashboard" : "/sign-in"} className={linkClass}>
            {user ? "Go to your dashboard" : "Sign in"}
          </Link>
        </p>
      </>
    );
  }
  const status = user ? await getEmailVerification(user) : null;
  if (status?.verifiedAt) return <VerificationStatus user={user} />;
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">This link does not work</h1>
      <p role="alert" className="mt-3 text-sm text-slate-700">
        {outcome.message}
      </p>
      <div className="mt-6">
        {user ? (
          <ResendVerificationForm label="Send me a new link" />
        ) : (
          <p className="text-sm text-slate-600">
            <Link href="/sign-in?next=%2Fverify-email" className={linkClass}>
              Sign in
            </Link>{" "}
            to get a new link.
          </p>
        )}
      </div>
    </>
  );
}

async function VerificationStatus({ user }: { user: ActingUser | null }) {
  if (!user) {
    return (
      <>
        <h1 className="text-2xl font-bold tracking-tight">Confirm your email</h1>
        <p className="mt-3 text-sm text-slate-700">
          Open the link we emailed you. To get a new one,{" "}
          <Link href="/sign-in?next=%2Fverify-email" className={linkClass}>
            sign in
          </Link>{" "}
          first.
        </p>
      </>
    );
  }
  const { email, verifiedAt } = await getEmailVerification(user);
  if (verifiedAt) {
    return (
      <>
        <h1 className="text-2xl font-bold tracking-tight">Email confirmed</h1>
        <p role="status" className="mt-3 text-sm text-slate-700">
          <span className="font-medium">{email}</span> is already confirmed.
        </p>
        <p className="mt-6 text-sm">
          <Link href="/dashboard" className={linkClass}>
            Go to your dashboard
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Confirm your email</h1>
      <p className="mt-3 mb-6 text-sm text-slate-700">
        We sent a link to <span className="font-medium">{email}</span>. Open it to start getting digests. Nothing there? Check
        the spam folder, or ask for a new one.
      </p>
      <ResendVerificationForm />
    </>
  );
}
