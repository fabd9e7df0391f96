import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { digestStatusLabel } from "@/components/history/digest-status-badge";
import type { ActingUser } from "@/lib/actor";
import { getProfile } from "@/lib/users";

export async function Dashboard({ user }: { user: ActingUser }) {
  const profile = await getProfile(user);
  const latest = profile.digests[0];
  return (
    <div className="grid gap-6 md:grid-cols-3">
      <Card>
        <CardTitle>Trackmania account</CardTitle>
        {profile.tmAccountId ? (
          <p className="mt-2 text-slate-700">
            {profile.tmDisplayName}{" "}
            <Badge tone={profile.tmVerified ? "success" : "warning"}>{profile.tmVerified ? "verified" : "unverified"}</Badge>
          </p>
        ) : (
          <p className="mt-2 text-sm text-slate-600">
            Not linked yet. <Link className="font-medium text-brand-700 hover:underline" href="/settings">Link it in settings</Link> so
            Trackwatch can find your maps and times.
          </p>
        )}
      </Card>
      <Card>
        <CardTitle>Watching</CardTitle>
        <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
          <dt className="text-slate-500">Mapper alerts</dt>
          <dd className="text-right font-semibold">{profile._count.mapperAlerts}</dd>
          <dt className="text-slate-500">Driver watches</dt>
          <dd className="text-right font-semibold">{profile._count.driverWatches}</dd>
        </dl>
      </Card>
      <Card>
        <CardTitle>Daily digest</CardTitle>
        <p className="mt-2 text-sm text-slate-600">
          {profile.emailNotifications
            ? `Due at ${String(profile.digestHour).padStart(2, "0")}:00 (${profile.timezone}).`
            : `Email notifications are off: your maps are still checked at ${String(profile.digestHour).padStart(2, "0")}:00 (${profile.timezone}) and each digest is kept in your history.`}
        </p>
        <p className="mt-2 text-sm text-slate-600">
          {latest ? `Last: ${latest.day} — ${digestStatusLabel(latest.status)}` : "No digest yet."}
        </p>
      </Card>
    </div>
  );
}
