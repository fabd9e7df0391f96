import Link from "next/link";
import { Card } from "@/components/ui/card";
import { formatDigestDay, type DigestSummary } from "@/lib/digest";
import { DigestStatusBadge, digestStatusLine } from "./digest-status-badge";

export function DigestList({ digests, nextCursor, clockLabel }: { digests: DigestSummary[]; nextCursor: string | null; clockLabel: string }) {
  if (digests.length === 0) {
    return (
      <Card className="text-center">
        <p className="font-medium text-slate-900">No digests yet</p>
        <p className="mx-auto mt-1 max-w-lg text-sm text-slate-600">
          Once a day, at the hour you chose in your settings, Trackwatch checks your alerts. Each check shows up here, whether it found new
          records or not.
        </p>
      </Card>
    );
  }
  return (
    <div className="space-y-4">
      <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
        {digests.map((digest) => (
          <li key={digest.id}>
            <Link href={`/history/${digest.id}`} className="flex flex-col gap-1 px-5 py-4 hover:bg-slate-50 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0">
                <p className="font-medium text-slate-900">{formatDigestDay(digest.day)}</p>
                {/* A failed check has no subject: its reason, in red below, is the only line. */}
                {digest.subject || digest.status !== "FAILED" ? (
                  <p className="truncate text-sm text-slate-600">{digest.subject ?? digestStatusLine(digest, clockLabel)}</p>
                ) : null}
                {digest.status === "FAILED" ? <p className="text-sm text-red-700">{digestStatusLine(digest, clockLabel)}</p> : null}
              </div>
              <div className="flex shrink-0 items-center gap-3">
                {digest.recordCount > 0 ? (
                  <span className="text-sm text-slate-600">
                    {digest.recordCount} {digest.recordCount === 1 ? "record" : "records"}
                  </span>
                ) : null}
                <DigestStatusBadge status={digest.status} />
              </div>
            </Link>
          </li>
        ))}
      </ul>
      {nextCursor ? (
        <Link href={`/history?cursor=${encodeURIComponent(nextCursor)}`} className="text-sm font-medium text-brand-700 hover:underline">
          Older digests →
        </Link>
      ) : null}
    </div>
  );
}
