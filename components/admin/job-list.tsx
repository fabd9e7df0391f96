import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { JobNotice } from "@/lib/actions/jobs";
import type { AdminJobList, AdminJobRow, JobTab } from "@/lib/admin";
import { JobRowActions } from "./job-row-actions";

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });
const when = (date: Date | null) => (date ? dateFormat.format(date) : "—");

const TAB_LABELS: Record<JobTab, string> = {
  queued: "Queued",
  running: "Running",
  failed: "Failed",
  succeeded: "Succeeded (7 days)",
  discarded: "Discarded",
};

const STATUS_TONES = { QUEUED: "info", RUNNING: "info", SUCCEEDED: "success", FAILED: "danger", DISCARDED: "neutral", RETRIED: "neutral" } as const;

const tabHref = (tab: JobTab, page = 1) => `/admin/jobs?tab=${tab}${page > 1 ? `&page=${page}` : ""}`;

function JobTabs({ list }: { list: AdminJobList }) {
  return (
    <nav aria-label="Job status" className="mb-4 flex flex-wrap gap-2">
      {(Object.keys(TAB_LABELS) as JobTab[]).map((tab) => {
        const active = tab === list.tab;
        return (
          <Link
            key={tab}
            href={tabHref(tab)}
            aria-current={active ? "page" : undefined}
            className={cn(
              "rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset",
              active ? "bg-brand-50 text-brand-800 ring-brand-200" : "text-slate-600 ring-slate-200 hover:bg-slate-100",
              tab === "failed" && list.counts.failed > 0 && !active ? "text-red-700 ring-red-200" : null,
            )}
          >
            {TAB_LABELS[tab]} <span className="tabular-nums">{list.counts[tab]}</span>
          </Link>
        );
      })}
    </nav>
  );
}

function LastError({ error }: { error: string }) {
  const [first = "", ...rest] = error.split("\n");
  const firstLine = first.length > 160 ? `${first.slice(0, 159)}…` : first;
  if (rest.length === 0 && firstLine === first) return <p className="mt-2 break-words text-sm text-red-800">{first}</p>;
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer break-words text-red-800">{firstLine}</summary>
      <pre className="mt-2 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded-lg bg-red-50 p-3 text-xs text-red-800">{error}</pre>
    </details>
  );
}

function JobCard({ job, tab, page }: { job: AdminJobRow; tab: JobTab; page: number }) {
  const canRetry = job.status === "FAILED";
  const canDiscard = job.status === "FAILED" || job.status === "QUEUED";
  const times: [string, string][] = [
    ["Queued", when(job.queuedAt)],
    [job.status === "QUEUED" ? "Next run" : "Due", when(job.runAt)],
    ["Finished", when(job.finishedAt)],
    ["Attempts", String(job.attempts)],
  ];
  return (
    <Card className="p-4" aria-label={`${job.job} ${job.id}`} data-job-id={job.id}>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="font-semibold text-slate-900">{job.job}</h2>
            <Badge tone={STATUS_TONES[job.status]}>{job.status.toLowerCase()}</Badge>
          </div>
          <p className="mt-1 break-words text-sm text-slate-700">{job.summary}</p>
          {job.retriedAs ? <p className="mt-1 break-all text-xs text-slate-500">Retried as QStash message {job.retriedAs}</p> : null}
        </div>
        {canRetry || canDiscard ? <JobRowActions jobId={job.id} jobName={job.job} canRetry={canRetry} canDiscard={canDiscard} tab={tab} page={page} /> : null}
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        {times.map(([label, value]) => (
          <div key={label}>
            <dt className="text-slate-500">
              {label}
              {label === "Attempts" ? null : " (UTC)"}
            </dt>
            <dd className="font-medium tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {job.lastError ? <LastError error={job.lastError} /> : null}
    </Card>
  );
}

const EMPTY: Record<JobTab, string> = {
  queued: "Nothing is waiting to run.",
  running: "Nothing is running right now.",
  failed: "No job has failed. Failures show here with their last error.",
  succeeded: "No job has finished in the last 7 days.",
  discarded: "No job has been discarded or retried as a new message.",
};

const NOTICES: Record<JobNotice, string> = {
  requeued: "Queued again; it runs now.",
  republished: "Sent to QStash again as a new message.",
  "already-retried": "Already retried: it is queued or running again.",
  discarded: "Discarded: it will not run.",
  "already-discarded": "Already discarded.",
};

export function JobList({ list, notice }: { list: AdminJobList; notice?: JobNotice }) {
  return (
    <div>
      {notice ? (
        <p role="status" className="mb-4 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {NOTICES[notice]}
        </p>
      ) : null}
      <JobTabs list={list} />
      {list.jobs.length === 0 ? (
        <Card className="text-center text-sm text-slate-600">{EMPTY[list.tab]}</Card>
      ) : (
        <div className="space-y-3">
          {list.jobs.map((job) => (
            <JobCard key={job.id} job={job} tab={list.tab} page={list.page} />
          ))}
        </div>
      )}
      {list.pageCount > 1 ? (
        <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm">
          {list.page > 1 ? (
            <Link className="font-medium text-brand-700 hover:underline" href={tabHref(list.tab, list.page - 1)}>
              ← Newer
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-500">
            Page {list.page} of {list.pageCount}
          </span>
          {list.page < list.pageCount ? (
            <Link className="font-medium text-brand-700 hover:underline" href={tabHref(list.tab, list.page + 1)}>
              Older →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}
