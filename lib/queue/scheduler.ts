import "server-only";
import { fromConsole, log as defaultLog } from "@/lib/observability";
import { cronMatches, parseCron, type CronExpression } from "./cron";
import type { EnqueueOptions, EnqueueResult, QueueLogger, ScheduleDefinition } from "./types";

/**
 * The embedded stand-in for QStash schedules: once a minute (on the minute, UTC) it enqueues every
 * declared schedule whose cron matches. Each firing carries the deduplication id
 * `schedule:<id>:<minute>`, so two processes sharing a database (the dev server and a script, or a
 * restart within the same minute) enqueue a slot once. A minute the process was down for is not
 * caught up: schedules here are triggers, and the jobs they start work out what is due themselves.
 */

export interface EmbeddedSchedulerOptions {
  schedules: () => ScheduleDefinition[];
  enqueue: (schedule: ScheduleDefinition, options: EnqueueOptions) => Promise<EnqueueResult>;
  now?: () => Date;
  /** Default: the structured logger (lib/observability). */
  logger?: QueueLogger;
}

export interface EmbeddedScheduler {
  /** Starts the once-a-minute timer (unref'd: it never keeps a process alive). Idempotent. */
  start(): void;
  stop(): void;
  /** Fires whatever matches the minute of `at`; returns the ids of the schedules enqueued. */
  tick(at: Date): Promise<string[]>;
}

const MINUTE_MS = 60_000;

export function scheduleSlotId(scheduleId: string, minute: Date): string {
  return `schedule:${scheduleId}:${minute.toISOString().slice(0, 16)}Z`;
}

export function createEmbeddedScheduler(options: EmbeddedSchedulerOptions): EmbeddedScheduler {
  const now = options.now ?? (() => new Date());
  const log = options.logger ? fromConsole(options.logger) : defaultLog;
  const parsed = new Map<string, CronExpression>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const cronOf = (cron: string) => {
    let expression = parsed.get(cron);
    if (!expression) {
      expression = parseCron(cron);
      parsed.set(cron, expression);
    }
    return expression;
  };

  async function tick(at: Date): Promise<string[]> {
    const minute = new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);
    const fired: string[] = [];
    for (const schedule of options.schedules()) {
      if (!cronMatches(cronOf(schedule.cron), minute)) continue;
      try {
        await options.enqueue(schedule, { deduplicationId: scheduleSlotId(schedule.id, minute) });
        fired.push(schedule.id);
      } catch (error) {
        // One broken schedule must not stop the others.
        log.error("queue.schedule-failed", { message: `schedule ${schedule.id} could not enqueue ${schedule.job}`, schedule: schedule.id, job: schedule.job, error });
      }
    }
    return fired;
  }

  function armFor(target: number) {
    // Aimed at the minute itself rather than "60 s from now", so the timer never drifts; a late
    // wake-up (a suspended laptop) fires the current minute only.
    const wait = Math.max(0, target - now().getTime());
    timer = setTimeout(() => {
      const late = now().getTime() - target >= MINUTE_MS;
      const minute = late ? Math.floor(now().getTime() / MINUTE_MS) * MINUTE_MS : target;
      void tick(new Date(minute)).finally(() => {
        if (running) armFor(minute + MINUTE_MS);
      });
    }, wait);
    timer.unref();
  }

  return {
    start() {
      if (running) return;
      running = true;
      armFor(Math.floor(now().getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
    },
    stop() {
      running = false;
      clearTimeout(timer);
      timer = undefined;
    },
    tick,
  };
}
