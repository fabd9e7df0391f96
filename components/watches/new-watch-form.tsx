"use client";

import { useActionState } from "react";
import { SelectField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { createDriverWatchAction } from "@/lib/actions/watches";
import { idleState } from "@/lib/actions/form-state";
import { ruleChoices } from "./describe";

/** Confirms a previewed map: when to be told, then "Watch this map". */
export function NewWatchForm({ mapUid, mapName }: { mapUid: string; mapName: string }) {
  const [state, action] = useActionState(createDriverWatchAction, idleState);
  const fieldErrors = state.status === "invalid" ? state.fieldErrors : {};
  const values = state.status === "invalid" || state.status === "error" ? state.values : undefined;
  return (
    <form action={action} className="space-y-4" noValidate aria-label={`Watch ${mapName}`}>
      <FormMessage state={state} />
      <input type="hidden" name="mapUid" value={mapUid} />
      <SelectField
        key={values?.rule ?? "PASSED"}
        name="rule"
        label="When to tell me"
        defaultValue={values?.rule ?? "PASSED"}
        options={ruleChoices}
        errors={fieldErrors.rule ?? fieldErrors.mapUid}
        hint="You can change this later in the list."
      />
      <SubmitButton pendingText="Adding…">Watch this map</SubmitButton>
    </form>
  );
}
