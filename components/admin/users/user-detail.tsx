import type { ReactNode } from "react";
import Link from "next/link";
import { DigestStatusBadge } from "@/components/history/digest-status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import type { UserForAdmin } from "@/lib/admin";
import { endUserSessionsAction, resendConfirmationAction, setUserAlertModeAction, setUserDisabledAction, setUserRoleAction } from "@/lib/actions/admin-users";
import { runDailyCheckNowAction } from "@/lib/actions/daily-run";
import { formatRaceTime } from "@/lib/format/race-time";
import { AdminActionForm } from "../admin-action-form";
import { UserStatusBadges } from "./user-status-badges";

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

const CONDITION_LABELS = { PASSED: "anyone passes", LEFT_TOP_N: "leaves the top", LOST_WORLD_RECORD: "loses the WR" } as const;

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_minmax(0,1fr)]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500">{label}</dt>
          <dd className="min-w-0 break-words text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One account for an admin: who it is, what it may do, what it watches and what it was sent. */
export function UserDetail({ user, self }: { user: UserForAdmin; self: boolean }) {
  const confirmed = user.emailVerifiedAt !== null;
  const disabled = user.disabledAt !== null;
  return (
    <div className="space-y-6">
      <Card className="space-y-4 p-4 sm:p-6">
        <div className="flex flex-wrap items-center gap-2">
          <CardTitle className="break-all">{user.email}</CardTitle>
          <UserStatusBadges role={user.role} disabled={disabled} confirmed={confirmed} />
        </div>
        <Facts
          rows={[
            ["Name", user.name ?? "—"],
            [
              "Trackmania",
              user.tmDisplayName ? `${user.tmDisplayName} ${user.tmVerified ? "(linked through Trackmania)" : "(typed, not verified)"}` : "not linked",
            ],
            ["Email", confirmed ? `confirmed ${dateTime.format(user.emailVerifiedAt!)} UTC` : "not confirmed: no digest until it is"],
            ["Digest", `${user.emailNotifications ? "emailed" : "not emailed (notifications off)"} at ${String(user.digestHour).padStart(2, "0")}:00 ${user.timezone}`],
            ["Joined", `${dateTime.format(user.createdAt)} UTC`],
            ["Last sign-in", user.lastSignInAt ? `${dateTime.format(user.lastSignInAt)} UTC` : "never"],
            ["Signed in on", user.deviceCount === 1 ? "1 device" : `${user.deviceCount} devices`],
            ...(disabled ? ([["Disabled", `${dateTime.format(user.disabledAt!)} UTC`]] as [string, string][]) : []),
          ]}
        />
      </Card>

      <Card className="space-y-4 p-4 sm:p-6" aria-label="Account actions">
        <CardTitle>Actions</CardTitle>
        {self ? <p className="text-sm text-slate-600">This is your own account: you cannot disable it, and revoking your own admin role takes you out of these pages at once.</p> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="space-y-1">
            <p className="text-sm text-slate-600">
              {user.role === "ADMIN" ? "An admin runs the site from these pages." : "Admins can open these pages and change any limit."}
            </p>
            <AdminActionForm
              action={setUserRoleAction}
              fields={{ userId: user.id, role: user.role === "ADMIN" ? "USER" : "ADMIN" }}
              label={user.role === "ADMIN" ? "Revoke admin" : "Make admin"}
              pendingText="Saving…"
            />
          </div>
          {self ? null : (
            <div className="space-y-1">
              <p className="text-sm text-slate-600">
                {disabled ? "Enabled, they can sign in again (their old sessions stay ended)." : "Disabled, they are signed out everywhere and get no digests."}
              </p>
              <AdminActionForm
                action={setUserDisabledAction}
                fields={{ userId: user.id, disabled: disabled ? "false" : "true" }}
                label={disabled ? "Enable account" : "Disable account"}
                variant={disabled ? "secondary" : "danger"}
                pendingText="Saving…"
              />
            </div>
          )}
          {self ? null : (
            <div className="space-y-1">
              <p className="text-sm text-slate-600">Ends their sessions on every device; they are told an admin signed them out and can sign in again.</p>
              <AdminActionForm
                action={endUserSessionsAction}
                fields={{ userId: user.id }}
                label="Sign out of every device"
                variant="secondary"
                pendingText="Signing out…"
              />
            </div>
          )}
          <div className="space-y-1">
            <p className="text-sm text-slate-600">Checks their alerts and watches now and writes today's digest; a digest already sent today is never sent twice.</p>
            <AdminActionForm action={runDailyCheckNowAction} fields={{ userId: user.id }} label="Run daily check for this user" pendingText="Starting…" />
          </div>
          {confirmed ? null : (
            <div className="space-y-1">
              <p className="text-sm text-slate-600">The link in the first email may be lost or expired.</p>
              <AdminActionForm action={resendConfirmationAction} fields={{ userId: user.id }} label="Resend confirmation email" pendingText="Sending…" />
            </div>
          )}
        </div>
      </Card>

      <Card className="space-y-3 p-4 sm:p-6" aria-label="Mapper alerts">
        <CardTitle>Mapper alerts ({user.mapperAlerts.length})</CardTitle>
        {user.mapperAlerts.length === 0 ? (
          <p className="text-sm text-slate-600">No mapper alert.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {user.mapperAlerts.map((alert) => (
              <li key={alert.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between">
                <div>
                  <p className="font-medium text-slate-900">{alert.mapperDisplayName}</p>
                  <p className="text-sm text-slate-600">
                    {alert._count.maps} map{alert._count.maps === 1 ? "" : "s"} · {alert.mode === "POSITION" ? "position mode" : "accurate mode"}
                    {alert.modeChosenByUser ? " (chosen)" : " (automatic)"}
                  </p>
                </div>
                <AdminActionForm action={setUserAlertModeAction} fields={{ alertId: alert.id }} label="Switch" pendingText="Saving…">
                  <label className="sr-only" htmlFor={`mode-${alert.id}`}>
                    Check mode for {alert.mapperDisplayName}
                  </label>
                  <select
                    id={`mode-${alert.id}`}
                    name="mode"
                    defaultValue={alert.modeChosenByUser ? alert.mode : "AUTO"}
                    className="h-8 rounded-lg border border-slate-300 bg-white px-2 text-sm"
                  >
                    <option value="AUTO">Automatic</option>
                    <option value="ACCURATE">Accurate</option>
                    <option value="POSITION">Position</option>
                  </select>
                </AdminActionForm>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card className="space-y-3 p-4 sm:p-6" aria-label="Driver watches">
        <CardTitle>Driver watches ({user.driverWatches.length})</CardTitle>
        {user.driverWatches.length === 0 ? (
          <p className="text-sm text-slate-600">No driver watch.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {user.driverWatches.map((watch) => (
              <li key={watch.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                <Link className="min-w-0 truncate font-medium text-brand-700 hover:underline" href={`/maps/${encodeURIComponent(watch.map.uid)}`}>
                  {watch.map.name}
                </Link>
                <span className="flex flex-wrap items-center gap-2 text-slate-600 tabular-nums">
                  {watch.lastScore !== null ? formatRaceTime(watch.lastScore) : "no time"}
                  {watch.lastPosition !== null ? ` · #${watch.lastPosition.toLocaleString("en-GB")}` : ""}
                  <span>
                    · tells when {CONDITION_LABELS[watch.condition]}
                    {watch.condition === "LEFT_TOP_N" && watch.topN ? ` ${watch.topN.toLocaleString("en-GB")}` : ""}
                  </span>
                  {watch.status === "INACTIVE" ? <Badge>paused</Badge> : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card className="space-y-3 p-4 sm:p-6" aria-label="Last digests">
        <CardTitle>Last digests</CardTitle>
        {user.digests.length === 0 ? (
          <p className="text-sm text-slate-600">No digest yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {user.digests.map((digest) => (
              <li key={digest.id} className="space-y-1 py-2">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-medium tabular-nums text-slate-900">{digest.day}</span>
                  <span className="flex items-center gap-2 text-slate-600">
                    {digest.recordCount} record{digest.recordCount === 1 ? "" : "s"}
                    <DigestStatusBadge status={digest.status} />
                  </span>
                </div>
                {digest.sentAt ? <p className="text-slate-500">Sent {dateTime.format(digest.sentAt)} UTC</p> : null}
                {digest.error ? <p className="text-red-700">{digest.error}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
