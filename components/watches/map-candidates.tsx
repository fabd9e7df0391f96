import { formatDay } from "@/components/alerts/describe";
import type { MapCandidate } from "@/lib/watches";
import { PreviewLink } from "./preview-link";

/** Maps found by a search or a mapper's catalogue, each with a link to its preview. */
export function MapCandidates({ candidates, label, timeZone }: { candidates: MapCandidate[]; label: string; timeZone: string }) {
  return (
    <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200 bg-white" aria-label={label}>
      {candidates.map((candidate) => (
        <li key={candidate.uid} className="flex items-center justify-between gap-3 px-3 py-2" data-testid="map-candidate">
          <div className="min-w-0">
            <p className="text-sm font-medium break-words text-slate-900">{candidate.name}</p>
            <p className="text-xs break-words text-slate-500">
              {[
                candidate.authors.length > 0 ? `by ${candidate.authors.join(", ")}` : null,
                candidate.tmxId ? `TMX #${candidate.tmxId}` : null,
                candidate.uploadedAt ? formatDay(candidate.uploadedAt, timeZone) : null,
              ]
                .filter(Boolean)
                .join(" · ")}
            </p>
          </div>
          <PreviewLink mapUid={candidate.uid} mapName={candidate.name} />
        </li>
      ))}
    </ul>
  );
}
