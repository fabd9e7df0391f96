/**
 * The request-rate limit of one process toward Trackmania's services: one lane per service, each lane
 * runs one request at a time and starts them at least `1 / requestsPerSecond` apart. Nadeo asks for
 * well under one request a second when sustained (about 2/s is the ceiling for short bursts). The app's
 * client does not use it: it passes the deployment's shared budget (./budget.ts, same interface), since
 * every serverless instance is a process of its own. Clients built by hand (tests, tools) get this one
 * unless given a `scheduler`.
 */

export type TrackmaniaService = "core" | "live" | "oauth" | "tmx";

export interface RequestScheduler {
  /** Runs `task` in the service's lane once its turn and its start slot have come. */
  run<T>(service: TrackmaniaService, task: () => Promise<T>): Promise<T>;
  /** Holds back every request to `service` for `ms` from now (used when a service says 429 Retry-After). */
  pause(service: TrackmaniaService, ms: number): void;
  readonly requestsPerSecond: number;
}

export interface RequestSchedulerOptions {
  /** Sustained starts per second per service; defaults to 0.8. */
  requestsPerSecond?: number;
  /** Monotonic milliseconds; defaults to `performance.now`. */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

interface Lane {
  tail: Promise<unknown>;
  nextStartAt: number;
}

export function createRequestScheduler(options: RequestSchedulerOptions = {}): RequestScheduler {
  const requestsPerSecond = options.requestsPerSecond ?? 0.8;
  if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) {
    throw new RangeError(`requestsPerSecond must be a positive number, got ${requestsPerSecond}`);
  }
  const interval = 1000 / requestsPerSecond;
  const clock = options.clock ?? (() => performance.now());
  const sleep = options.sleep ?? defaultSleep;
  const injectedSleep = sleep !== defaultSleep;
  const lanes = new Map<TrackmaniaService, Lane>();

  const laneOf = (service: TrackmaniaService): Lane => {
    let lane = lanes.get(service);
    if (!lane) {
      lane = { tail: Promise.resolve(), nextStartAt: -Infinity };
      lanes.set(service, lane);
    }
    return lane;
  };

  return {
    requestsPerSecond,
    run(service, task) {
      const lane = laneOf(service);
      const result = lane.tail.then(async () => {
        // Re-read after every sleep: a pause() may have pushed the slot further while we waited.
        for (let wait = lane.nextStartAt - clock(); wait > 0; wait = lane.nextStartAt - clock()) {
          const before = clock();
          await sleep(wait);
          // An injected sleep that passes (almost) no time, as in tests: go ahead rather than spin. Real
          // timers can fire a few ms early against performance.now() under load; they just loop again.
          if (injectedSleep && clock() - before < wait / 2) break;
        }
        lane.nextStartAt = clock() + interval;
        return task();
      });
      lane.tail = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
    pause(service, ms) {
      const lane = laneOf(service);
      lane.nextStartAt = Math.max(lane.nextStartAt, clock() + ms);
    },
  };
}
