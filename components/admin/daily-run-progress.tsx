"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { DailyRunProgress as Progress } from "@/lib/daily-run/run-page";

const POLL_MS = 2000;

/**
 * A running daily run's progress: "checked 12 / 40 users, 8 digests sent, 1 failed" and a bar. It asks
 * where the run stands every 2 s until the run is over and its sends have settled, then reloads the
 * page's data so the finished run (and its per-user rows) show in place.
 */
export function DailyRunProgress({ initial }: { initial: Progress }) {
  const router = useRouter();
  const [progress, setProgress] = useState(initial);

  useEffect(() => {
    if (initial.settled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const poll = async () => {
      try {
        const response = await fetch(`/api/admin/daily-runs/${encodeURIComponent(initial.id)}`, { cache: "no-store" });
        if (!response.ok) throw new Error(`status ${response.status}`);
        const next = (await response.json()) as Progress;
        if (stopped) return;
        failures = 0;
        setProgress(next);
        if (next.settled) {
          router.refresh();
          return;
        }
      } catch {
        if (stopped) return;
        failures += 1;
      }
      timer = setTimeout(poll, Math.min(POLL_MS * 2 ** failures, 30_000));
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [initial.id, initial.settled, router]);

  return (
    <div className="space-y-2" data-testid="daily-run-progress" data-status={progress.status} data-settled={progress.settled}>
      <p className="text-sm font-medium text-slate-800" aria-live="polite">
        {progress.label}
      </p>
      <div
        role="progressbar"
        aria-label={`Daily run progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress.percent}
        aria-valuetext={progress.label}
        className="h-2.5 w-full overflow-hidden rounded-full bg-slate-100 ring-1 ring-inset ring-slate-200"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width] duration-500 ease-out" style={{ width: `${progress.percent}%` }} />
      </div>
    </div>
  );
}
