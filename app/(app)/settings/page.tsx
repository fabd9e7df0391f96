import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { PageHeader } from "@/components/app/page-header";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { SignOutEverywhereForm } from "@/components/auth/sign-out-everywhere-form";
import { DeleteAccountSection, ExportDataSection } from "@/components/settings/account-data-section";
import { DigestSettingsForm } from "@/components/settings/digest-settings-form";
import { ProfileForm } from "@/components/settings/profile-form";
import { SettingsSection } from "@/components/settings/settings-section";
import { TrackmaniaAccountSection } from "@/components/settings/trackmania-account-section";
import { requireUserPage } from "@/lib/auth/session";
import { readSearchParams } from "@/lib/http";
import { listDevices } from "@/lib/sessions";
import { getSettings } from "@/lib/settings";
import { currentTimeZoneName, listTimeZones } from "@/lib/time-zones";

export const metadata: Metadata = { title: "Settings" };

const searchSchema = z.object({
  // Set by the Trackmania round trip (lib/auth/trackmania-provider.ts); anything else is ignored.
  trackmania: z.enum(["linked", "taken", "expired"]).optional().catch(undefined),
});

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUserPage("/settings");
  const [settings, search, devices] = await Promise.all([getSettings(user), searchParams, listDevices(user)]);
  const deviceCount = devices.length;
  const { trackmania: outcome } = searchSchema.parse(readSearchParams(search, ["trackmania"]));
  return (
    <>
      <PageHeader title="Settings" description="Your name, Trackmania account, email digest, password and data." />
      <div className="max-w-3xl space-y-6">
        <SettingsSection id="profile" title="Profile">
          <ProfileForm name={settings.name} email={settings.email} />
        </SettingsSection>

        <TrackmaniaAccountSection trackmania={settings.trackmania} outcome={outcome} />

        <SettingsSection
          id="email"
          title="Email digest"
          description={
            settings.emailVerified ? (
              "One email a day at most, at the hour you pick, only when something happened."
            ) : (
              <span className="text-amber-800">
                Confirm your email address first: digests are only sent to confirmed addresses.{" "}
                <Link href="/verify-email" className="font-medium underline">
                  Send a new link
                </Link>
              </span>
            )
          }
        >
          <DigestSettingsForm
            emailNotifications={settings.emailNotifications}
            reportOwnImprovements={settings.reportOwnImprovements}
            digestHour={settings.digestHour}
            timezone={currentTimeZoneName(settings.timezone)}
            timeZones={listTimeZones()}
          />
        </SettingsSection>

        <SettingsSection id="password" title="Password" description="Changing it keeps you signed in here and signs out every other device.">
          <ChangePasswordForm />
        </SettingsSection>

        <SettingsSection id="sessions" title="Devices" description="Where your account is signed in.">
          <div className="space-y-4">
            <p className="text-sm text-slate-700">
              {deviceCount <= 1 ? "You are signed in on this device only." : `You are signed in on ${deviceCount} devices.`}{" "}
              <Link href="/settings/devices" className="font-medium text-brand-700 underline">
                See your devices and sign them out
              </Link>
            </p>
            <SignOutEverywhereForm />
          </div>
        </SettingsSection>
        <ExportDataSection />
        <DeleteAccountSection email={settings.email} />
      </div>
    </>
  );
}
