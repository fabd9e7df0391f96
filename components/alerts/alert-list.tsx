import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { MapperAlertSummary } from "@/lib/alerts";
import { describeFilter, describeMode, formatInstant } from "./describe";

/** The user's alerts, one row each, linking to the alert's maps and settings. */
export function AlertList({ alerts, timezone }: { alerts: MapperAlertSummary[]; timezone: string }) {
  if (alerts.length === 0) {
    return <p className="text-sm text-slate-600">No alerts yet. Create one to hear about every new record on a mapper&apos;s maps.</p>;
  }
  return (
    <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white shadow-sm" aria-label="Your mapper alerts">
      {alerts.map((alert) => (
        <li key={alert.id}>
          <Link href={`/alerts/${alert.id}`} className="flex flex-col gap-2 px-5 py-4 hover:bg-slate-50 sm:flex-row sm:items-center sm:justify-between">
            <div>
              <p className="font-semibold text-slate-900">{alert.mapperDisplayName}</p>
              <p className="text-sm text-slate-600">
                {alert.mapCount} {alert.mapCount === 1 ? "map" : "maps"}
                {alert.mutedCount > 0 ? ` (${alert.mutedCount} muted)` : ""} · {describeFilter(alert.recordFilter, alert.topN)}
              </p>
            </div>
            <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
              <Badge tone={alert.mode === "ACCURATE" ? "info" : "warning"}>
                {describeMode(alert.mode)} mode{alert.modeChosenByUser ? "" : " (auto)"}
              </Badge>
              <span>Last checked: {formatInstant(alert.lastCheckedAt, timezone)}</span>
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}
