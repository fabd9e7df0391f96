import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmailFrame } from "@/components/ui/email-frame";
import { formatDigestDay, type DigestDetail as Digest } from "@/lib/digest";
import { DigestRecords } from "./digest-records";
import { DigestWatches } from "./digest-watches";
import { DigestStatusBadge, digestStatusLine, isFailedCheck } from "./digest-status-badge";

export function DigestDetail({ digest, clockLabel }: { digest: Digest; clockLabel: string }) {
  return (
    <div className="space-y-6">
      <Link href="/history" className="text-sm font-medium text-brand-700 hover:underline">
        ← History
      </Link>
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h1 className="text-xl font-semibold text-slate-900">{formatDigestDay(digest.day)}</h1>
          <DigestStatusBadge status={digest.status} />
        </div>
        {digest.subject ? <p className="mt-1 text-slate-700">{digest.subject}</p> : null}
        <p className={digest.status === "FAILED" ? "mt-2 text-sm text-red-700" : "mt-2 text-sm text-slate-600"}>{digestStatusLine(digest, clockLabel)}</p>
      </Card>
      {digest.content?.watches && digest.content.watches.length > 0 ? (
        <section aria-label="Your times">
          <DigestWatches watches={digest.content.watches} />
        </section>
      ) : null}
      {digest.content ? (
        digest.content.sections.length > 0 || !digest.content.watches?.length ? (
          <section aria-label="Records">
            <h2 className="mb-2 text-sm font-semibold text-slate-700">Records</h2>
            <DigestRecords content={digest.content} />
          </section>
        ) : null
      ) : digest.status === "PENDING" || isFailedCheck(digest) ? null : (
        // Pending digests have no content yet, and a failed check never gets any: its reason is the status line above.
        <p className="text-sm text-slate-600">The details of this digest were saved in an older format and cannot be shown.</p>
      )}
      {digest.html ? (
        <section aria-label="Email">
          <h2 className="mb-2 text-sm font-semibold text-slate-700">{digest.status === "SENT" ? "The email as sent" : "The email as it would be sent"}</h2>
          <EmailFrame title={`Digest email for ${digest.day}`} html={digest.html} className="h-[720px]" />
        </section>
      ) : null}
    </div>
  );
}
