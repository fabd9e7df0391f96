import "server-only";
import { getSandbox } from "@/lib/trackmania";
import type { CheckRun } from "./types";

/**
 * The clock record-keeping runs on: the Trackmania world's. On the real services that is the wall
 * clock; on the sandbox it is the simulated one, so record timestamps (`drivenAt`), the instants
 * records are observed and the instants maps start being watched all compare on one time line —
 * also when tests move the sandbox's manual clock.
 */
export function trackmaniaNow(): Date {
  return getSandbox()?.now() ?? new Date();
}

/** A run covering the current hour: every user checked in it shares its key (and its cached leaderboards). */
export function checkRunAt(now: Date = trackmaniaNow()): CheckRun {
  return { key: now.toISOString().slice(0, 13), now };
}

/**
 * `reportedUntil` of a map whose leaderboard no run has looked at yet: before any observation, so
 * whatever the first look finds still counts (and the map is not "new": null means new).
 */
export const BEFORE_ANY_OBSERVATION = new Date(0);

/** Record timestamps are whole seconds; an instant compared with them is floored to its second. */
export function floorToSecond(date: Date): number {
  return Math.floor(date.getTime() / 1000) * 1000;
}
