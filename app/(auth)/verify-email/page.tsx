import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmEmailForm } from "@/components/auth/confirm-email-form";
import { ResendVerificationForm } from "@/components/auth/resend-verification-form";
import { getEmailVerification } from "@/lib/accounts/get-email-verification";
import type { ActingUser } from "@/lib/actor";
import { currentUser } from "@/lib/auth/session";
import { readSearchParams } from "@/lib/http";

export const metadata: Metadata = { title: "Confirm your email", referrer: "no-referrer" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const linkClass = "font-medium text-brand-700 hover:underline";

export default async function VerifyEmailPage({ searchParams }: { searchParams: SearchParams }) {
  const { token } = readSearchParams(await searchParams, ["token"]);
  const user = await currentUser();
  if (token === undefined) return <VerificationStatus user={user} />;

  return <ConfirmEmailForm token={typeof token === "string" ? token : ""} signedIn={user !== null} />;
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
