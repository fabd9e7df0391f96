import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { defineJob, defineSchedule, getJob, listSchedules, startEmbeddedScheduler } from "@/lib/queue";
import { cronMatches, CronSyntaxError, parseCron } from "@/lib/queue/cron";
import { createInProcessQueue } from "@/lib/queue/in-process";
import { createEmbeddedScheduler, scheduleSlotId } from "@/lib/queue/scheduler";

const at = (iso: string) => new Date(iso);
const matches = (cron: string, iso: string) => cronMatches(parseCron(cron), at(iso));

describe("cron subset", () => {
  it("reads *, numbers, ranges, steps and lists, in UTC", () => {
    expect(matches("0 * * * *", "2026-03-02T10:00:00Z")).toBe(true);
    expect(matches("0 * * * *", "2026-03-02T10:01:00Z")).toBe(false);
    expect(matches("0 * * * *", "2026-03-02T10:00:59Z")).toBe(true);
    for (const minute of ["00", "15", "30", "45"]) expect(matches("*/15 * * * *", `2026-03-02T10:${minute}:00Z`)).toBe(true);
    expect(matches("*/15 * * * *", "2026-03-02T10:20:00Z")).toBe(false);
    expect(matches("30 6 * * 1-5", "2026-03-02T06:30:00Z")).toBe(true); // a Monday
    expect(matches("30 6 * * 1-5", "2026-03-01T06:30:00Z")).toBe(false); // a Sunday
    expect(matches("0 0 * * 7", "2026-03-01T00:00:00Z")).toBe(true); // 7 is Sunday too
    expect(matches("0 9,21 * * *", "2026-03-02T21:00:00Z")).toBe(true);
    expect(matches("0 8-18/2 * * *", "2026-03-02T12:00:00Z")).toBe(true);
    expect(matches("0 8-18/2 * * *", "2026-03-02T13:00:00Z")).toBe(false);
    // Both day fields restricted: either one matching is enough (classic cron).
    expect(matches("0 0 1 * 1", "2026-03-02T00:00:00Z")).toBe(true);
    expect(matches("0 0 1 * 1", "2026-04-01T00:00:00Z")).toBe(true);
    expect(matches("0 0 1 * 1", "2026-03-03T00:00:00Z")).toBe(false);
  });

  it("refuses what it would misread", () => {
    for (const bad of ["0 * * *", "@daily", "0 * * * MON", "60 * * * *", "0 24 * * *", "*/0 * * * *", "5-1 * * * *", "0 * ? * *"]) {
      expect(() => parseCron(bad), bad).toThrow(CronSyntaxError);
    }
  });
});

const ticks: unknown[] = [];
const tickJob = defineJob({
  name: "tick-test",
  schema: z.object({ kind: z.enum(["hourly", "daily"]) }),
  handle: async (payload) => {
    ticks.push(payload);
  },
});

describe("schedules", () => {
  it("are validated when declared", () => {
    expect(() => defineSchedule({ id: "Bad Id", cron: "0 * * * *", job: tickJob, payload: { kind: "hourly" } })).toThrow(/lowercase/);
    expect(() => defineSchedule({ id: "bad-cron", cron: "0 * *", job: tickJob, payload: { kind: "hourly" } })).toThrow(CronSyntaxError);
    // @ts-expect-error the wrong payload is the point
    expect(() => defineSchedule({ id: "bad-payload", cron: "0 * * * *", job: tickJob, payload: { kind: "weekly" } })).toThrow(/does not fit tick-test/);
    expect(listSchedules()).toEqual([]);
  });

  it("fire once per matching minute through the in-process queue, even when ticked twice", async () => {
    const hourly = defineSchedule({ id: "tick-hourly", cron: "0 * * * *", job: tickJob, payload: { kind: "hourly" } });
    const daily = defineSchedule({ id: "tick-daily", cron: "0 6 * * *", job: tickJob, payload: { kind: "daily" } });
    const queue = createInProcessQueue({ logger: { info() {}, warn() {}, error() {} } });
    const scheduler = createEmbeddedScheduler({
      schedules: () => [hourly, daily],
      enqueue: (schedule, options) => queue.enqueue(getJob(schedule.job)!, schedule.payload, options),
    });

    expect(await scheduler.tick(at("2026-03-02T06:00:12Z"))).toEqual(["tick-hourly", "tick-daily"]);
    // A second process (or a restart) in the same minute enqueues nothing new.
    await scheduler.tick(at("2026-03-02T06:00:40Z"));
    expect(await scheduler.tick(at("2026-03-02T06:01:00Z"))).toEqual([]);
    expect(await scheduler.tick(at("2026-03-02T07:00:00Z"))).toEqual(["tick-hourly"]);
    await queue.drain({ timeoutMs: 5_000 });
    await queue.close();

    expect(ticks).toEqual([{ kind: "hourly" }, { kind: "daily" }, { kind: "hourly" }]);
    const records = await (await getDb()).jobRecord.findMany({ where: { job: "tick-test" }, orderBy: { createdAt: "asc" } });
    expect(records.map((r) => r.deduplicationId).sort()).toEqual(
      [
        scheduleSlotId("tick-hourly", at("2026-03-02T06:00:00Z")),
        scheduleSlotId("tick-daily", at("2026-03-02T06:00:00Z")),
        scheduleSlotId("tick-hourly", at("2026-03-02T07:00:00Z")),
      ].sort(),
    );
    expect(scheduleSlotId("tick-daily", at("2026-03-02T06:00:00Z"))).toBe("schedule:tick-daily:2026-03-02T06:00Z");
  });

  it("start embedded with the in-process driver, and only once", async () => {
    const first = await startEmbeddedScheduler();
    // Two declared here, plus the app's own (lib/jobs registers the hourly daily run).
    expect(listSchedules().map((schedule) => schedule.id)).toEqual(expect.arrayContaining(["tick-hourly", "tick-daily", "daily-run-hourly"]));
    expect(first).toEqual({ started: true, reason: `${listSchedules().length} schedule(s)` });
    expect(await startEmbeddedScheduler()).toEqual(first);
  });
});
