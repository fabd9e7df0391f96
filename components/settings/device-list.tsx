import { Badge } from "@/components/ui/badge";
import { endDeviceAction, endOtherDevicesAction } from "@/lib/actions/devices";
import type { DeviceView } from "@/lib/sessions";
import { DeviceSignOutForm } from "./device-sign-out-form";

const METHOD_LABELS: Record<DeviceView["method"], string> = { password: "email and password", trackmania: "Trackmania" };

/** "just now" below five minutes: last-seen is only written that often (lib/sessions). */
function lastActive(at: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - at.getTime()) / 60_000);
  if (minutes < 5) return "active now";
  const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  if (minutes < 60) return `last active ${relative.format(-minutes, "minute")}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `last active ${relative.format(-hours, "hour")}`;
  return `last active ${relative.format(-Math.floor(hours / 24), "day")}`;
}

/** Where the user is signed in: this device first, then the others, newest sign-in first, each with its sign-out. */
export function DeviceList({ devices, timeZone, now = new Date() }: { devices: DeviceView[]; timeZone: string; now?: Date }) {
  const signedInAt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
  const others = devices.filter((device) => !device.current).length;
  return (
    <div className="space-y-4">
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Signed-in devices">
        {devices.map((device) => (
          <li key={device.sessionId} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0 space-y-1">
              <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                <span className="break-words">{device.device}</span>
                {device.current ? <Badge tone="info">This device</Badge> : null}
              </p>
              <p className="text-sm text-slate-600">
                Signed in with {METHOD_LABELS[device.method]} on <time dateTime={device.signedInAt.toISOString()}>{signedInAt.format(device.signedInAt)}</time>
                {" · "}
                <time dateTime={device.lastSeenAt.toISOString()}>{device.current ? "active now" : lastActive(device.lastSeenAt, now)}</time>
              </p>
            </div>
            {device.current ? (
              <p className="text-sm text-slate-500 sm:text-right">To sign out here, use Sign out at the top of the page.</p>
            ) : (
              <DeviceSignOutForm action={endDeviceAction} sessionId={device.sessionId} label="Sign out" accessibleLabel={`Sign out ${device.device}`} />
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <div className="space-y-2">
          <p className="text-sm text-slate-600">
            Don&apos;t recognise a device? Sign it out, then change your password. This signs out {others === 1 ? "the other device" : `all ${others} other devices`} and keeps you signed in here.
          </p>
          <DeviceSignOutForm action={endOtherDevicesAction} label="Sign out everywhere else" />
        </div>
      ) : (
        <p className="text-sm text-slate-600">You are not signed in anywhere else.</p>
      )}
    </div>
  );
}
