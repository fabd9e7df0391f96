import { buttonClasses } from "@/components/ui/button";
import { SettingsSection } from "./settings-section";
import { DeleteAccountForm } from "./delete-account-form";

export function ExportDataSection() {
  return (
    <SettingsSection
      id="export"
      title="Your data"
      description="Download everything Trackwatch keeps about you as JSON: profile, alerts and their maps, watches, digests, notifications and feedback. Passwords and tokens are never included."
    >
      {/* A plain link: the browser saves the attachment, no script needed. */}
      <a href="/api/account/export" download className={buttonClasses("secondary")}>
        Export my data
      </a>
    </SettingsSection>
  );
}

export function DeleteAccountSection({ email }: { email: string }) {
  return (
    <SettingsSection id="delete" title="Delete account" tone="danger">
      <DeleteAccountForm email={email} />
    </SettingsSection>
  );
}
