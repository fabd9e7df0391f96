/** Words the watch pages use for a watch's settings and standing, kept in one place so every view says the same. */

export type WatchConditionValue = "PASSED" | "LEFT_TOP_N" | "LOST_WORLD_RECORD";
export type MedalValue = "author" | "gold" | "silver" | "bronze" | null;

/** The depths of "I drop out of the top N" (lib/watches `watchTopNChoices`). */
const TOP_N_CHOICES = [10, 100, 1_000, 10_000] as const;

/**
 * "When to tell me" as one choice: the forms send it as `rule` (lib/actions/watches.ts splits it).
 * Anyone passing me is the default.
 */
export const ruleChoices: { value: string; label: string }[] = [
  { value: "PASSED", label: "Anyone passes me" },
  ...TOP_N_CHOICES.map((n) => ({ value: `LEFT_TOP_N:${n}`, label: `I drop out of the top ${n.toLocaleString("en-US")}` })),
  { value: "LOST_WORLD_RECORD", label: "I lose the world record" },
];

export function ruleValue(condition: WatchConditionValue, topN: number | null): string {
  return condition === "LEFT_TOP_N" ? `LEFT_TOP_N:${topN ?? 100}` : condition;
}

export function describeRule(condition: WatchConditionValue, topN: number | null): string {
  return ruleChoices.find((choice) => choice.value === ruleValue(condition, topN))?.label ?? "Anyone passes me";
}

/** "#1,234", or a dash when not known. */
export function formatPosition(position: number | null): string {
  return position === null ? "—" : `#${position.toLocaleString("en-US")}`;
}

export const medalStyles: Record<Exclude<MedalValue, null>, { label: string; dot: string }> = {
  author: { label: "Author", dot: "bg-emerald-600" },
  gold: { label: "Gold", dot: "bg-amber-400" },
  silver: { label: "Silver", dot: "bg-slate-400" },
  bronze: { label: "Bronze", dot: "bg-orange-700" },
};

/** Past the depth the daily run reads, news comes from the position endpoint, which lags on non-official maps. */
export function lateNewsNote(depth: number): string {
  return `Beyond the top ${depth.toLocaleString("en-US")}, news can arrive a day late.`;
}
