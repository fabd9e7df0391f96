import { uniformAt } from "./random";

/**
 * Fault injection. Rates are probabilities per request. A request's fate is a pure function of
 * (seed, its sequence number among fault-eligible requests), so a client that sends the same requests
 * in the same order meets the same faults, and changing the rates mid-run does not reshuffle the
 * decisions of later requests.
 */
export type SandboxFaults = {
  rate429?: number;
  rate500?: number;
  rate503?: number;
  /** Share of requests delayed by `slowMs` before they are answered (combines with the others). */
  rateSlow?: number;
  /** Delay of a slow request; default 2000 ms. */
  slowMs?: number;
  /** Share of authenticated requests answered 401 as if the token had just expired. */
  rateExpireToken?: number;
  /** `Retry-After` on 429 answers; default 1. */
  retryAfterSeconds?: number;
  /**
   * `Retry-After` on 503 answers; default none (503s then only get backoff). Whether Nadeo sends one
   * is unconfirmed, but a client must honour it wherever it appears; this lets tests check that.
   */
  retryAfter503Seconds?: number;
};

export type FaultKind = "429" | "500" | "503" | "expire";
export type FaultDecision = { kind: FaultKind | null; slowMs: number };

export const defaultSlowMs = 2000;
export const defaultRetryAfterSeconds = 1;

const specKeys: Record<string, keyof SandboxFaults> = {
  "429": "rate429",
  "500": "rate500",
  "503": "rate503",
  slow: "rateSlow",
  expire: "rateExpireToken",
  slowms: "slowMs",
  "slow-ms": "slowMs",
  retryafter: "retryAfterSeconds",
  "retry-after": "retryAfterSeconds",
  retryafter503: "retryAfter503Seconds",
  "retry-after-503": "retryAfter503Seconds",
};

/**
 * Parses `"429=0.1,503=0.05,500=0.02,slow=0.02,expire=0.01"` (also `slowMs=3000`, `retryAfter=2`,
 * `retryAfter503=5`).
 * Throws on unknown keys or bad numbers: a typo in a bench flag should not silently mean "no faults".
 */
export function parseSandboxFaults(spec: string): SandboxFaults {
  const faults: SandboxFaults = {};
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [rawKey, rawValue] = part.split("=").map((s) => s.trim());
    const key = specKeys[(rawKey ?? "").toLowerCase()];
    const value = Number(rawValue);
    if (!key) {
      throw new Error(`Unknown sandbox fault "${rawKey}" (expected 429, 500, 503, slow, expire, slowMs, retryAfter, retryAfter503)`);
    }
    if (rawValue === undefined || rawValue === "" || !Number.isFinite(value) || value < 0) {
      throw new Error(`Sandbox fault "${rawKey}" needs a non-negative number, got "${rawValue ?? ""}"`);
    }
    if (key.startsWith("rate") && value > 1) throw new Error(`Sandbox fault rate "${rawKey}" must be at most 1`);
    faults[key] = value;
  }
  validateFaults(faults);
  return faults;
}

export function validateFaults(faults: SandboxFaults): void {
  const exclusive = (faults.rate429 ?? 0) + (faults.rate500 ?? 0) + (faults.rate503 ?? 0) + (faults.rateExpireToken ?? 0);
  if (exclusive > 1) throw new Error("Sandbox fault rates 429 + 500 + 503 + expire must add up to at most 1");
}

/**
 * Decides the fault of the `index`-th eligible request. One uniform number picks among the exclusive
 * faults (429, 500, 503, expire, in that order along [0, 1)); kinds a request cannot have (token
 * endpoints never "expire", and never 500) fall through to "no fault" rather than to the next kind,
 * so eligibility does not shift other requests' draws.
 */
export function decideFault(
  seed: number,
  index: number,
  faults: SandboxFaults,
  allowed: { expire: boolean; error500: boolean },
): FaultDecision {
  const u = uniformAt(seed, "fault", index);
  const slow = uniformAt(seed, "slow", index) < (faults.rateSlow ?? 0);
  const slowMs = slow ? (faults.slowMs ?? defaultSlowMs) : 0;
  let edge = 0;
  const bands: Array<[FaultKind, number, boolean]> = [
    ["429", faults.rate429 ?? 0, true],
    ["500", faults.rate500 ?? 0, allowed.error500],
    ["503", faults.rate503 ?? 0, true],
    ["expire", faults.rateExpireToken ?? 0, allowed.expire],
  ];
  for (const [kind, rate, isAllowed] of bands) {
    if (u >= edge && u < edge + rate) return { kind: isAllowed ? kind : null, slowMs };
    edge += rate;
  }
  return { kind: null, slowMs };
}
