"use client";

import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";
import { setAlertMapMutedAction } from "@/lib/actions/alerts";
import { idleState } from "@/lib/actions/form-state";

/** Mutes or unmutes one map of an alert; a failure is said beside the button. */
export function MuteToggle({ alertId, mapUid, mapName, muted }: { alertId: string; mapUid: string; mapName: string; muted: boolean }) {
  const [state, action] = useActionState(setAlertMapMutedAction, idleState);
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="alertId" value={alertId} />
      <input type="hidden" name="mapUid" value={mapUid} />
      <input type="hidden" name="muted" value={muted ? "false" : "true"} />
      <ToggleButton muted={muted} mapName={mapName} />
      <span aria-live="polite" className="text-xs text-red-600">
        {state.status === "error" || state.status === "invalid" ? state.message : null}
      </span>
    </form>
  );
}

function ToggleButton({ muted, mapName }: { muted: boolean; mapName: string }) {
  const { pending } = useFormStatus();
  return (
    <Button
      type="submit"
      size="sm"
      variant={muted ? "primary" : "secondary"}
      disabled={pending}
      aria-label={`${muted ? "Unmute" : "Mute"} ${mapName}`}
      aria-pressed={muted}
    >
      {pending ? "…" : muted ? "Unmute" : "Mute"}
    </Button>
  );
}
