import { z } from "zod";

/** The activity periods the charts offer: the last 30 days, or everything Trackwatch knows. */
export const activityPeriods = ["30d", "all"] as const;
export type ActivityPeriod = (typeof activityPeriods)[number];
/** An unknown or missing period reads as the default, never as an error. */
export const activityPeriodSchema = z.enum(activityPeriods).catch("30d");
