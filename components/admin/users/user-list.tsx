import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { UserListPage } from "@/lib/admin";
import { UserStatusBadges } from "./user-status-badges";

const dayFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

function pageHref(page: number, q?: string) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return `/admin/users${query ? `?${query}` : ""}`;
}

/** Accounts as cards on a phone and rows from `sm` up, each leading to its page. */
export function UserList({ list }: { list: UserListPage }) {
  if (list.users.length === 0) {
    return <Card className="text-center text-sm text-slate-600">{list.q ? `No account matches “${list.q}”.` : "No account yet."}</Card>;
  }
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600" aria-live="polite">
        {list.total.toLocaleString("en-GB")} account{list.total === 1 ? "" : "s"}
        {list.q ? ` matching “${list.q}”` : ""}
        {list.pages > 1 ? ` · page ${list.page} of ${list.pages}` : ""}
      </p>
      <ul className="divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm" aria-label="Users">
        {list.users.map((user) => (
          <li key={user.id} className="grid gap-1 px-4 py-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto] sm:items-center sm:gap-4">
            <div className="min-w-0">
              <Link href={`/admin/users/${user.id}`} className="block truncate font-medium text-brand-700 hover:underline">
                {user.email}
              </Link>
              <p className="truncate text-sm text-slate-600">
                {user.name ?? "—"}
                {user.tmDisplayName ? ` · ${user.tmDisplayName}${user.tmVerified ? " (linked)" : ""}` : ""}
              </p>
            </div>
            <p className="text-sm text-slate-600 tabular-nums">
              {user.mapperAlerts} alert{user.mapperAlerts === 1 ? "" : "s"} · {user.driverWatches} watch{user.driverWatches === 1 ? "" : "es"}
            </p>
            <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500 sm:justify-end">
              <UserStatusBadges role={user.role} disabled={user.disabled} confirmed={user.confirmed} />
              <span>joined {dayFormat.format(user.createdAt)}</span>
            </div>
          </li>
        ))}
      </ul>
      {list.pages > 1 ? (
        <nav aria-label="Pages" className="flex items-center justify-between text-sm">
          {list.page > 1 ? (
            <Link className="font-medium text-brand-700 hover:underline" href={pageHref(list.page - 1, list.q)}>
              ← Newer
            </Link>
          ) : (
            <span />
          )}
          {list.page < list.pages ? (
            <Link className="font-medium text-brand-700 hover:underline" href={pageHref(list.page + 1, list.q)}>
              Older →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
