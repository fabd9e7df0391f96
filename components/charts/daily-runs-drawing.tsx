"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DAILY_RUN_COLORS, axisTick, chartColors, plural } from "./chart-format";
import { TooltipBox } from "./chart-figure";

/** One daily run as the admin overview draws it: a bar per run, sent and failed emails stacked. */
export type DailyRunBar = { slot: string; label: string; usersChecked: number; emailsSent: number; emailsFailed: number; recordsFound: number };

type RunTooltipProps = { active?: boolean; payload?: readonly { payload?: unknown }[] };

function RunTooltip({ active, payload }: RunTooltipProps) {
  const run = payload?.[0]?.payload as DailyRunBar | undefined;
  if (!active || !run) return null;
  return (
    <TooltipBox>
      <p className="font-semibold">{run.slot}</p>
      <p>{plural(run.usersChecked, "user checked", "users checked")}</p>
      <p>{plural(run.recordsFound, "record found", "records found")}</p>
      <p>
        {plural(run.emailsSent, "email sent", "emails sent")}, {run.emailsFailed.toLocaleString("en-GB")} failed
      </p>
    </TooltipBox>
  );
}

export function DailyRunsDrawing({ runs }: { runs: DailyRunBar[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 256 }}>
      <BarChart data={runs} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid stroke={chartColors.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={axisTick} interval="preserveStartEnd" minTickGap={24} stroke={chartColors.grid} />
        <YAxis allowDecimals={false} tick={axisTick} width={36} stroke={chartColors.grid} />
        <Tooltip content={RunTooltip} cursor={{ fill: "#eef8ff" }} />
        <Bar dataKey="usersChecked" name="Users checked" fill={DAILY_RUN_COLORS.usersChecked} isAnimationActive={false} radius={[2, 2, 0, 0]} />
        <Bar dataKey="emailsSent" name="Emails sent" stackId="emails" fill={DAILY_RUN_COLORS.emailsSent} isAnimationActive={false} />
        <Bar dataKey="emailsFailed" name="Emails failed" stackId="emails" fill={DAILY_RUN_COLORS.emailsFailed} isAnimationActive={false} radius={[2, 2, 0, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}
