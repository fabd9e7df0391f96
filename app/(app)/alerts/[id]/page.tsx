import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app/page-header";
import { AlertActivity } from "@/components/alerts/alert-activity";
import { AlertFilterForm } from "@/components/alerts/alert-filter-form";
import { AlertMapsList } from "@/components/alerts/alert-maps-list";
import { AlertModeForm } from "@/components/alerts/alert-mode-form";
import { DeleteAlertForm } from "@/components/alerts/delete-alert-form";
import { describeFilter, describeMode, formatInstant, positionModeCaveat } from "@/components/alerts/describe";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { getMapperAlert, listAlertMapUids, parseAlertMapsQuery } from "@/lib/alerts";
import { getAppConfig } from "@/lib/app-config";
import { requireUserPage } from "@/lib/auth/session";
import { readPathParams, readSearchParams } from "@/lib/http";
import { activityPeriodSchema, activitySince, getMapperActivity } from "@/lib/history";

export const metadata: Metadata = { title: "Mapper alert" };

export default async function MapperAlertPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ id }, raw] = await Promise.all([readPathParams(params), searchParams]);
  const user = await requireUserPage(`/alerts/${encodeURIComponent(id)}`);
  const search = readSearchParams(raw, ["sort", "q", "news", "page", "activity"]);
  // A malformed parameter falls back to its default and is named on the page, never a failure.
  const { query, ignored } = parseAlertMapsQuery(search);
  const period = activityPeriodSchema.parse(search.activity);
  const [detail, limits, activity] = await Promise.all([
    getMapperAlert(user, id, query),
    getAppConfig(),
    listAlertMapUids(user, id).then((mapUids) => (mapUids ? getMapperActivity(user, { mapUids, since: activitySince(period) }) : null)),
  ]);
  if (!detail || !activity) notFound();
  const { alert, timezone } = detail;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/alerts" className="font-medium text-brand-700 hover:underline">
          ← All mapper alerts
        </Link>
      </p>
      <PageHeader
        title={alert.mapperDisplayName}
        description={
          <>
            {alert.mapCount} {alert.mapCount === 1 ? "map" : "maps"} · {describeFilter(alert.recordFilter, alert.topN)} · last checked{" "}
            {formatInstant(alert.lastCheckedAt, timezone)}
          </>
        }
        actions={
          // In the header's stacked (phone) layout a flex item would stretch across the screen.
          <Badge tone={alert.mode === "ACCURATE" ? "info" : "warning"} className="self-start sm:self-auto" data-testid="alert-mode">
            {describeMode(alert.mode)} mode{alert.modeChosenByUser ? "" : " (auto)"}
          </Badge>
        }
      />
      {alert.mode === "POSITION" ? (
        <p role="note" className="mb-6 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {positionModeCaveat(limits.accurateDepth)}
        </p>
      ) : null}
      <div className="grid gap-8 lg:grid-cols-[1fr_20rem]">
        <section aria-labelledby="maps-heading" className="min-w-0 space-y-3">
          <h2 id="maps-heading" className="text-base font-semibold text-slate-900">
            Maps
          </h2>
          <AlertMapsList detail={detail} ignored={ignored} />
        </section>
        <div className="min-w-0 space-y-6">
          <Card className="space-y-4">
            <CardTitle>Which records</CardTitle>
            <AlertFilterForm alertId={alert.id} recordFilter={alert.recordFilter} topN={alert.topN} />
          </Card>
          <Card className="space-y-4">
            <CardTitle>How it is checked</CardTitle>
            <AlertModeForm
              alertId={alert.id}
              mode={alert.mode}
              modeChosenByUser={alert.modeChosenByUser}
              automaticMode={alert.automaticMode}
              positionModeThreshold={alert.positionModeThreshold}
              accurateDepth={limits.accurateDepth}
            />
          </Card>
          <Card>
            <DeleteAlertForm alertId={alert.id} mapperDisplayName={alert.mapperDisplayName} />
          </Card>
        </div>
      </div>
      <AlertActivity alertId={alert.id} query={detail.query} period={period} activity={activity} />
    </>
  );
}
