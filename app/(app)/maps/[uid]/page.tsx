import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ChartCard } from "@/components/charts/chart-card";
import { TopTimesChart } from "@/components/charts/top-times-chart";
import { WorldRecordChart } from "@/components/charts/world-record-chart";
import { MapHeader } from "@/components/maps/map-header";
import { TopTimesTable } from "@/components/maps/top-times-table";
import { requireUserPage } from "@/lib/auth/session";
import { getMapCharts } from "@/lib/history";
import { readPathParams } from "@/lib/http";
import { mapUidSchema } from "@/lib/watches";

export const metadata: Metadata = { title: "Map" };

export default async function MapPage({ params }: { params: Promise<{ uid: string }> }) {
  const parsed = mapUidSchema.safeParse((await readPathParams(params)).uid);
  // Not a map uid at all: the same not-found as a map Trackwatch has never stored.
  if (!parsed.success) notFound();
  const uid = parsed.data;
  const user = await requireUserPage(`/maps/${encodeURIComponent(uid)}`);
  const charts = await getMapCharts(user, uid);
  if (!charts) notFound();
  const { map, timeZone } = charts;

  return (
    <>
      <MapHeader map={map} timeZone={timeZone} />
      {map.checkedAt === null && charts.topTimes.length === 0 ? (
        <p role="note" className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-8 text-center text-sm text-slate-600" data-testid="map-never-read">
          Trackwatch has not read this map&apos;s leaderboard yet. Its charts appear after the first daily check that reads it.
        </p>
      ) : (
        <div className="space-y-8">
          <div className="grid gap-6 lg:grid-cols-2">
            <ChartCard>
              <WorldRecordChart steps={charts.worldRecords} until={map.checkedAt} timeZone={timeZone} />
            </ChartCard>
            <ChartCard>
              <TopTimesChart times={charts.topTimes} timeZone={timeZone} />
            </ChartCard>
          </div>
          <section aria-labelledby="top-heading" className="space-y-3">
            <h2 id="top-heading" className="text-base font-semibold text-slate-900">
              Current top 10
            </h2>
            <TopTimesTable times={charts.topTimes} timeZone={timeZone} />
            {charts.undatedRecords > 0 ? (
              <p className="text-xs text-slate-500">
                {charts.undatedRecords} {charts.undatedRecords === 1 ? "record" : "records"} on the board had no date when Trackwatch first read it: they are left off the time lines.
              </p>
            ) : null}
          </section>
        </div>
      )}
    </>
  );
}
