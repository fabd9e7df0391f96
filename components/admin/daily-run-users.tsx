import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { DailyRunPage } from "@/lib/daily-run";
import { DailyRunRetryForm } from "./daily-run-retry-form";

const at = (date: Date) => `${date.toISOString().replace("T", " ").slice(0, 16)} UTC`;

function pageHref(runId: string, page: number, failedOnly: boolean): string {
  const query = new URLSearchParams();
  if (failedOnly) query.set("failed", "1");
  if (page > 1) query.set("page", String(page));
  const search = query.toString();
  return `/admin/daily-runs/${runId}${search ? `?${search}` : ""}`;
}

/**
 * The run's per-user breakdown: one row per digest the run wrote — who, what was found, what became
 * of the email and why, attempts, when sent. Rows stack on a phone; 50 a page.
 */
export function DailyRunUsers({ data }: { data: DailyRunPage }) {
  const { run, users, failedOnly, page, pageCount, total } = data;
  const filterLink = "rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset";
  return (
    <section aria-labelledby="run-users" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="run-users" className="text-lg font-semibold text-slate-900">
          Users ({total}
          {failedOnly ? " failed" : ""})
        </h2>
        <nav aria-label="Filter users" className="flex gap-2">
          <Link href={pageHref(run.id, 1, false)} aria-current={failedOnly ? undefined : "page"} className={`${filterLink} ${failedOnly ? "text-slate-600 ring-slate-200" : "bg-brand-50 text-brand-700 ring-brand-200"}`}>
            All
          </Link>
          <Link href={pageHref(run.id, 1, true)} aria-current={failedOnly ? "page" : undefined} className={`${filterLink} ${failedOnly ? "bg-brand-50 text-brand-700 ring-brand-200" : "text-slate-600 ring-slate-200"}`}>
            Failed only
          </Link>
        </nav>
      </div>
      {users.length === 0 ? (
        <Card className="text-center text-sm text-slate-600">{failedOnly ? "Nothing failed in this run." : "This run wrote no digest yet."}</Card>
      ) : (
        <ul aria-label="Users of this run" className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
          {users.map((row) => (
            <li key={row.digestId} aria-label={row.email} className="space-y-2 px-4 py-3 text-sm">
              <div className="flex flex-wrap items-center justify-between gap-2">
                {/* Not prefetched: up to 50 user pages per screen would be fetched for one click. */}
                <Link href={`/admin/users/${row.userId}`} prefetch={false} className="min-w-0 break-all font-medium text-brand-700 hover:underline">
                  {row.email}
                </Link>
                <Badge tone={row.tone}>{row.state}</Badge>
              </div>
              <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-slate-600 sm:grid-cols-3">
                <div>
                  <dt className="inline text-slate-500">Records found: </dt>
                  <dd className="inline tabular-nums">{row.recordCount}</dd>
                </div>
                <div>
                  <dt className="inline text-slate-500">Send attempts: </dt>
                  <dd className="inline tabular-nums">{row.sendAttempts}</dd>
                </div>
                <div className="col-span-2 sm:col-span-1">
                  <dt className="inline text-slate-500">Sent: </dt>
                  <dd className="inline">{row.sentAt ? <time dateTime={row.sentAt.toISOString()}>{at(row.sentAt)}</time> : "—"}</dd>
                </div>
              </dl>
              {row.reason ? <p className="break-words text-red-700">{row.reason}</p> : null}
              {row.state === "check failed" ? <p className="text-slate-500">Nothing was composed, so there is no email to retry: run the check for this user again.</p> : null}
              {row.status === "MAYBE_SENT" ? (
                <p className="text-slate-500">
                  {row.retryUntil
                    ? `The email service may have accepted it without confirming. Retrying sends it under the same key, which the service remembers until ${at(row.retryUntil)}: it cannot arrive twice.`
                    : "The email service may have accepted it without confirming, and no longer remembers the send: it is not sent again, since it could arrive twice."}
                </p>
              ) : null}
              {row.retryable ? <DailyRunRetryForm runId={run.id} digestId={row.digestId} label="Retry this send" /> : null}
            </li>
          ))}
        </ul>
      )}
      {pageCount > 1 ? (
        <nav aria-label="Pages" className="flex items-center justify-between text-sm">
          {page > 1 ? (
            <Link href={pageHref(run.id, page - 1, failedOnly)} className="font-medium text-brand-700 hover:underline">
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-600">
            Page {page} of {pageCount}
          </span>
          {page < pageCount ? (
            <Link href={pageHref(run.id, page + 1, failedOnly)} className="font-medium text-brand-700 hover:underline">
              Next →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </section>
  );
}
