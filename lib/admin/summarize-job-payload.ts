/**
 * A job's payload as one short line an admin can read ("user-check · user ab@x.com · day
 * 2026-12-02"). Known jobs are described from their fields (with the emails the list looked up);
 * anything else falls back to compact JSON, cut to ~120 characters, with secret-looking fields masked.
 * Pure, so it is tested with plain values.
 */

export interface JobPayloadLookups {
  /** User id → email. */
  emails?: ReadonlyMap<string, string>;
  /** Digest id → the email of the user it is for. */
  digestEmails?: ReadonlyMap<string, string>;
  /** Map search id → "mapper name (period)". */
  searches?: ReadonlyMap<string, string>;
}

const MAX_SUMMARY = 120;
const SECRET_KEY = /token|secret|password|passwd|signature|authorization|cookie|api[-_]?key|webhook/i;

type Fields = Record<string, unknown>;

const str = (value: unknown) => (typeof value === "string" ? value : undefined);
const shortId = (id: string) => (id.length > 10 ? `${id.slice(0, 8)}…` : id);

function describeUserCheck(payload: Fields, lookups: JobPayloadLookups): string[] {
  const userId = str(payload.userId);
  const parts = [];
  if (userId) parts.push(`user ${lookups.emails?.get(userId) ?? shortId(userId)}`);
  if (str(payload.day)) parts.push(`day ${payload.day as string}`);
  return parts;
}

function describeDigestSend(payload: Fields, lookups: JobPayloadLookups): string[] {
  const digestId = str(payload.digestId);
  if (!digestId) return [];
  const email = lookups.digestEmails?.get(digestId);
  return email ? [`1 digest`, `to ${email}`] : [`1 digest`, `digest ${shortId(digestId)}`];
}

function describeMapSearch(payload: Fields, lookups: JobPayloadLookups): string[] {
  const searchId = str(payload.searchId);
  if (!searchId) return [];
  const parts = [`search ${lookups.searches?.get(searchId) ?? shortId(searchId)}`];
  if (typeof payload.slice === "number" && payload.slice > 0) parts.push(`slice ${payload.slice}`);
  return parts;
}

function describeDailyRun(payload: Fields): string[] {
  const parts = [];
  if (str(payload.trigger)) parts.push(`trigger ${payload.trigger as string}`);
  if (payload.everyone === true) parts.push("everyone");
  return parts;
}

function describeDisplayNames(payload: Fields): string[] {
  const ids = Array.isArray(payload.accountIds) ? payload.accountIds.length : 0;
  return ids > 0 ? [`${ids} ${ids === 1 ? "player" : "players"}`] : [];
}

const describers: Record<string, (payload: Fields, lookups: JobPayloadLookups) => string[]> = {
  "user-check": describeUserCheck,
  "digest-send": describeDigestSend,
  "map-search": describeMapSearch,
  "daily-run": describeDailyRun,
  "display-names": describeDisplayNames,
};

/** The payload with every secret-looking field masked, at any depth. */
function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? "•••" : masked(inner)]));
  }
  return value;
}

function truncate(text: string): string {
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text;
}

export function summarizeJobPayload(job: string, payload: unknown, lookups: JobPayloadLookups = {}): string {
  const describe = describers[job];
  if (describe && payload && typeof payload === "object" && !Array.isArray(payload)) {
    const parts = describe(payload as Fields, lookups);
    if (parts.length > 0) return truncate([job, ...parts].join(" · "));
  }
  let json: string;
  try {
    json = JSON.stringify(masked(payload)) ?? "null";
  } catch {
    json = "(unreadable payload)";
  }
  return truncate(`${job} · ${json}`);
}
