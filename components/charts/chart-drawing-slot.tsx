"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * Renders a chart's drawing once its box comes near the screen. The drawing library (recharts, about
 * 120 kB compressed) is then fetched on demand, so a page's first load stays inside the app's
 * JavaScript budget (tests/e2e/page-weight.spec.ts) and a chart nobody scrolls to costs nothing.
 */
export function ChartDrawingSlot({ children }: { children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element || near) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setNear(true);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [near]);
  return (
    <div ref={box} className="h-full w-full">
      {near ? children : <ChartLoading />}
    </div>
  );
}

export function ChartLoading() {
  return <div className="h-full w-full animate-pulse rounded-lg bg-slate-100" data-testid="chart-loading" />;
}
