import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { AlertList } from "@/components/alerts/alert-list";
import { NewAlertForm } from "@/components/alerts/new-alert-form";
import { Card, CardTitle } from "@/components/ui/card";
import { listMapperAlerts } from "@/lib/alerts";
import { requireUserPage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Mapper alerts" };

export default async function MapperAlertsPage() {
  const user = await requireUserPage("/alerts");
  const { alerts, used, limit, linkedAccount, timezone } = await listMapperAlerts(user);
  const limitReached = used >= limit;
  return (
    <>
      <PageHeader
        title="Mapper alerts"
        description="Watch every map a mapper built — yours or anyone's — and hear about each new record in your daily digest."
        actions={
          <p className="text-sm font-medium text-slate-700" data-testid="alert-usage">
            {used} of {limit} alerts used
          </p>
        }
      />
      <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
        <section aria-labelledby="your-alerts" className="space-y-3">
          <h2 id="your-alerts" className="text-base font-semibold text-slate-900">
            Your alerts
          </h2>
          <AlertList alerts={alerts} timezone={timezone} />
        </section>
        <Card className="h-fit space-y-4">
          <CardTitle>New alert</CardTitle>
          {limitReached ? (
            <p className="text-sm text-slate-700">
              You use all {limit} of your mapper alerts. Delete one to watch another mapper.
            </p>
          ) : (
            <NewAlertForm linkedAccount={linkedAccount} />
          )}
        </Card>
      </div>
    </>
  );
}
