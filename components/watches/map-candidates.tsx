import { formatDay } from "@/components/alerts/describe";
import { SubmitButton } from "@/components/ui/submit-button";
import type { MapCandidate } from "@/lib/watches";
import type { LookupAction } from "./find-map-form";

/**
 * Maps found by a search or a mapper's listing, each with a posted "Preview": a preview reads the user's
 * time from Trackmania, so it is never a link. `mapper` names the listing they come from, which the
 * preview then shows again from the shared cache.
 */
export function MapCandidates({
  candidates,
  label,
  timeZone,
  action,
  mapper,
}: {
  candidates: MapCandidate[];
  label: string;
  timeZone: string;
  action: LookupAction;
  mapper?: string;
}) {
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
          <form action={action} className="shrink-0">
            <input type="hidden" name="intent" value="preview" />
            <input type="hidden" name="mapUid" value={candidate.uid} />
            {mapper ? <input type="hidden" name="listedMapper" value={mapper} /> : null}
            {/* The preview asks Trackmania for the user's time: a few seconds on the real services. */}
            <SubmitButton variant="secondary" size="sm" pendingText="Reading…" aria-label={`Preview ${candidate.name}`}>
              Preview
            </SubmitButton>
          </form>
        </li>
      ))}
    </ul>
  );
}
