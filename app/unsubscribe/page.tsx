import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { CenteredPanel } from "@/components/layout/centered-panel";
import { Logo } from "@/components/layout/logo";
import { Button } from "@/components/ui/button";
import { AppError } from "@/lib/errors";
import { readSearchParams } from "@/lib/http";
import { describeUnsubscribeToken, type UnsubscribeTarget } from "@/lib/unsubscribe";

export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false } };

const searchSchema = z.object({
  token: z.string().max(200).catch(""),
  done: z.literal("1").optional().catch(undefined),
});

type Lookup = { target: UnsubscribeTarget } | { problem: string };

async function lookUp(token: string): Promise<Lookup> {
  if (!token) return { problem: "This unsubscribe link has no token. Open the link from your email again, or change your email settings after signing in." };
  try {
    return { target: await describeUnsubscribeToken(token) };
  } catch (error) {
    if (error instanceof AppError || error instanceof z.ZodError) {
      return { problem: error instanceof AppError ? error.message : "This unsubscribe link is not valid." };
    }
    throw error;
  }
}

/**
 * GET /unsubscribe?token=… – the confirmation page behind every digest's unsubscribe link. Opening it
 * changes nothing (mail scanners open links too); the button posts to /api/unsubscribe.
 */
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token, done } = searchSchema.parse(readSearchParams(await searchParams, ["token", "done"]));
  const lookup = await lookUp(token);
  return (
    <CenteredPanel logo={<Logo />} className="space-y-4">
      <h1 className="text-xl font-semibold text-slate-900">Daily digest emails</h1>
      {"problem" in lookup ? (
        <p role="alert" className="text-sm text-red-700">
          {lookup.problem}
        </p>
      ) : !lookup.target.subscribed ? (
        <p role="status" className="text-sm text-slate-700">
          {done ? "Done. " : ""}
          <strong>{lookup.target.email}</strong> gets no more digest emails from Trackwatch. Your alerts and history are kept; turn
          emails back on in your settings at any time.
        </p>
      ) : (
        <>
          <p className="text-sm text-slate-700">
            Stop the daily digest emails to <strong>{lookup.target.email}</strong>? Your alerts and history are kept, and you can
            turn emails back on in your settings.
          </p>
          <form method="post" action={`/api/unsubscribe?token=${encodeURIComponent(token)}`}>
            <input type="hidden" name="List-Unsubscribe" value="One-Click" />
            <input type="hidden" name="return" value="page" />
            <Button type="submit" className="w-full">
              Unsubscribe from digest emails
            </Button>
          </form>
        </>
      )}
      <p className="text-sm text-slate-600">
        <Link href="/settings" className="font-medium text-brand-700 hover:underline">
          Email settings
        </Link>{" "}
        (sign-in needed) let you pick the hour and time zone of your digest instead.
      </p>
    </CenteredPanel>
  );
}
