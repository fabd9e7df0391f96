import { Card, CardTitle } from "@/components/ui/card";
import type { AppConfigChangeView } from "@/lib/app-config";
import { appConfigLabel, appConfigValueLabel } from "./app-config-labels";

const changedFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** The latest changes to the limits, newest first: what, from and to, who and when. */
export function AppConfigChangeLog({ changes }: { changes: AppConfigChangeView[] }) {
  return (
    <Card className="space-y-3 p-4 sm:p-6" aria-label="Change log">
      <CardTitle>Change log</CardTitle>
      {changes.length === 0 ? (
        <p className="text-sm text-slate-600">No limit has been changed yet.</p>
      ) : (
        <ol className="divide-y divide-slate-100 text-sm">
          {changes.map((change) => (
            <li key={change.id} className="flex flex-col gap-0.5 py-2 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
              <span>
                <span className="font-medium text-slate-900">{appConfigLabel(change.field)}</span>{" "}
                <span className="tabular-nums text-slate-700">
                  {appConfigValueLabel(change.field, change.oldValue)} → {appConfigValueLabel(change.field, change.newValue)}
                </span>
              </span>
              <span className="text-slate-500">
                {change.changedBy ?? "a former admin"}, {changedFormat.format(change.changedAt)} UTC
              </span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
