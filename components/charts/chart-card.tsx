import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";

/** A card for a chart: the app's card, with less padding on a phone so the drawing keeps its width. */
export function ChartCard({ className, ...props }: ComponentProps<"section">) {
  return <section className={cn("min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-6", className)} {...props} />;
}
