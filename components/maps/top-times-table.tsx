import { formatDay } from "@/components/alerts/describe";
import { trackmaniaIoPlayerUrl } from "@/lib/digest";
import { formatGap, formatRaceTime } from "@/lib/format/race-time";
import type { TopTime } from "@/lib/history";

/** The current top 10 as Trackwatch last read it: position, driver (to their trackmania.io page), time, gap, date. */
export function TopTimesTable({ times, timeZone }: { times: TopTime[]; timeZone: string }) {
  if (times.length === 0) return <p className="text-sm text-slate-600">Nobody has a time on this map yet.</p>;
  const best = times[0]!.score;
  return (
    <ol className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white text-sm shadow-sm" aria-label="Current top 10">
      {times.map((time) => (
        <li key={time.accountId} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 px-4 py-2.5" data-testid="top-time">
          <span className="w-8 shrink-0 tabular-nums text-slate-500">#{time.position}</span>
          <a className="min-w-0 flex-1 break-all font-medium text-brand-700 hover:underline" href={trackmaniaIoPlayerUrl(time.accountId)} target="_blank" rel="noreferrer">
            {time.displayName}
          </a>
          <span className="font-mono font-semibold tabular-nums text-slate-900">{formatRaceTime(time.score)}</span>
          <span className="w-16 text-right font-mono text-xs tabular-nums text-slate-500">{time.score === best ? "WR" : formatGap(time.score - best)}</span>
          <span className="basis-full pl-11 text-xs text-slate-500 sm:basis-auto sm:pl-0">{time.drivenAt ? formatDay(time.drivenAt, timeZone) : "date unknown"}</span>
        </li>
      ))}
    </ol>
  );
}
