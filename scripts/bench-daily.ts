// npm run bench:daily [-- --quick] [-- --users N --mappers M --players P --seed S]
// One daily run on a big sandbox world, all in this process (PGlite in memory, memory KV, the
// in-process queue, the outbox): seeds users and their mapper alerts directly with Prisma (as
// alert creation would leave them), moves simulated time a day, runs, and prints what it cost
// against the minimum of DESIGN.md §5 ("The daily run's call budget") and against the original
// app's strategy (peers.md §1.5–1.7).
// By default it runs the target world (2,000 users, ≈20,000 maps), ≈13 minutes on a busy 2-core
// machine: PGlite runs inside this one Node thread, so the run is bound by one core (≈0.23 s of
// CPU per user check, most of it database work). --quick runs a quarter of it in a few minutes.
// Run with `tsx --import ./scripts/support/register.mjs` so `server-only` imports resolve.
import { parseArgs } from "node:util";
import { useEmbeddedDrivers } from "./support/embedded-env";

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    users: { type: "string" },
    // Mappers besides the two well-known ones; each has 1–40 maps (≈20.5 on average): 970 ≈ 20,000 maps.
    mappers: { type: "string" },
    players: { type: "string", default: "10000" },
    seed: { type: "string", default: "20201" },
  },
});
const USERS = Number(flags.users ?? (flags.quick ? 500 : 2000));
const MAPPERS = Number(flags.mappers ?? (flags.quick ? 240 : 970));
const PLAYERS = Number(flags.players);
const SEED = Number(flags.seed);
const SCALED_DOWN = USERS < 2000 || MAPPERS < 970;

useEmbeddedDrivers({ seed: SEED, SANDBOX_MAPPERS: MAPPERS, SANDBOX_PLAYERS: PLAYERS });

const { getDb, closeDb } = await import("@/lib/db");
const { getSandbox, getTrackmania } = await import("@/lib/trackmania");
const { startDailyRun } = await import("@/lib/daily-run/start-daily-run");
const { localDayAndHour } = await import("@/lib/daily-run/time");
const { initialiseBaselines } = await import("@/lib/checks/position-check");
const { ANY_RECORD_SCORE } = await import("@/lib/checks/baselines");
const { drainQueue, loadJobs } = await import("@/lib/queue");
const { installJobHandlers } = await import("@/lib/workers");

const DAY = 86_400_000;
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);

// ─── The world ────────────────────────────────────────────────────────────────────────────────
// The app's own sandbox runtime, grown through config; nothing is rate-limited toward an in-process world.
const worldStarted = performance.now();
const sandbox = getSandbox()!;
const worldBuildMs = performance.now() - worldStarted;

const world = sandbox.world;
const t0 = sandbox.now();
const runAt = new Date(t0.getTime() + DAY);
// Confirmed catalogues: what TMX lists (and Nadeo confirms) is what an alert watches.
const mappers = world.mappers().filter((mapper) => world.maps(mapper.accountId).some((map) => map.tmx !== null));
const catalogue = new Map(mappers.map((mapper) => [mapper.accountId, world.maps(mapper.accountId).filter((map) => map.tmx !== null)]));
const allMaps = [...catalogue.values()].flat();
if (SCALED_DOWN) {
  log(`running ${USERS} users on ${MAPPERS} mappers, not the target 2,000 users on ≈20,000 maps: drop --quick (or the sizes) for the full world, ≈13 minutes here (PGlite runs in this single Node thread, ≈0.23 s CPU per user check).`);
}
log(`world: ${world.players().length} players, ${mappers.length} mappers, ${world.maps().length} maps (${allMaps.length} on TMX), built in ${worldBuildMs.toFixed(0)} ms`);

// ─── Seed ─────────────────────────────────────────────────────────────────────────────────────
const db = await getDb();
installJobHandlers();
await loadJobs();
log("database ready");

const chunk = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

for (const part of chunk(allMaps, 1000)) {
  await db.map.createMany({
    data: part.map((map) => ({
      uid: map.uid,
      mapId: map.mapId,
      name: map.name,
      authorAccountId: map.authorAccountId,
      authorTime: map.authorTime,
      goldTime: map.goldTime,
      silverTime: map.silverTime,
      bronzeTime: map.bronzeTime,
      // Shaped like Nadeo's public thumbnail URLs, so emails link them as in production.
      thumbnailUrl: `https://core.trackmania.nadeo.live/maps/${map.mapId}/thumbnail.jpg`,
      tmxId: map.tmx?.mapId ?? null,
      uploadedAt: new Date(map.uploadTimestamp * 1000),
    })),
  });
}

const zones = ["UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "America/Los_Angeles", "Asia/Kolkata"];
const users = Array.from({ length: USERS }, (_, i) => {
  const timezone = zones[i % zones.length]!;
  // Everyone's digest hour is the run's hour in their zone, so the whole bench is one run.
  return { id: `benchuser${String(i).padStart(5, "0")}`, email: `bench${i}@trackwatch.test`, timezone, digestHour: localDayAndHour(runAt, timezone).hour };
});
for (const part of chunk(users, 1000)) {
  await db.user.createMany({ data: part.map((user) => ({ ...user, name: `Bench ${user.id}`, emailVerifiedAt: t0 })) });
}

// 1–3 alerts per user (2 on average), mappers dealt round-robin so each is watched by ≈4 users.
// Every fifth mapper's watchers chose position mode; BigMapperBea (150 maps) is in it by size.
const positionChosen = new Set(mappers.filter((_, index) => index % 5 === 0 && index > 1).map((mapper) => mapper.accountId));
type SeedAlert = { id: string; userId: string; mapperAccountId: string; mapperDisplayName: string; mode: "ACCURATE" | "POSITION"; modeChosenByUser: boolean };
const alerts: SeedAlert[] = [];
let dealt = 0;
for (const [index, user] of users.entries()) {
  for (let j = 0; j < 1 + (index % 3); j++) {
    const mapper = mappers[dealt++ % mappers.length]!;
    const maps = catalogue.get(mapper.accountId)!;
    const chosen = positionChosen.has(mapper.accountId);
    alerts.push({
      id: `benchalert${String(alerts.length).padStart(6, "0")}`,
      userId: user.id,
      mapperAccountId: mapper.accountId,
      mapperDisplayName: mapper.displayName,
      mode: chosen || maps.length > 100 ? "POSITION" : "ACCURATE",
      modeChosenByUser: chosen,
    });
  }
}
for (const part of chunk(alerts, 1000)) {
  await db.mapperAlert.createMany({ data: part.map((alert) => ({ ...alert, mapsRefreshedAt: t0 })) });
}
const alertMaps = alerts.flatMap((alert) =>
  catalogue.get(alert.mapperAccountId)!.map((map) => ({ alertId: alert.id, mapUid: map.uid, addedAt: t0, reportedUntil: new Date(0) })),
);
for (const part of chunk(alertMaps, 5000)) await db.mapperAlertMap.createMany({ data: part });

// What alert creation does for maps only watched in position mode: a baseline from the position endpoint.
const accurateUids = new Set(alerts.filter((a) => a.mode === "ACCURATE").flatMap((a) => catalogue.get(a.mapperAccountId)!.map((m) => m.uid)));
const positionOnly = [...new Set(alerts.filter((a) => a.mode === "POSITION").flatMap((a) => catalogue.get(a.mapperAccountId)!.map((m) => m.uid)))].filter(
  (uid) => !accurateUids.has(uid),
);
await initialiseBaselines(positionOnly, t0);

// Driver watches: every user watches their own time on one map inside the top the run reads anyway
// (a map some alert reads in accurate mode: it costs no extra call), and every second user one on an
// official campaign map where they rank in the thousands (position requests shared by everyone).
const accurateList = [...accurateUids].filter((uid) => (world.leaderboard(uid)?.length ?? 0) >= 40);
const officialBusy = world.maps().filter((map) => map.official?.kind === "season" && map.official.releasedAt * 1000 <= t0.getTime() && (world.leaderboard(map.uid)?.length ?? 0) > 2_000);
const campaignRows = officialBusy.filter((map) => !allMaps.some((known) => known.uid === map.uid));
if (campaignRows.length > 0) {
  await db.map.createMany({
    data: campaignRows.map((map) => ({ uid: map.uid, mapId: map.mapId, name: map.name, authorAccountId: map.authorAccountId, authorTime: map.authorTime, goldTime: map.goldTime, silverTime: map.silverTime, bronzeTime: map.bronzeTime, tmxId: map.tmx?.mapId ?? null })),
    skipDuplicates: true,
  });
}
type SeedWatch = { userId: string; mapUid: string; accountId: string; lastScore: number; lastPosition: number; positionAnswer?: number; lastCheckedAt: Date; reportedUntil: Date };
// What adding a watch asks the position endpoint for the driver's time (the sandbox counts records at or below it).
const positionAnswerFor = (mapUid: string, score: number) => (world.leaderboard(mapUid) ?? []).filter((entry) => entry.score <= score).length + 1;
const watches: SeedWatch[] = [];
for (const [index, user] of users.entries()) {
  const inTopMap = accurateList[(index * 7) % accurateList.length];
  const inTop = inTopMap ? world.leaderboard(inTopMap)![10 + ((index * 13) % 30)] : undefined;
  if (inTopMap && inTop) watches.push({ userId: user.id, mapUid: inTopMap, accountId: inTop.accountId, lastScore: inTop.score, lastPosition: inTop.position, lastCheckedAt: t0, reportedUntil: t0 });
  const deepMap = index % 2 === 0 ? officialBusy[(index / 2) % Math.max(1, officialBusy.length)] : undefined;
  const deep = deepMap ? world.leaderboard(deepMap.uid)![300 + ((index * 37) % 1_500)] : undefined;
  if (deepMap && deep) {
    watches.push({ userId: user.id, mapUid: deepMap.uid, accountId: deep.accountId, lastScore: deep.score, lastPosition: deep.position, positionAnswer: positionAnswerFor(deepMap.uid, deep.score), lastCheckedAt: t0, reportedUntil: t0 });
  }
}
for (const part of chunk(watches, 1000)) await db.driverWatch.createMany({ data: part });
const beyondWatches = watches.filter((watch) => watch.lastPosition > 100);
log(`seeded ${watches.length} driver watches: ${watches.length - beyondWatches.length} inside the top 100, ${beyondWatches.length} beyond it on ${officialBusy.length} campaign maps`);
log(`seeded ${users.length} users, ${alerts.length} alerts (${alerts.filter((a) => a.mode === "POSITION").length} in position mode), ${alertMaps.length} alert maps; ${accurateUids.size} maps watched in accurate mode, ${positionOnly.length} in position mode only`);

// ─── Run ──────────────────────────────────────────────────────────────────────────────────────
sandbox.advance(runAt.getTime() - t0.getTime());
// Maps whose count of records (at or above the baseline score) grew: position mode must fetch their tops.
const baselines = new Map((await db.mapBaseline.findMany({ where: { mapUid: { in: positionOnly } } })).map((row) => [row.mapUid, row]));
const grownSet = new Set(
  positionOnly.filter((uid) => {
    const baseline = baselines.get(uid);
    if (!baseline) return true;
    const board = world.leaderboard(uid) ?? [];
    const atOrAbove = baseline.score === ANY_RECORD_SCORE ? board.length : board.filter((entry) => entry.score <= baseline.score).length;
    return atOrAbove + 1 > baseline.position;
  }),
);
const grownTruth = grownSet.size;
// Watches beyond the top whose driver's standing moved: each costs one by-account and one surround read.
const standingNow = (watch: SeedWatch) => world.leaderboard(watch.mapUid)!.find((entry) => entry.accountId === watch.accountId);
const movedBeyond = beyondWatches.filter((watch) => {
  const now = standingNow(watch);
  return !now || now.position > watch.lastPosition;
}).length;

getTrackmania().resetStats();
const cpuBefore = process.cpuUsage();
const wallBefore = Date.now();
const progress = setInterval(() => {
  void db.dailyRun.findFirst({ orderBy: { startedAt: "desc" } }).then((run) => run && log(`… ${run.usersChecked}/${run.usersDue} users checked, ${run.emailsSent} emails sent`));
}, 15_000);
progress.unref();
const { run } = await startDailyRun({ trigger: "script" });
await drainQueue({ timeoutMs: 60 * 60_000 });
clearInterval(progress);
const wallMs = Date.now() - wallBefore;
const cpu = process.cpuUsage(cpuBefore);
const finished = await db.dailyRun.findUniqueOrThrow({ where: { id: run.id } });
const calls = getTrackmania().stats().byEndpoint;

// ─── The minimum (DESIGN.md §5) ───────────────────────────────────────────────────────────────
const finalAlerts = await db.mapperAlert.findMany({ include: { maps: { where: { muted: false }, select: { mapUid: true } } } });
const accurate = new Set(finalAlerts.filter((a) => a.mode === "ACCURATE").flatMap((a) => a.maps.map((m) => m.mapUid)));
const positional = new Set(finalAlerts.filter((a) => a.mode === "POSITION").flatMap((a) => a.maps.map((m) => m.mapUid)).filter((uid) => !accurate.has(uid)));
const depth = (await db.appConfig.findUnique({ where: { id: 1 } }))?.accurateDepth ?? 100;
const pagesPerTop = Math.ceil(depth / 100);
const grownFetched = await db.map.count({ where: { uid: { in: [...positional] }, checkedAt: runAt } });
const reported = await db.notification.findMany({ where: { kind: "MAPPER_RECORD" }, select: { payload: true } });
const driverIds = new Set(reported.map((n) => (n.payload as { accountId: string }).accountId));
const watchReports = await db.notification.findMany({ where: { kind: "DRIVER_BEATEN" }, select: { payload: true } });
const passerIds = watchReports.flatMap((n) => (n.payload as { passers: { accountId: string }[] }).passers.map((passer) => passer.accountId));
const namedIds = new Set([...driverIds, ...passerIds, ...finalAlerts.map((a) => a.mapperAccountId)]);
const watchTopsExtra = new Set(watches.filter((watch) => watch.lastPosition <= depth && !accurate.has(watch.mapUid) && !positional.has(watch.mapUid)).map((watch) => watch.mapUid)).size;
const beyondPairs = new Set(beyondWatches.map((watch) => `${watch.mapUid}:${watch.lastScore}`)).size;
const minimum = {
  tops: (accurate.size + watchTopsExtra) * pagesPerTop,
  positions: Math.ceil(positional.size / 50),
  grownTops: grownTruth * pagesPerTop,
  watchPositions: Math.ceil(beyondPairs / 50),
  movedWatches: 2 * movedBeyond,
  displayNames: Math.ceil(namedIds.size / 50),
};
const minimumTotal = minimum.tops + minimum.positions + minimum.grownTops + minimum.watchPositions + minimum.movedWatches + minimum.displayNames;
const counted = ["live.top", "live.positions", "oauth.displayNames", "live.mapInfo", "core.records", "live.surround"].reduce((sum, endpoint) => sum + (calls[endpoint] ?? 0), 0);

// ─── The original app's strategy on the same world (peers.md §1.5–1.7) ───────────────────────
// One user at a time, nothing shared between users; an alert over 100 maps is checked
// "inaccurately" (⌈maps/50⌉ position calls, then the top of each changed map), otherwise every map's
// top is read with a 500 ms pause after each; display names one call per id in driver checks (none
// here: the bench has mapper alerts only), batched per user for mapper emails (the kindest reading).
let originalCalls = 0;
let originalPausedTops = 0;
const driversByUser = new Map<string, Set<string>>();
for (const n of await db.notification.findMany({ where: { kind: "MAPPER_RECORD" }, select: { userId: true, payload: true } })) {
  const set = driversByUser.get(n.userId) ?? new Set<string>();
  set.add((n.payload as { accountId: string }).accountId);
  driversByUser.set(n.userId, set);
}
for (const alert of finalAlerts) {
  const maps = alert.maps.map((m) => m.mapUid);
  if (maps.length > 100) {
    const changed = maps.filter((uid) => grownSet.has(uid)).length;
    originalCalls += Math.ceil(maps.length / 50) + changed;
    originalPausedTops += changed;
  } else {
    originalCalls += maps.length;
    originalPausedTops += maps.length;
  }
}
for (const ids of driversByUser.values()) originalCalls += Math.ceil(ids.size / 50);
const originalMinWallS = originalPausedTops * 0.5;

// The largest email of the run, against the size Gmail shows without clipping (compose-digest.ts).
const { MAX_DIGEST_HTML_BYTES } = await import("@/lib/digest");
const [largest] = await db.$queryRaw<{ bytes: number | null; records: number | null }[]>`
  SELECT octet_length("html")::int AS bytes, "recordCount" AS records FROM "Digest" WHERE "html" IS NOT NULL ORDER BY octet_length("html") DESC LIMIT 1`;

// ─── Report ───────────────────────────────────────────────────────────────────────────────────
const fmt = (n: number) => n.toLocaleString("en-US");
const hours = (seconds: number) => `${(seconds / 3600).toFixed(1)} h`;
const usersChecked = finished.usersChecked;
const cpuMs = (cpu.user + cpu.system) / 1000;
const liveCalls = Object.entries(calls).filter(([endpoint]) => endpoint.startsWith("live.")).reduce((sum, [, n]) => sum + n, 0);
console.log(`
Daily run bench${SCALED_DOWN ? " (scaled down: without --quick it runs 2,000 users on ≈20,000 maps)" : ""} — sandbox seed ${SEED}: ${fmt(world.players().length)} players, ${fmt(allMaps.length)} maps on TMX by ${fmt(mappers.length)} mappers
Users ${fmt(USERS)} (${zones.length} time zones), alerts ${fmt(finalAlerts.length)}, maps watched ${fmt(accurate.size + positional.size)} (${fmt(accurate.size)} accurate, ${fmt(positional.size)} position-only)
Driver watches ${fmt(watches.length)}: ${fmt(watches.length - beyondWatches.length)} inside the top (read with the alerts' tops), ${fmt(beyondWatches.length)} beyond it (${fmt(movedBeyond)} passed or improved); ${fmt(watchReports.length)} reported

Run ${finished.slot}: ${finished.status.toLowerCase()}, users checked ${fmt(usersChecked)}/${fmt(finished.usersDue)}, records found ${fmt(finished.recordsFound)}, emails sent ${fmt(finished.emailsSent)} (failed ${finished.emailsFailed})
Calls made, by endpoint: ${Object.entries(calls).map(([endpoint, n]) => `${endpoint} ${fmt(n)}`).join(", ")}
  Nadeo + display-name calls (top, positions, map info, records, surround, display names): ${fmt(counted)}
Minimum for this world: ${fmt(minimumTotal)} = ${fmt(minimum.tops)} tops (accurate maps × ${pagesPerTop} page) + ${fmt(minimum.positions)} position requests (⌈${fmt(positional.size)}/50⌉) + ${fmt(minimum.grownTops)} tops of grown position maps (${fmt(grownFetched)} fetched) + ${fmt(minimum.watchPositions)} watch position requests (⌈${fmt(beyondPairs)} (map, time) pairs/50⌉) + ${fmt(minimum.movedWatches)} by-account and surround reads (${fmt(movedBeyond)} moved watches × 2) + ${fmt(minimum.displayNames)} display-name calls (⌈${fmt(namedIds.size)} ids/50⌉)
Ratio made / minimum: ${(counted / minimumTotal).toFixed(3)}
Wall time: ${(wallMs / 1000).toFixed(1)} s for the run (${(wallMs / Math.max(1, usersChecked)).toFixed(1)} ms per user); whole bench ${((Date.now() - started) / 1000).toFixed(0)} s
CPU: ${(cpuMs / 1000).toFixed(1)} s user+system, ${(cpuMs / Math.max(1, usersChecked)).toFixed(1)} ms per user check (includes the in-process sandbox and PGlite)
Largest digest email: ${fmt(largest?.bytes ?? 0)} bytes of HTML (${fmt(largest?.records ?? 0)} records; limit ${fmt(MAX_DIGEST_HTML_BYTES)})
At the production rate limit (0.8 requests/s per service) the ${fmt(liveCalls)} Live calls alone take at least ${hours(liveCalls / 0.8)}.

The original app's strategy on the same world (mapper alerts; it could not watch drivers below the top 5): ${fmt(originalCalls)} calls (${(originalCalls / minimumTotal).toFixed(1)}× the minimum), of which ${fmt(originalPausedTops)} top reads with a 500 ms pause each: at least ${hours(originalMinWallS)} one user after another.
`);
await closeDb();
