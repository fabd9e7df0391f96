import type { AppConfigLimitName } from "@/lib/app-config/bounds";

/** Each limit's name and what it does, as the Limits form and its change log say them. */
export const APP_CONFIG_LIMITS: { name: AppConfigLimitName; label: string; explanation: string }[] = [
  {
    name: "maxMapperAlerts",
    label: "Mapper alerts per user",
    explanation: "How many mappers each user may watch. Applies to new alerts: users already above it keep theirs.",
  },
  {
    name: "maxDriverWatches",
    label: "Driver watches per user",
    explanation: "How many maps each user may watch for their own times, at any rank. Applies to new watches.",
  },
  {
    name: "positionModeThreshold",
    label: "Position-mode threshold (maps)",
    explanation: "Alerts on mappers with more maps than this use the cheaper position mode, unless the user picked a mode.",
  },
  {
    name: "accurateDepth",
    label: "Leaderboard depth",
    explanation: "How far down each watched map's world top is read; each extra 100 costs one more Nadeo request per map and run.",
  },
  {
    name: "maxRecordsPerMapInMail",
    label: "Records per map in an email",
    explanation: "Longer lists are cut short in the email; history always shows every record.",
  },
  {
    name: "maxSearchMaps",
    label: "Maps per search",
    explanation: "A map search reads at most this many of a mapper's newest maps; each map not read today costs one Nadeo request.",
  },
  {
    name: "maxUsers",
    label: "Registered users",
    explanation: "Sign-up closes once this many accounts exist; nobody is removed when it is lowered.",
  },
  {
    name: "failureAlertPercent",
    label: "Failure alert threshold (%)",
    explanation: "Admins get one email about a daily run that failed, or whose failed checks or sends passed this share.",
  },
];

const labels: Record<string, string> = Object.fromEntries([...APP_CONFIG_LIMITS.map(({ name, label }) => [name, label]), ["registrationOpen", "Open sign-ups"]]);

export function appConfigLabel(field: string): string {
  return labels[field] ?? field;
}

/** A saved value as people read it: the checkbox as open / closed. */
export function appConfigValueLabel(field: string, value: string): string {
  if (field === "registrationOpen") return value === "true" ? "open" : "closed";
  return Number.isFinite(Number(value)) ? Number(value).toLocaleString("en-GB") : value;
}
