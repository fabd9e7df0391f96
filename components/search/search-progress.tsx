"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { MapSearchProgress } from "@/lib/search/progress";

const POLL_MS = 1000;

/**
 * A running search's progress bar. It asks where the search stands every second and, once it ends,
 * reloads the page's data so the results (or why there are none) appear in place.
 */
export function SearchProgress({ initial }: { initial: MapSearchProgress }) {
  const router = useRouter();
  const [progress, setProgress] = useState(initial);
  const [reconnecting, setReconnecting] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const poll = async () => {
      try {
        const response = await fetch(`/api/search/${encodeURIComponent(initial.id)}`, { cache: "no-store" });
        if (!response.ok) throw new Error(`status ${response.status}`);
        const next = (await response.json()) as MapSearchProgress;
        if (stopped) return;
        failures = 0;
        setReconnecting(false);
        // Never let a late answer move the bar back.
        setProgress((current) => (next.percent >= current.percent || next.finished ? next : current));
        if (next.finished) {
          router.refresh();
          return;
        }
      } catch {
        if (stopped) return;
        failures += 1;
        if (failures >= 3) setReconnecting(true);
      }
      timer = setTimeout(poll, Math.min(POLL_MS * 2 ** Math.max(0, failures - 1), 10_000));
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [initial.id, router]);

  return (
    <div className="space-y-3" data-testid="search-progress" data-state={progress.state}>
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <p className="font-medium text-slate-800" aria-live="polite">
          {progress.label}
        </p>
        <p className="tabular-nums text-slate-600">{progress.percent}%</p>
      </div>
      <div
        role="progressbar"
        aria-label="Search progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress.percent}
        aria-valuetext={`${progress.percent}%: ${progress.label}`}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-100 ring-1 ring-inset ring-slate-200"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width] duration-500 ease-out" style={{ width: `${progress.percent}%` }} />
      </div>
      <p className="text-xs text-slate-500">
        {reconnecting
          ? "Lost touch with Trackwatch for a moment; still trying. The search goes on either way."
          : "You can leave this page: the search goes on, and your searches list shows where it stands."}
      </p>
    </div>
  );
}
