import type { Metadata } from "next";
import { AppConfigChangeLog } from "@/components/admin/app-config-change-log";
import { AppConfigForm } from "@/components/admin/app-config-form";
import { appConfigValueLabel } from "@/components/admin/app-config-labels";
import { PageHeader } from "@/components/app/page-header";
import { Card } from "@/components/ui/card";
import { APP_CONFIG_FIELDS, getAppConfigForAdmin, type AppConfig, type AppConfigValues } from "@/lib/app-config";
import { requireAdminPage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Limits" };

const savedFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** The editable fields only: the form (a client component) gets nothing else of the row. */
function editableValues(config: AppConfig): AppConfigValues {
  return Object.fromEntries(APP_CONFIG_FIELDS.map((field) => [field, config[field]])) as AppConfigValues;
}

export default async function AppConfigPage() {
  const admin = await requireAdminPage("/admin/config");
  const { config, updatedBy, lastChangeByField, recentChanges } = await getAppConfigForAdmin(admin);
  const lastChanges = Object.fromEntries(
    Object.entries(lastChangeByField).map(([field, change]) => [
      field,
      `Changed ${savedFormat.format(change.changedAt)} UTC by ${change.changedBy ?? "a former admin"}, from ${appConfigValueLabel(field, change.oldValue)}.`,
    ]),
  );
  return (
    <>
      <PageHeader
        title="Limits"
        description="Site-wide limits, enforced on the server. Changes apply to new alerts and to the next daily check: lowering a limit never deletes anyone's existing alerts or watches."
      />
      <div className="space-y-6">
        <Card className="space-y-5 p-4 sm:p-6">
          <p className="text-sm text-slate-600" data-testid="app-config-saved">
            {config.updatedById
              ? `Last saved ${savedFormat.format(config.updatedAt)} UTC${updatedBy ? ` by ${updatedBy.email}` : ""}.`
              : "These are the defaults: no admin has changed them yet."}
          </p>
          <AppConfigForm config={editableValues(config)} lastChanges={lastChanges} />
        </Card>
        <AppConfigChangeLog changes={recentChanges} />
      </div>
    </>
  );
}
