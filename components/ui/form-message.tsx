import type { FormState } from "@/lib/actions/form-state";
import { cn } from "./cn";

/** The form-level message of an action's state, announced politely. */
export function FormMessage({ state }: { state: FormState }) {
  if (state.status === "idle") return <div aria-live="polite" />;
  const tone = state.status === "success" ? "border-emerald-200 bg-emerald-50 text-emerald-800" : "border-red-200 bg-red-50 text-red-800";
  return (
    <div aria-live="polite" role={state.status === "success" ? "status" : "alert"} className={cn("rounded-lg border px-3 py-2 text-sm", tone)}>
      {state.message}
    </div>
  );
}
