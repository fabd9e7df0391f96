import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthNotice } from "@/components/auth/auth-notice";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SignInWithTrackmania } from "@/components/settings/sign-in-with-trackmania";
import { currentUser } from "@/lib/auth/session";
import { readSearchParams, sameSitePath } from "@/lib/http";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const { next, reason, error } = readSearchParams(await searchParams, ["next", "reason", "error"]);
  // A bad `next` is dropped here too, so the form never even carries it.
  const returnTo = sameSitePath(next) ?? undefined;
  if (await currentUser()) redirect("/dashboard");
  return (
    <>
      <AuthNotice reason={reason} />
      <h1 className="text-2xl font-bold tracking-tight">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">Welcome back. Your digests and alerts are waiting.</p>
      <SignInForm next={returnTo} />
      <div className="my-6 flex items-center gap-3 text-xs uppercase tracking-wide text-slate-500" aria-hidden>
        <span className="h-px flex-1 bg-slate-200" />
        or
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      <SignInWithTrackmania next={returnTo} error={typeof error === "string" ? error : undefined} />
    </>
  );
}
