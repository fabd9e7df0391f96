import type { RegisteredJob, ScheduleDefinition } from "./types";

/**
 * Every declared job and schedule, by name. `defineJob`/`defineSchedule` fill it when the module
 * declaring them is imported; app jobs are all imported by `lib/jobs/index.ts`, which the callback
 * route imports and `loadJobs()` pulls in for the in-process runner and the scheduler.
 *
 * Kept on globalThis because Next's dev server re-evaluates edited modules: a job module that is
 * re-run registers its new handler under the same name (last one wins), and a runner created
 * before the edit still finds it.
 */
interface Registry {
  jobs: Map<string, RegisteredJob>;
  schedules: Map<string, ScheduleDefinition>;
}

const holder = globalThis as typeof globalThis & { __trackwatchJobRegistry?: Registry };

function registry(): Registry {
  holder.__trackwatchJobRegistry ??= { jobs: new Map(), schedules: new Map() };
  return holder.__trackwatchJobRegistry;
}

export function registerJob(job: RegisteredJob): void {
  registry().jobs.set(job.name, job);
}

export function getJob(name: string): RegisteredJob | undefined {
  return registry().jobs.get(name);
}

export function listJobs(): RegisteredJob[] {
  return [...registry().jobs.values()];
}

export function registerSchedule(schedule: ScheduleDefinition): void {
  registry().schedules.set(schedule.id, schedule);
}

export function listSchedules(): ScheduleDefinition[] {
  return [...registry().schedules.values()];
}

/** Imports the app's job declarations so they register themselves; safe to call repeatedly. */
export async function loadJobs(): Promise<void> {
  await import("@/lib/jobs");
}
