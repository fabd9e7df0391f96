import type { AlertMapWorldRecord } from "@/lib/alerts";
import { formatRaceTime } from "@/lib/format/race-time";
import { formatDay } from "./describe";

/**
 * A map's world record and its holder, "No records yet" on an empty board, or a plain word when
 * Trackmania has not answered in time (the page asks again on the next view).
 */
export function WorldRecordCell({ worldRecord, timeZone }: { worldRecord: AlertMapWorldRecord; timeZone: string }) {
  if (!worldRecord.known) {
    return (
      <span className="text-slate-500">
        Not known yet
        <span className="block text-xs">Still asking Trackmania: it shows on your next visit.</span>
      </span>
    );
  }
  const { record } = worldRecord;
  if (!record) return <span className="text-slate-500">No records yet</span>;
  return (
    <span>
      <span className="font-mono font-semibold text-slate-900">{formatRaceTime(record.score)}</span>
      <span className="block text-xs text-slate-600">{record.displayName}</span>
      {record.drivenAt ? <span className="block text-xs text-slate-500">set {formatDay(record.drivenAt, timeZone)}</span> : null}
    </span>
  );
}
