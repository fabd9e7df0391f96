"use client";

import { useRouter } from "next/navigation";
import { useActionState, useState, type FormEvent, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { FormMessage } from "@/components/ui/form-message";
import { importDriverWatchesAction } from "@/lib/actions/watches";
import { idleState } from "@/lib/actions/form-state";
import type { WatchImportLine } from "@/lib/watches/import-lines";

type Run =
  | { phase: "idle" }
  | { phase: "running"; done: number; total: number; lines: string[] }
  | { phase: "finished"; message: string; lines: string[] }
  | { phase: "failed"; message: string; lines: string[] };

const sources = [
  { value: "campaign", label: "Every map of the current campaign" },
  { value: "totd", label: "Every Track of the Day of this month" },
] as const;

/**
 * Adds a whole campaign or month at once. With JavaScript the work streams from /api/watches/import
 * and every map shows as it is read; without, the same form posts to a server action and the page
 * comes back with the outcome.
 */
/** `note` and `hints` are server-rendered: static words cost the page no JavaScript. */
export function WatchImportForm({ disabled, note, hints }: { disabled: boolean; note: ReactNode; hints: Record<(typeof sources)[number]["value"], ReactNode> }) {
  const router = useRouter();
  const [state, action] = useActionState(importDriverWatchesAction, idleState);
  const [run, setRun] = useState<Run>({ phase: "idle" });
  const running = run.phase === "running";

  async function stream(event: FormEvent<HTMLFormElement>) {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    // Taking over the submit stops React from running the action (the fallback) as well.
    event.preventDefault();
    const source = submitter instanceof HTMLButtonElement ? submitter.value : "";
    const lines: string[] = [];
    setRun({ phase: "running", done: 0, total: 0, lines });
    try {
      const response = await fetch("/api/watches/import", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/x-ndjson" },
        body: new URLSearchParams({ source }),
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        setRun({ phase: "failed", message: body?.error?.message ?? "The import could not start. Try again.", lines });
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = "";
      let ended = false;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value;
        const complete = buffered.split("\n");
        buffered = complete.pop() ?? "";
        for (const text of complete) {
          if (!text.trim()) continue;
          const line = JSON.parse(text) as WatchImportLine;
          if (line.type === "progress") {
            lines.push(line.message);
            setRun({ phase: "running", done: line.done, total: line.total, lines: [...lines] });
          } else if (line.type === "done") {
            ended = true;
            setRun({ phase: "finished", message: line.result.message, lines: [...lines] });
          } else {
            ended = true;
            setRun({ phase: "failed", message: line.message, lines: [...lines] });
          }
        }
      }
      if (!ended) throw new Error("the answer stopped early");
      router.refresh();
    } catch {
      setRun({ phase: "failed", message: "The connection was lost during the import. Watches added so far are in your list; import again to finish.", lines });
      router.refresh();
    }
  }

  return (
    <form action={action} onSubmit={stream} className="space-y-4" aria-label="Add many at once">
      <FormMessage state={state} />
      <div className="space-y-3">
        {sources.map((source) => (
          <div key={source.value} className="space-y-1">
            <SourceButton value={source.value} disabled={disabled || running}>
              {source.label}
            </SourceButton>
            <p className="text-xs text-slate-500">{hints[source.value]}</p>
          </div>
        ))}
      </div>
      <p className="text-xs text-slate-500">{note}</p>
      {run.phase !== "idle" ? <ImportProgress run={run} /> : null}
    </form>
  );
}

function SourceButton({ value, disabled, children }: { value: string; disabled: boolean; children: string }) {
  const { pending } = useFormStatus();
  return (
    // Not <Button>: its fixed height cannot hold a label that wraps in the narrow column.
    <button
      type="submit"
      name="source"
      value={value}
      disabled={disabled || pending}
      className="w-full rounded-lg bg-white px-4 py-2 text-left text-sm font-medium text-slate-900 ring-1 ring-slate-300 transition-colors hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60"
    >
      {children}
    </button>
  );
}

function ImportProgress({ run }: { run: Exclude<Run, { phase: "idle" }> }) {
  return (
    <div className="space-y-2" data-testid="import-progress">
      {run.phase === "running" ? (
        <div className="space-y-1" role="status" aria-live="polite">
          <progress className="h-2 w-full accent-brand-600" max={Math.max(run.total, 1)} value={run.done} aria-label="Maps read" />
          <p className="text-sm text-slate-700">{run.total > 0 ? `${run.done} of ${run.total} maps read…` : "Starting…"}</p>
        </div>
      ) : (
        <p
          role={run.phase === "finished" ? "status" : "alert"}
          data-testid="import-outcome"
          className={`rounded-lg border px-3 py-2 text-sm ${run.phase === "finished" ? "border-emerald-200 bg-emerald-50 text-emerald-800" : "border-red-200 bg-red-50 text-red-800"}`}
        >
          {run.message}
        </p>
      )}
      {run.lines.length > 0 ? (
        <ol className="max-h-40 space-y-0.5 overflow-y-auto rounded-md bg-slate-50 px-3 py-2 font-mono text-xs break-words text-slate-600" aria-label="Import log">
          {run.lines.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
