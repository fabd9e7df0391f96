import type { JobContext, RegisteredJob, ScheduleDefinition } from "./types";

/** Runs one delivery of a job whose payload its schema has already parsed. */
export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;
type HandlerLoader = () => Promise<Readonly<Record<string, JobHandler>>>;

/**
 * Every declared job and schedule, by name. `defineJob`/`defineSchedule` fill it when the module
 * declaring them is imported; app jobs are all imported by `lib/jobs/index.ts`, which the callback
 * route imports and the provided handler loader pulls in for the in-process runner and the scheduler.
 *
 * Kept on globalThis because Next's dev server re-evaluates edited modules: a job module that is
 * re-run registers its new handler under the same name (last one wins), and a runner created
 * before the edit still finds it.
 */
interface Registry {
  jobs: Map<string, RegisteredJob>;
  schedules: Map<string, ScheduleDefinition>;
  /** Where the app's handlers come from, given by the process's entry (lib/workers); loaded on first use. */
  loadHandlers?: HandlerLoader;
  handlers?: Promise<Readonly<Record<string, JobHandler>>>;
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

/**
 * Gives the queue the app's job handlers: the domain side registers them (lib/workers), so the queue
 * and the job declarations (lib/jobs) never import a domain module. Called by each entry point — the
 * QStash route, instrumentation (the embedded runner), scripts, the test setup. The loader runs once,
 * on first use, and is expected to import the job declarations too.
 */
export function provideJobHandlers(load: HandlerLoader): void {
  const state = registry();
  if (state.loadHandlers === load) return;
  state.loadHandlers = load;
  state.handlers = undefined;
}

/** The handler registered for a job name; undefined when the handlers name none. */
export async function handlerOf(name: string): Promise<JobHandler | undefined> {
  return (await loadedHandlers())[name];
}

function loadedHandlers(): Promise<Readonly<Record<string, JobHandler>>> {
  const state = registry();
  if (!state.loadHandlers) {
    return Promise.reject(new Error("No job handlers were provided: call installJobHandlers() from lib/workers at the process's entry"));
  }
  state.handlers ??= state.loadHandlers().catch((error: unknown) => {
    state.handlers = undefined;
    throw error;
  });
  return state.handlers;
}

/** Loads the app's job declarations and handlers (through the provided loader); safe to call repeatedly. */
export async function loadJobs(): Promise<void> {
  await loadedHandlers();
}
