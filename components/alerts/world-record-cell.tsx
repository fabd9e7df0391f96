import { previewWorldRecord, type WorldRecordPreview } from "@/lib/alerts";
import { formatRaceTime } from "@/lib/format/race-time";

/** The world record and its holder; "no records yet" on an empty board. */
export function WorldRecord({ record }: { record: WorldRecordPreview }) {
  if (!record) return <span className="text-slate-500">No records yet</span>;
  return (
    <span>
      <span className="font-mono font-semibold text-slate-900">{formatRaceTime(record.score)}</span>
      <span className="block text-xs text-slate-600">{record.displayName}</span>
    </span>
  );
}

/** For maps no run has checked yet: asks Trackmania for the leader (cached), streamed in when known. */
export async function LazyWorldRecord({ mapUid }: { mapUid: string }) {
  try {
    return <WorldRecord record={await previewWorldRecord(mapUid)} />;
  } catch {
    return <span className="text-slate-500">Known after the first check</span>;
  }
}
