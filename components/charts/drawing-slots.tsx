"use client";

import dynamic from "next/dynamic";
import { ChartDrawingSlot, ChartLoading } from "./chart-drawing-slot";

/**
 * The client half of every chart: a slot that fetches its recharts drawing once it nears the screen.
 * The figures around them (title, summary, table) render on the server and cost no JavaScript. The map
 * page's two are in map-drawing-slots.tsx, so its pages carry no loader of the others.
 */

const activity = () => import("./activity-drawings");
const RecordsPerDayDrawing = dynamic(() => activity().then((module) => module.RecordsPerDayDrawing), { ssr: false, loading: ChartLoading });
const DriversPerWeekDrawing = dynamic(() => activity().then((module) => module.DriversPerWeekDrawing), { ssr: false, loading: ChartLoading });
const DailyRunsDrawing = dynamic(() => import("./daily-runs-drawing").then((module) => module.DailyRunsDrawing), { ssr: false, loading: ChartLoading });
const MostActiveMapsDrawing = dynamic(() => activity().then((module) => module.MostActiveMapsDrawing), { ssr: false, loading: ChartLoading });

type PropsOf<T> = T extends (props: infer P) => unknown ? P : never;
type Drawings = typeof import("./activity-drawings") & typeof import("./daily-runs-drawing");

export const RecordsPerDayDrawingSlot = (props: PropsOf<Drawings["RecordsPerDayDrawing"]>) => (
  <ChartDrawingSlot>
    <RecordsPerDayDrawing {...props} />
  </ChartDrawingSlot>
);
export const DriversPerWeekDrawingSlot = (props: PropsOf<Drawings["DriversPerWeekDrawing"]>) => (
  <ChartDrawingSlot>
    <DriversPerWeekDrawing {...props} />
  </ChartDrawingSlot>
);
export const MostActiveMapsDrawingSlot = (props: PropsOf<Drawings["MostActiveMapsDrawing"]>) => (
  <ChartDrawingSlot>
    <MostActiveMapsDrawing {...props} />
  </ChartDrawingSlot>
);
export const DailyRunsDrawingSlot = (props: PropsOf<Drawings["DailyRunsDrawing"]>) => (
  <ChartDrawingSlot>
    <DailyRunsDrawing {...props} />
  </ChartDrawingSlot>
);
