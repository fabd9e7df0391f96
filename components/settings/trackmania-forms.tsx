"use client";

import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { idleState } from "@/lib/actions/form-state";
import { setTrackmaniaNameAction, unlinkTrackmaniaAction } from "@/lib/actions/settings";
import { PendingButton } from "./pending-button";

/** Typing a display name: looked up on Trackmania, stored unverified. */
export function TrackmaniaNameForm({ current }: { current: string | null }) {
  const [state, action] = useActionState(setTrackmaniaNameAction, idleState);
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  const values = state.status === "invalid" || state.status === "error" ? state.values : undefined;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage state={state} />
      <Field
        name="displayName"
        label={current ? "Change the typed display name" : "Or type your Trackmania display name"}
        autoComplete="off"
        required
        maxLength={40}
        defaultValue={values?.displayName ?? ""}
        placeholder={current ?? "e.g. SmallMapperSam"}
        errors={fieldErrors.displayName}
        hint="The name shown in game. It stays marked unverified until you link the account."
      />
      <PendingButton pendingText="Looking it up…" variant="secondary">
        Save name
      </PendingButton>
    </form>
  );
}

export function UnlinkTrackmaniaForm({ label }: { label: string }) {
  const [state, action] = useActionState(unlinkTrackmaniaAction, idleState);
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      <PendingButton pendingText="Removing…" variant="secondary">
        {label}
      </PendingButton>
    </form>
  );
}
