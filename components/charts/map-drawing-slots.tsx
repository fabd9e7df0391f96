"use client";

import dynamic from "next/dynamic";
import { ChartDrawingSlot, ChartLoading } from "./chart-drawing-slot";

/** The map page's chart slots (see drawing-slots.tsx): its world-record progression and its top 10. */

const WorldRecordDrawing = dynamic(() => import("./world-record-drawing").then((module) => module.WorldRecordDrawing), { ssr: false, loading: ChartLoading });
const TopTimesDrawing = dynamic(() => import("./top-times-drawing").then((module) => module.TopTimesDrawing), { ssr: false, loading: ChartLoading });

type PropsOf<T> = T extends (props: infer P) => unknown ? P : never;
type Drawings = typeof import("./world-record-drawing") & typeof import("./top-times-drawing");

export const WorldRecordDrawingSlot = (props: PropsOf<Drawings["WorldRecordDrawing"]>) => (
  <ChartDrawingSlot>
    <WorldRecordDrawing {...props} />
  </ChartDrawingSlot>
);
export const TopTimesDrawingSlot = (props: PropsOf<Drawings["TopTimesDrawing"]>) => (
  <ChartDrawingSlot>
    <TopTimesDrawing {...props} />
  </ChartDrawingSlot>
);
