import Form from "next/form";
import { Button } from "@/components/ui/button";
import { ALERT_MAPS_FILTER_MAX, type AlertMapSort, type AlertMapsQuery } from "@/lib/alerts";

const sortChoices: { value: AlertMapSort; label: string }[] = [
  { value: "activity", label: "Latest record" },
  { value: "wr", label: "Newest world record" },
  { value: "name", label: "Name (A–Z)" },
  { value: "uploaded", label: "Newest upload" },
];

const controlClass =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-200";

/**
 * Finding maps in a big alert: a plain GET form, so every view is a link and works without
 * JavaScript (next/form navigates in place when it runs). Applying it starts again at page 1.
 */
export function AlertMapsToolbar({ alertId, query, withNews }: { alertId: string; query: AlertMapsQuery; withNews: number }) {
  return (
    <Form
      action={`/alerts/${encodeURIComponent(alertId)}`}
      // Uncontrolled fields keep what was typed: remount them when the address says something else.
      key={`${query.sort}|${query.q}|${query.news}`}
      aria-label="Find maps"
      className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1 space-y-1.5">
          <label htmlFor="maps-q" className="block text-sm font-medium text-slate-800">
            Filter by name
          </label>
          <input
            id="maps-q"
            name="q"
            type="search"
            defaultValue={query.q}
            maxLength={ALERT_MAPS_FILTER_MAX}
            placeholder="Part of a map name"
            className={controlClass}
          />
        </div>
        <div className="space-y-1.5 sm:w-52">
          <label htmlFor="maps-sort" className="block text-sm font-medium text-slate-800">
            Sort by
          </label>
          <select id="maps-sort" name="sort" defaultValue={query.sort} className={controlClass}>
            {sortChoices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <label className="flex items-start gap-2 text-sm text-slate-800">
          <input type="checkbox" name="news" value="1" defaultChecked={query.news} className="mt-0.5 size-4 shrink-0 accent-brand-600" />
          <span>
            Only maps with news since my last digest <span className="text-slate-500">({withNews})</span>
          </span>
        </label>
        <Button type="submit" variant="secondary" className="sm:shrink-0">
          Show maps
        </Button>
      </div>
    </Form>
  );
}
