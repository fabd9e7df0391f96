import { formatRaceTime } from "@/lib/format/race-time";

const medals = [
  { key: "authorTime", label: "Author", dot: "bg-emerald-600" },
  { key: "goldTime", label: "Gold", dot: "bg-amber-400" },
  { key: "silverTime", label: "Silver", dot: "bg-slate-400" },
  { key: "bronzeTime", label: "Bronze", dot: "bg-orange-700" },
] as const;

export type MedalTimesValue = { authorTime: number; goldTime: number; silverTime: number; bronzeTime: number };

/** A map's four medal times, as the game shows them. */
export function MedalTimes({ times }: { times: MedalTimesValue }) {
  return (
    <dl className="grid grid-cols-[auto_auto] gap-x-2 gap-y-0.5 text-xs">
      {medals.map((medal) => (
        <div key={medal.key} className="contents">
          <dt className="flex items-center gap-1 text-slate-600">
            <span aria-hidden className={`inline-block size-2 rounded-full ${medal.dot}`} />
            {medal.label}
          </dt>
          <dd className="font-mono text-slate-900">{formatRaceTime(times[medal.key])}</dd>
        </div>
      ))}
    </dl>
  );
}
