import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { PageHeader } from "@/components/app/page-header";
import { DeviceList } from "@/components/settings/device-list";
import { requireUserPage } from "@/lib/auth/session";
import { readSearchParams } from "@/lib/http";
import { listDevices, MAX_SESSIONS_PER_USER } from "@/lib/sessions";
import { getSettings } from "@/lib/settings";
import { worksWithIntl } from "@/lib/time-zones";

export const metadata: Metadata = { title: "Devices" };

const searchSchema = z.object({
  // Set by the sign-out actions (lib/actions/devices.ts) once they have ended sessions.
  "signed-out": z.coerce.number().int().min(0).max(MAX_SESSIONS_PER_USER).optional().catch(undefined),
});

function signedOutNotice(count: number): string {
  if (count === 0) return "No other device was signed in.";
  return count === 1 ? "Signed out. That device must sign in again." : `Signed out of ${count} devices. They must sign in again.`;
}

export default async function DevicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUserPage("/settings/devices");
  const [devices, settings, search] = await Promise.all([listDevices(user), getSettings(user), searchParams]);
  const { "signed-out": signedOut } = searchSchema.parse(readSearchParams(search, ["signed-out"]));
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings" className="font-medium text-brand-700 hover:underline">
          ← Settings
        </Link>
      </p>
      <PageHeader
        title="Devices"
        description={`Where your account is signed in. Up to ${MAX_SESSIONS_PER_USER} devices at once: a new sign-in past that signs out the oldest.`}
      />
      <div className="max-w-3xl space-y-4">
        {signedOut === undefined ? null : (
          <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            {signedOutNotice(signedOut)}
          </div>
        )}
        <DeviceList devices={devices} timeZone={worksWithIntl(settings.timezone) ? settings.timezone : "UTC"} />
      </div>
    </>
  );
}
