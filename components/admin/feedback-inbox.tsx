import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { FEEDBACK_KIND_LABELS, type FeedbackFilter, type FeedbackPage, type FeedbackView } from "@/lib/feedback";
import { DeleteFeedbackForm, FeedbackReadToggle, FeedbackReplyForm } from "./feedback-item-actions";

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const kindTones = { BUG: "danger", IDEA: "info", OTHER: "neutral" } as const;

const inboxHref = (filter: FeedbackFilter, page = 1) => `/admin/feedback?filter=${filter}${page > 1 ? `&page=${page}` : ""}`;

/** The feedback inbox: unread or all, newest first, a page at a time. Messages are text, shown as typed. */
export function FeedbackInbox({ inbox, unreadCount }: { inbox: FeedbackPage; unreadCount: number }) {
  return (
    <div className="space-y-4">
      <nav aria-label="Which messages" className="flex flex-wrap gap-2">
        {(
          [
            ["unread", `Unread (${unreadCount.toLocaleString("en-US")})`],
            ["all", "All"],
          ] as const
        ).map(([filter, label]) => (
          <Link
            key={filter}
            href={inboxHref(filter)}
            aria-current={inbox.filter === filter ? "page" : undefined}
            className={cn(
              "rounded-md px-3 py-1.5 text-sm font-medium",
              inbox.filter === filter ? "bg-brand-50 text-brand-800" : "text-slate-600 hover:bg-slate-100",
            )}
          >
            {label}
          </Link>
        ))}
      </nav>
      {inbox.items.length === 0 ? (
        <p className="text-sm text-slate-600">{inbox.filter === "unread" ? "Nothing unread. All caught up." : "No feedback yet."}</p>
      ) : (
        <ol className="space-y-4" aria-label="Feedback messages">
          {inbox.items.map((item) => (
            <li key={item.id}>
              <FeedbackCard item={item} />
            </li>
          ))}
        </ol>
      )}
      {inbox.pageCount > 1 ? (
        <nav aria-label="Pages" className="flex items-center justify-between gap-2 text-sm">
          {inbox.page > 1 ? (
            <Link className="font-medium text-brand-700 hover:underline" href={inboxHref(inbox.filter, inbox.page - 1)}>
              ← Newer
            </Link>
          ) : (
            <span />
          )}
          <span className="text-slate-500">
            Page {inbox.page} of {inbox.pageCount}
          </span>
          {inbox.page < inbox.pageCount ? (
            <Link className="font-medium text-brand-700 hover:underline" href={inboxHref(inbox.filter, inbox.page + 1)}>
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

function FeedbackCard({ item }: { item: FeedbackView }) {
  const { sender } = item;
  const who = sender.tmDisplayName ?? sender.email ?? "a deleted account";
  const label = `${FEEDBACK_KIND_LABELS[item.kind]} from ${who}, ${dateFormat.format(item.createdAt)}`;
  return (
    <Card aria-label={label} className={cn("p-4 sm:p-6", item.readAt ? "" : "border-brand-200 ring-1 ring-brand-100")}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={kindTones[item.kind]}>{FEEDBACK_KIND_LABELS[item.kind]}</Badge>
        {item.readAt ? null : <Badge tone="warning">unread</Badge>}
        {item.repliedAt ? <Badge tone="success">answered</Badge> : null}
        <time dateTime={item.createdAt.toISOString()} className="text-slate-500">
          {dateFormat.format(item.createdAt)} UTC
        </time>
      </div>
      <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-slate-500">From</dt>
        <dd className="min-w-0 break-words">
          {sender.userId ? (
            <Link href={`/admin/users/${sender.userId}`} className="font-medium text-brand-700 hover:underline">
              {sender.email ?? sender.userId}
            </Link>
          ) : (
            <span>{sender.email ?? "a deleted account"}</span>
          )}
          {sender.tmDisplayName ? <span className="text-slate-600"> · {sender.tmDisplayName}</span> : null}
        </dd>
        <dt className="text-slate-500">Page</dt>
        <dd className="min-w-0 break-all font-mono text-xs leading-5">{item.page ?? "—"}</dd>
      </dl>
      <p className="mt-3 whitespace-pre-wrap break-words rounded-lg bg-slate-50 p-3 text-sm text-slate-900">{item.message}</p>
      {item.reply && item.repliedAt ? (
        <div className="mt-3 border-l-2 border-emerald-300 pl-3 text-sm">
          <p className="text-slate-500">Answered {dateFormat.format(item.repliedAt)} UTC:</p>
          <p className="mt-1 whitespace-pre-wrap break-words text-slate-800">{item.reply}</p>
        </div>
      ) : null}
      <div className="mt-4 flex flex-wrap items-start gap-x-4 gap-y-2">
        <FeedbackReadToggle id={item.id} read={item.readAt !== null} label={label} />
        <DeleteFeedbackForm id={item.id} label={label} />
      </div>
      <div className="mt-2">
        <FeedbackReplyForm id={item.id} to={sender.email} replied={item.repliedAt !== null} />
      </div>
    </Card>
  );
}
