import type { Metadata } from "next";
import { AppConfigForm } from "@/components/admin/app-config-form";
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
  const { config, updatedBy } = await getAppConfigForAdmin(admin);
  return (
    <>
      <PageHeader
        title="Limits"
        description="Site-wide limits, enforced on the server. Changes apply to new alerts and to the next daily check: lowering a limit never deletes anyone's existing alerts or watches."
      />
      <Card className="space-y-5">
        <p className="text-sm text-slate-600" data-testid="app-config-saved">
          {config.updatedById
            ? `Last saved ${savedFormat.format(config.updatedAt)} UTC${updatedBy ? ` by ${updatedBy.email}` : ""}.`
            : "These are the defaults: no admin has changed them yet."}
        </p>
        <AppConfigForm config={editableValues(config)} />
      </Card>
    </>
  );
}
