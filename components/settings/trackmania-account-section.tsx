import { Badge } from "@/components/ui/badge";
import { SubmitButton } from "@/components/ui/submit-button";
import { linkTrackmaniaAction } from "@/lib/actions/settings";
import type { AccountSettings } from "@/lib/settings";
import { SettingsSection } from "./settings-section";
import { TrackmaniaNameForm, UnlinkTrackmaniaForm } from "./trackmania-forms";

/** `?trackmania=` values the Trackmania round trip comes back with (lib/auth/trackmania-provider.ts). */
export type TrackmaniaOutcome = "linked" | "taken" | "expired";

function OutcomeNotice({ outcome, linkedName }: { outcome?: TrackmaniaOutcome; linkedName?: string | null }) {
  if (!outcome) return null;
  if (outcome === "linked") {
    return (
      <p role="status" className="mb-4 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
        Linked{linkedName ? ` ${linkedName}` : ""}. Trackmania confirmed the account is yours.
      </p>
    );
  }
  const message =
    outcome === "taken"
      ? "That Trackmania account is already linked to another Trackwatch account. Unlink it there first (or sign in to that account with Trackmania)."
      : "The link request expired or was already used. Nothing changed — try linking again.";
  return (
    <p role="alert" className="mb-4 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </p>
  );
}

function LinkButton({ label }: { label: string }) {
  return (
    <form action={linkTrackmaniaAction}>
      <SubmitButton pendingText="Opening Trackmania…">{label}</SubmitButton>
    </form>
  );
}

export function TrackmaniaAccountSection({
  trackmania,
  outcome,
}: {
  trackmania: AccountSettings["trackmania"];
  outcome?: TrackmaniaOutcome;
}) {
  const name = trackmania?.displayName ?? trackmania?.accountId ?? null;
  return (
    <SettingsSection
      id="trackmania"
      title="Trackmania account"
      description="Linking signs you in to Trackmania once to prove the account is yours. Then you can also sign in to Trackwatch with Trackmania."
    >
      <OutcomeNotice outcome={outcome} linkedName={trackmania?.verified ? name : null} />
      {trackmania?.verified ? (
        <div className="space-y-4">
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-800" data-testid="trackmania-account">
            <span className="font-semibold">{name}</span>
            <Badge tone="success">Verified</Badge>
            <span className="text-xs text-slate-500">{trackmania.accountId}</span>
          </p>
          <UnlinkTrackmaniaForm label="Unlink Trackmania account" />
        </div>
      ) : (
        <div className="space-y-6">
          {trackmania ? (
            <div className="space-y-2">
              <p className="flex flex-wrap items-center gap-2 text-sm text-slate-800" data-testid="trackmania-account">
                <span className="font-semibold">{name}</span>
                <Badge tone="warning">Unverified</Badge>
                <span className="text-xs text-slate-500">{trackmania.accountId}</span>
              </p>
              <p className="text-sm text-slate-600">
                You typed this name; nothing proves the account is yours yet. Link it to verify it.
              </p>
            </div>
          ) : (
            <p className="text-sm text-slate-600">No Trackmania account yet.</p>
          )}
          <div className="flex flex-wrap items-center gap-3">
            <LinkButton label="Link Trackmania account" />
            {trackmania ? <UnlinkTrackmaniaForm label="Remove name" /> : null}
          </div>
          <div className="border-t border-slate-100 pt-5">
            <TrackmaniaNameForm current={trackmania?.displayName ?? null} />
          </div>
        </div>
      )}
    </SettingsSection>
  );
}
