import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app/page-header";
import { SandboxClockForm } from "@/components/admin/sandbox-clock-form";
import { Card, CardTitle } from "@/components/ui/card";
import { requireAdminPage } from "@/lib/auth/session";
import { getSandboxClock } from "@/lib/daily-run";

export const metadata: Metadata = { title: "Sandbox" };

function ahead(ms: number): string {
  const hours = Math.round(ms / 3_600_000);
  if (hours === 0) return "in step with real time";
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return `${[days ? `${days} ${days === 1 ? "day" : "days"}` : "", rest ? `${rest} h` : ""].filter(Boolean).join(" ")} ahead of real time`;
}

export default async function SandboxPage() {
  const admin = await requireAdminPage("/admin/sandbox");
  // Only exists while the sandbox stands in for Trackmania's services.
  const clock = getSandboxClock(admin);
  if (!clock) notFound();
  return (
    <>
      <PageHeader
        title="Sandbox"
        description="The simulated Trackmania world this app talks to. Moving its clock forward makes new records appear, so the next daily check has something to report."
      />
      <Card className="space-y-4">
        <CardTitle>Sandbox clock</CardTitle>
        <dl className="grid grid-cols-[10rem_1fr] gap-y-1 text-sm">
          <dt className="text-slate-500">Sandbox time</dt>
          <dd data-testid="sandbox-now" className="tabular-nums">
            {clock.now.toISOString()}
          </dd>
          <dt className="text-slate-500">Real time</dt>
          <dd className="tabular-nums">{clock.realNow.toISOString()}</dd>
          <dt className="text-slate-500">Offset</dt>
          <dd>{ahead(clock.aheadMs)}</dd>
        </dl>
        <p className="text-sm text-slate-600">
          The daily run uses this clock: after advancing a day, &ldquo;Run daily check now&rdquo; on Daily runs writes the next day&apos;s digests. The
          offset lives in this server process and is lost on restart.
        </p>
        <SandboxClockForm />
      </Card>
    </>
  );
}
