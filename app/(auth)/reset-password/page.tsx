import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { checkAuthToken } from "@/lib/accounts/auth-tokens";
import { AppError } from "@/lib/errors";
import { readSearchParams } from "@/lib/http";

// The token is in this page's URL: no Referer carries it to any link followed from here.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const { token } = readSearchParams(await searchParams, ["token"]);
  // Opening the page does not use the link (mail scanners open links too); only submitting does.
  const refusal = await checkAuthToken({ token, kind: "RESET_PASSWORD" }).then(
    () => null,
    (error: unknown) => {
      if (error instanceof AppError) return error.message;
      throw error;
    },
  );
  if (refusal || typeof token !== "string") {
    return (
      <>
        <h1 className="text-2xl font-bold tracking-tight">This link does not work</h1>
        <p role="alert" className="mt-3 text-sm text-slate-700">
          {refusal ?? "This link is not valid."}
        </p>
        <p className="mt-6 text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-700 hover:underline">
            Ask for a new link
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Choose a new password</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">Every device signed in to your account will be signed out.</p>
      <ResetPasswordForm token={token} />
    </>
  );
}
