"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { deleteDriverWatchAction } from "@/lib/actions/watches";
import { idleState } from "@/lib/actions/form-state";

/** Removing takes a second, deliberate click: the first only opens the confirmation. */
export function RemoveWatchForm({ watchId, mapName }: { watchId: string; mapName: string }) {
  const [state, action, pending] = useActionState(deleteDriverWatchAction, idleState);
  return (
    <details className="group text-left md:text-right">
      <summary className="cursor-pointer text-sm font-medium text-red-700 hover:underline" aria-label={`Remove ${mapName}…`}>
        Remove…
      </summary>
      <form action={action} className="mt-2 flex flex-col items-start gap-2 md:items-end">
        <input type="hidden" name="watchId" value={watchId} />
        <p className="text-xs text-slate-600">Stop watching this map?</p>
        <Button type="submit" variant="danger" size="sm" disabled={pending} aria-label={`Remove the watch on ${mapName}`}>
          {pending ? "Removing…" : "Remove watch"}
        </Button>
        <span aria-live="polite" className="text-xs text-red-600">
          {state.status === "error" || state.status === "invalid" ? state.message : null}
        </span>
      </form>
    </details>
  );
}
