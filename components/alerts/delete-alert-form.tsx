"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { deleteMapperAlertAction } from "@/lib/actions/alerts";
import { idleState } from "@/lib/actions/form-state";

/** Deleting takes a second, deliberate click: the first only opens the confirmation. */
export function DeleteAlertForm({ alertId, mapperDisplayName }: { alertId: string; mapperDisplayName: string }) {
  const [state, action, pending] = useActionState(deleteMapperAlertAction, idleState);
  return (
    <details className="group">
      <summary className="cursor-pointer text-sm font-medium text-red-700 hover:underline">Delete this alert…</summary>
      <form action={action} className="mt-3 space-y-3">
        <FormMessage state={state} />
        <input type="hidden" name="alertId" value={alertId} />
        <p className="text-sm text-slate-700">
          Stop watching {mapperDisplayName}&apos;s maps? Your history keeps the digests already sent.
        </p>
        <Button type="submit" variant="danger" size="sm" disabled={pending}>
          {pending ? "Deleting…" : "Delete alert"}
        </Button>
      </form>
    </details>
  );
}
