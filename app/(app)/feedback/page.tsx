import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { FeedbackForm } from "@/components/feedback/feedback-form";
import { Card } from "@/components/ui/card";
import { requireUserPage } from "@/lib/auth/session";
import { sameSitePagePath } from "@/lib/feedback";
import { readSearchParams } from "@/lib/http";

export const metadata: Metadata = { title: "Send feedback" };

export default async function FeedbackPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUserPage("/feedback");
  // Only a same-site path labels the message; anything else in `from` is ignored.
  const page = sameSitePagePath(readSearchParams(await searchParams, ["from"]).from);
  return (
    <>
      <PageHeader
        title="Send feedback"
        description={
          <>
            Tell us about a bug, an idea or anything else. Admins read every message; an answer comes by email to{" "}
            <span className="break-all font-medium text-slate-800">{user.email}</span>.
          </>
        }
      />
      <Card className="max-w-2xl">
        {page ? (
          <p className="mb-5 text-sm text-slate-600">
            About the page <code className="break-all rounded bg-slate-100 px-1 py-0.5 text-slate-800">{page}</code>
          </p>
        ) : null}
        <FeedbackForm page={page} />
      </Card>
    </>
  );
}
