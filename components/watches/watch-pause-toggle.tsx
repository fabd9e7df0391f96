"use client";

import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";
import { setWatchPausedAction } from "@/lib/actions/watches";
import { idleState } from "@/lib/actions/form-state";

/** Pauses or resumes one watch; a failure is said beside the button. */
export function WatchPauseToggle({ watchId, mapName, paused }: { watchId: string; mapName: string; paused: boolean }) {
  const [state, action] = useActionState(setWatchPausedAction, idleState);
  return (
    <form action={action} className="flex flex-col items-start gap-1 md:items-end">
      <input type="hidden" name="watchId" value={watchId} />
      <input type="hidden" name="paused" value={paused ? "false" : "true"} />
      <ToggleButton paused={paused} mapName={mapName} />
      <span aria-live="polite" className="text-xs text-red-600">
        {state.status === "error" || state.status === "invalid" ? state.message : null}
      </span>
    </form>
  );
}

function ToggleButton({ paused, mapName }: { paused: boolean; mapName: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" size="sm" variant={paused ? "primary" : "secondary"} disabled={pending} aria-label={`${paused ? "Resume" : "Pause"} ${mapName}`} aria-pressed={paused}>
      {pending ? "…" : paused ? "Resume" : "Pause"}
    </Button>
  );
}
