// npm run bench:search [-- --quick] [-- --maps N --seed S --rate R --max-ratio X]
// What a map search costs (issue 15, "Cost and speed"), all in this process (PGlite in memory, memory
// KV, the in-process queue): BigMapperBea's 150 maps and ProlificPia's 1,000 (the sandbox's
// SANDBOX_PROLIFIC_MAPPER_MAPS), each searched
//   cold   on a new sandbox day, nothing read today (and, the first time, maps Trackwatch never saw),
//   cached the same search again at once: answered from the 15-minute result cache,
//   warm   the same search once that cache has lapsed, the same UTC day: it lists the maps again, but
//          every top was read today and the per-map, per-day shared read answers it,
// and prints the calls made against the minimum (TMX pages ⌈maps/100⌉ + map-info requests ⌈maps
// Trackwatch does not know yet/100⌉ + one top page per map not read today), display-name calls apart,
// the time taken here and the time the same calls take at Nadeo's rate. It exits 1 when a search makes
// more than --max-ratio times its minimum. Under a minute on an idle 2-core machine, two to three on a
// busy one (PGlite, in this one thread, records each top); --quick leaves ProlificPia out.
// Run with `tsx --import ./scripts/support/register.mjs` so `server-only` imports resolve.
import { parseArgs } from "node:util";
import { useEmbeddedDrivers } from "./support/embedded-env";

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    maps: { type: "string", default: "1000" },
    seed: { type: "string", default: "20201" },
    // The production pace toward each service (TM_REQUESTS_PER_SECOND's default).
    rate: { type: "string", default: "0.8" },
    "max-ratio": { type: "string", default: "1.05" },
  },
});
const PROLIFIC_MAPS = Number(flags.maps);
const SEED = Number(flags.seed);
const RATE = Number(flags.rate);
const MAX_RATIO = Number(flags["max-ratio"]);

useEmbeddedDrivers({ seed: SEED, SANDBOX_PROLIFIC_MAPPER_MAPS: PROLIFIC_MAPS });

const { getDb, closeDb } = await import("@/lib/db");
const { getSandbox, getTrackmania } = await import("@/lib/trackmania");
const { drainQueue, loadJobs } = await import("@/lib/queue");
const { installJobHandlers } = await import("@/lib/workers");
const { getAppConfig } = await import("@/lib/app-config");
const { startMapSearch, getMapSearch } = await import("@/lib/search");
const { RESULT_CACHE_SECONDS } = await import("@/lib/search/result-cache");

const DAY = 86_400_000;
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
const fmt = (n: number) => n.toLocaleString("en-US");

// ─── The world ────────────────────────────────────────────────────────────────────────────────
const worldStarted = performance.now();
const sandbox = getSandbox()!;
const worldBuildMs = performance.now() - worldStarted;
const { bigMapper, prolificMapper } = sandbox.wellKnown;
if (!prolificMapper) throw new Error("the sandbox has no ProlificPia: SANDBOX_PROLIFIC_MAPPER_MAPS did not reach it");
log(`world: ${fmt(sandbox.world.players().length)} players, ${fmt(sandbox.world.maps().length)} maps, ProlificPia's ${fmt(prolificMapper.mapUids.length)} among them; built in ${worldBuildMs.toFixed(0)} ms`);

const db = await getDb();
installJobHandlers();
await loadJobs();
// The admin's maps-per-search limit (default 500) would cut ProlificPia's search at her 500 newest maps.
const { maxSearchMaps: defaultLimit, accurateDepth } = await getAppConfig();
const limit = Math.max(defaultLimit, PROLIFIC_MAPS);
await db.appConfig.upsert({ where: { id: 1 }, create: { id: 1, maxSearchMaps: limit }, update: { maxSearchMaps: limit } });
const pagesPerTop = Math.ceil(accurateDepth / 100);
log(`database ready; maps per search raised from ${fmt(defaultLimit)} to ${fmt(limit)} for this bench; tops read ${accurateDepth} deep (${pagesPerTop} page${pagesPerTop === 1 ? "" : "s"} a map)`);

// ─── One search, measured ─────────────────────────────────────────────────────────────────────
type Mapper = { accountId: string; displayName: string; mapUids: string[] };
type Measured = {
  mapper: Mapper;
  kind: "cold" | "cached" | "warm";
  calls: Record<string, number>;
  made: number;
  minimum: { tmxPages: number; mapInfo: number; tops: number; total: number; unknownMaps: number; notReadToday: number };
  nameCalls: number;
  named: number;
  wallMs: number;
  pacedS: number;
  fromCache: boolean;
};
/** Calls that are not the search's own work: tokens (a few a day, shared by everything). */
const isAuth = (endpoint: string) => endpoint === "core.token" || endpoint === "core.refresh" || endpoint === "oauth.token";
const isNames = (endpoint: string) => endpoint === "oauth.displayNames" || endpoint === "oauth.accountIds";

let userNumber = 0;
async function measure(mapper: Mapper, kind: Measured["kind"]): Promise<Measured> {
  // A new user each time: one running search per user, and a per-user rate limit.
  const user = await db.user.create({ data: { email: `bench-search-${userNumber++}@trackwatch.test`, name: "Bench" }, select: { id: true, email: true, role: true } });

  // The minimum, from what Trackwatch knows before the search starts.
  const now = sandbox.now();
  const dayStart = new Date(Math.floor(now.getTime() / DAY) * DAY);
  const planned = mapper.mapUids.slice(0, limit);
  const known = await db.map.findMany({ where: { uid: { in: mapper.mapUids } }, select: { uid: true, checkedAt: true } });
  const checkedAt = new Map(known.map((map) => [map.uid, map.checkedAt]));
  const unknownMaps = mapper.mapUids.length - known.length;
  const notReadToday = planned.filter((uid) => {
    const at = checkedAt.get(uid);
    return !at || at < dayStart;
  }).length;
  const tmxPages = Math.max(1, Math.ceil(mapper.mapUids.length / 100));
  const mapInfo = Math.ceil(unknownMaps / 100);
  const tops = notReadToday * pagesPerTop;
  // A search answered from the result cache needs nothing at all.
  const minimum =
    kind === "cached"
      ? { tmxPages: 0, mapInfo: 0, tops: 0, total: 0, unknownMaps, notReadToday }
      : { tmxPages, mapInfo, tops, total: tmxPages + mapInfo + tops, unknownMaps, notReadToday };

  getTrackmania().resetStats();
  const wallBefore = performance.now();
  const { id, fromCache } = await startMapSearch(user, { name: mapper.displayName, period: "week" });
  await drainQueue({ timeoutMs: 30 * 60_000 });
  const wallMs = performance.now() - wallBefore;
  const calls = { ...getTrackmania().stats().byEndpoint };

  const search = await getMapSearch(user, id);
  if (search.progress.state !== "done" || !search.result) throw new Error(`${kind} search of ${mapper.displayName} ended ${search.progress.state}: ${JSON.stringify(search.progress)}`);
  if (search.result.mapsSearched !== planned.length) throw new Error(`${kind} search of ${mapper.displayName} read ${search.result.mapsSearched} maps, not ${planned.length}`);
  const named = new Set(search.result.maps.flatMap((map) => [...(map.worldRecord ? [map.worldRecord.accountId] : []), ...map.records.map((r) => r.accountId)])).size;

  const entries = Object.entries(calls);
  const made = entries.filter(([endpoint]) => !isAuth(endpoint) && !isNames(endpoint)).reduce((sum, [, n]) => sum + n, 0);
  const nameCalls = entries.filter(([endpoint]) => isNames(endpoint)).reduce((sum, [, n]) => sum + n, 0);
  // Each service is paced on its own lane and a search waits for each call in turn, so at `RATE`
  // per service the calls take at least (n − 1)/RATE seconds per service, one service after another.
  const byService = new Map<string, number>();
  for (const [endpoint, n] of entries) byService.set(endpoint.split(".")[0]!, (byService.get(endpoint.split(".")[0]!) ?? 0) + n);
  const pacedS = [...byService.values()].reduce((sum, n) => sum + Math.max(0, n - 1) / RATE, 0);
  const result: Measured = { mapper, kind, calls, made, minimum, nameCalls, named, wallMs, pacedS, fromCache };
  log(`${mapper.displayName} ${kind}: ${fmt(made)} calls (minimum ${fmt(minimum.total)}), ${fmt(nameCalls)} display-name calls, ${(wallMs / 1000).toFixed(1)} s${fromCache ? ", from the result cache" : ""}`);
  return result;
}

async function searchThreeWays(mapper: Mapper, options: { cold: boolean }): Promise<Measured[]> {
  const out: Measured[] = [];
  if (options.cold) {
    // A new UTC day on the sandbox: nothing is read today, and yesterday's cached results are stale.
    sandbox.advance(DAY);
    out.push(await measure(mapper, "cold"));
  }
  out.push(await measure(mapper, "cached"));
  // Past the result cache, still the same UTC day: every top is today's already.
  sandbox.advance((RESULT_CACHE_SECONDS + 60) * 1000);
  out.push(await measure(mapper, "warm"));
  return out;
}

const results: Measured[] = [...(await searchThreeWays(bigMapper, { cold: true }))];
if (!flags.quick) results.push(...(await searchThreeWays(prolificMapper, { cold: true })));

// ─── Report ───────────────────────────────────────────────────────────────────────────────────
const duration = (seconds: number) => (seconds < 90 ? `${seconds.toFixed(0)} s` : `${(seconds / 60).toFixed(1)} min`);
const ratioOf = (m: Measured) => (m.minimum.total === 0 ? (m.made === 0 ? 1 : Number.POSITIVE_INFINITY) : m.made / m.minimum.total);
const lines = results.map((m) => {
  const maps = m.mapper.mapUids.length;
  const shown = Object.entries(m.calls)
    .filter(([endpoint]) => !isAuth(endpoint))
    .map(([endpoint, n]) => `${endpoint} ${fmt(n)}`)
    .join(", ");
  const auth = Object.entries(m.calls).filter(([endpoint]) => isAuth(endpoint)).reduce((sum, [, n]) => sum + n, 0);
  const min = m.minimum;
  const minimumText =
    m.kind === "cached"
      ? "0 (answered from the result cache)"
      : `${fmt(min.total)} = ${fmt(min.tmxPages)} TMX pages (⌈${fmt(maps)}/100⌉) + ${fmt(min.mapInfo)} map-info (⌈${fmt(min.unknownMaps)} unknown maps/100⌉) + ${fmt(min.tops)} tops (${fmt(min.notReadToday)} maps not read today)`;
  return `${m.mapper.displayName} (${fmt(maps)} maps), ${m.kind}${m.fromCache ? " (answered from the result cache)" : ""}
  calls: ${shown || "none"}${auth ? `; token requests ${auth}` : ""}
  made ${fmt(m.made)} (TMX + Nadeo) against a minimum of ${minimumText}: ratio ${ratioOf(m) === Number.POSITIVE_INFINITY ? "∞" : ratioOf(m).toFixed(3)}
  display-name calls ${fmt(m.nameCalls)} (the name look-up and ${fmt(m.named)} accounts named in the result; ⌈${fmt(m.named)}/50⌉ = ${Math.ceil(m.named / 50)} if none were cached)
  time here ${(m.wallMs / 1000).toFixed(1)} s; at ${RATE} requests/s per service these calls take ≈ ${duration(m.pacedS)}`;
});
const worst = results.reduce((a, b) => (ratioOf(b) > ratioOf(a) ? b : a));
console.log(`
Map search bench${flags.quick ? " (--quick: ProlificPia left out)" : ""} — sandbox seed ${SEED}, period "week", tops ${accurateDepth} deep; searches run at ${fmt(100_000)} requests/s toward the in-process sandbox
cold: a new UTC day, nothing read today; cached: the same search at once (result cache, ${RESULT_CACHE_SECONDS / 60} min); warm: the same search ${RESULT_CACHE_SECONDS / 60 + 1} min later, the same day (every top already read today)

${lines.join("\n\n")}

Largest ratio: ${ratioOf(worst).toFixed(3)} (${worst.mapper.displayName}, ${worst.kind}); limit ${MAX_RATIO}
Whole bench ${((Date.now() - started) / 1000).toFixed(0)} s
`);
await closeDb();
if (ratioOf(worst) > MAX_RATIO) {
  console.error(`A search made more than ${MAX_RATIO}× its minimum of calls (${worst.mapper.displayName}, ${worst.kind}).`);
  process.exitCode = 1;
}
