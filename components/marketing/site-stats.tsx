import { getPublicStats } from "@/lib/stats";

const count = new Intl.NumberFormat("en-US");

/**
 * Site totals under the hero. Hidden while all are zero: a fresh site has nothing worth showing
 * and a row of zeros reads as broken.
 */
export async function SiteStats() {
  const stats = await getPublicStats();
  if (stats.users === 0 && stats.mapsWatched === 0 && stats.recordsReported === 0) return null;
  const items = [
    { value: stats.users, label: stats.users === 1 ? "player signed up" : "players signed up" },
    { value: stats.mapsWatched, label: stats.mapsWatched === 1 ? "map watched" : "maps watched" },
    { value: stats.recordsReported, label: stats.recordsReported === 1 ? "record reported in digests" : "records reported in digests" },
  ];
  return (
    <section aria-label="Trackwatch in numbers" className="border-b border-slate-200 bg-white">
      <dl className="mx-auto grid max-w-6xl grid-cols-3 gap-3 px-4 py-6 text-center">
        {items.map((item) => (
          <div key={item.label} className="flex flex-col-reverse">
            <dt className="text-xs text-slate-600 sm:text-sm">{item.label}</dt>
            <dd className="text-xl font-bold tabular-nums text-slate-900 sm:text-2xl">{count.format(item.value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
