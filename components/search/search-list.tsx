import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { MapSearchSummary } from "@/lib/search";
import { periodLabels } from "@/lib/search/periods";

const tones = { queued: "neutral", running: "info", done: "success", "no-player": "warning", failed: "danger" } as const;
const words = { queued: "Queued", running: "Running", done: "Done", "no-player": "No such player", failed: "Failed" } as const;

/** The user's recent searches, each linking to its page. */
export function SearchList({ searches }: { searches: MapSearchSummary[] }) {
  if (searches.length === 0) return <p className="text-sm text-slate-600">No searches yet. Your searches show here, running or done.</p>;
  return (
    <ul className="divide-y divide-slate-100" aria-label="Your searches">
      {searches.map((search) => (
        <li key={search.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
          <div className="min-w-0">
            <Link href={`/search/${search.id}`} className="font-medium text-brand-700 hover:underline">
              {search.mapperDisplayName ?? search.mapperName}
            </Link>
            <p className="text-xs text-slate-500">
              {periodLabels[search.period]}
              {search.progress.state === "done" ? ` · ${search.mapCount} maps` : ""}
              {search.progress.state === "running" ? ` · ${search.progress.label}` : ""}
            </p>
          </div>
          <Badge tone={tones[search.progress.state]}>{words[search.progress.state]}</Badge>
        </li>
      ))}
    </ul>
  );
}
