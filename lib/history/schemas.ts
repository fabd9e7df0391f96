import { z } from "zod";

/** Nadeo map uids: short base64url-like strings. Anything else names no map. */
export const mapUidSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** The activity periods the charts offer: the last 30 days, or everything Trackwatch knows. */
export const activityPeriods = ["30d", "all"] as const;
export type ActivityPeriod = (typeof activityPeriods)[number];
export const activityPeriodSchema = z.enum(activityPeriods).catch("30d");
