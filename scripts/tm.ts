// npm run tm -- <command> [args] [--json] — asks Trackmania's services (or the sandbox) from the shell.
//
// Talks to the real services when NADEO_SERVER_LOGIN & co. are set (env or .env), else to the embedded
// sandbox world in-process. Imports lib/trackmania's lower-level files, not its `server-only` index.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadConfig, type Config } from "@/lib/config";
import type { KvValueStore } from "@/lib/kv/types";
import { TrackmaniaError } from "@/lib/trackmania/errors";
import { createTrackmaniaFromConfig, type TrackmaniaRuntime } from "@/lib/trackmania/from-config";
import { stripFormatting } from "@/lib/trackmania/schemas";

const usage = `Usage: npm run tm -- <command> [args] [--json]

Commands:
  maps-by-author <displayName>     maps Trackmania Exchange lists for an author (all pages)
  top <mapUid> [depth]             world leaderboard of a map (default depth 100), with display names
  map <uid...>                     map info (Live)
  positions <uid>=<score>...       position a time (ms) would get on each map
  names <accountId...>             display names of account ids
  account-id <displayName>         account id of a display name
  records <accountId> <mapUid...>  a player's personal bests on maps (Core)
  search <name>                    Trackmania Exchange maps whose name contains <name> (newest first, up to 100)
  tmx <uid|tmxId>                  one map's Trackmania Exchange listing
  campaign                         the official seasonal campaign running now
  totd [monthOffset]               Tracks of the Day of this month (0, default) or an earlier one
  surround <mapUid> <score>        where a time (ms) stands on a map, with the drivers just ahead and behind
  stats                            which services are used, and the sandbox's well-known accounts

Uses the real services when NADEO_SERVER_LOGIN/NADEO_SERVER_PASSWORD (+ TM_OAUTH_*, TM_USER_AGENT) are
set, otherwise the in-process sandbox (SANDBOX_SEED, SANDBOX_FAULTS apply). Calls made are printed
to stderr after every command.`;

type Output = { json: boolean };

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const [command, ...args] = argv.filter((arg) => arg !== "--json");
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(usage);
    return command ? 0 : 1;
  }

  loadDotEnv();
  const config = loadConfig(process.env);
  const runtime = buildRuntime(config);
  const out: Output = { json };
  const started = performance.now();
  try {
    await run(runtime, command, args, out);
  } finally {
    const stats = runtime.client.stats();
    const calls = Object.entries(stats.byEndpoint)
      .map(([endpoint, n]) => `${endpoint}×${n}`)
      .join(" ");
    console.error(
      `[${runtime.driver}] ${stats.requests} request(s)${calls ? ` (${calls})` : ""}` +
        `${stats.retries ? `, ${stats.retries} retries` : ""} in ${Math.round(performance.now() - started)} ms`,
    );
  }
  return 0;
}

async function run(runtime: TrackmaniaRuntime, command: string, args: string[], out: Output): Promise<void> {
  const tm = runtime.client;
  switch (command) {
    case "maps-by-author": {
      const author = args.join(" ").trim();
      if (!author) throw new UsageError("maps-by-author needs a display name");
      const maps = await tm.getMapsByAuthor(author);
      if (out.json) return printJson(maps);
      printTable(
        maps.map((m) => ({
          tmx: m.tmxId,
          uid: m.uid,
          name: stripFormatting(m.name),
          authors: m.authorNames.join(", "),
          uploaded: formatDate(m.uploadedAt),
          awards: m.awardCount,
        })),
      );
      console.log(`${maps.length} map(s) by "${author}" on Trackmania Exchange`);
      return;
    }
    case "top": {
      const [mapUid, depthArg] = args;
      if (!mapUid) throw new UsageError("top needs a map uid");
      const depth = depthArg === undefined ? 100 : Number(depthArg);
      if (!Number.isInteger(depth) || depth < 1) throw new UsageError(`depth must be a positive integer, got ${depthArg}`);
      const top = await tm.getTop(mapUid, { depth });
      const names = await tm.getDisplayNames(top.map((e) => e.accountId));
      if (out.json) return printJson(top.map((e) => ({ ...e, displayName: names.get(e.accountId) ?? null })));
      printTable(
        top.map((e) => ({
          pos: e.position,
          time: formatTime(e.score),
          player: names.get(e.accountId) ?? e.accountId,
          zone: e.zoneName ?? "",
          driven: formatDate(e.timestamp),
        })),
      );
      return;
    }
    case "map": {
      if (args.length === 0) throw new UsageError("map needs at least one uid");
      const maps = await tm.getMapInfo(args);
      if (out.json) return printJson(maps);
      const authors = await tm.getDisplayNames(maps.map((m) => m.authorAccountId));
      printTable(
        maps.map((m) => ({
          uid: m.uid,
          name: stripFormatting(m.name),
          author: authors.get(m.authorAccountId) ?? m.authorAccountId,
          AT: formatTime(m.authorTime),
          gold: formatTime(m.goldTime),
          silver: formatTime(m.silverTime),
          bronze: formatTime(m.bronzeTime),
          uploaded: formatDate(m.uploadedAt),
        })),
      );
      const missing = args.filter((uid) => !maps.some((m) => m.uid === uid));
      if (missing.length > 0) console.log(`unknown: ${missing.join(", ")}`);
      return;
    }
    case "positions": {
      if (args.length === 0) throw new UsageError("positions needs <uid>=<score> pairs");
      const queries = args.map((arg) => {
        const match = /^(.+)=(\d+)$/.exec(arg);
        if (!match) throw new UsageError(`expected <uid>=<score in ms>, got "${arg}"`);
        return { mapUid: match[1]!, score: Number(match[2]) };
      });
      const results = await tm.getPositions(queries);
      if (out.json) return printJson(results);
      printTable(results.map((r) => ({ uid: r.mapUid, time: formatTime(r.score), position: r.position })));
      const answered = new Set(results.map((r) => `${r.mapUid}=${r.score}`));
      const omitted = queries.filter((q) => !answered.has(`${q.mapUid}=${q.score}`));
      if (omitted.length > 0) console.log(`not answered: ${omitted.map((q) => q.mapUid).join(", ")}`);
      return;
    }
    case "names": {
      if (args.length === 0) throw new UsageError("names needs at least one account id");
      const names = await tm.getDisplayNames(args);
      if (out.json) return printJson(Object.fromEntries(names));
      printTable(args.map((id) => ({ accountId: id, displayName: names.get(id) ?? "(unknown)" })));
      return;
    }
    case "account-id": {
      const name = args.join(" ").trim();
      if (!name) throw new UsageError("account-id needs a display name");
      const id = await tm.getAccountId(name);
      if (out.json) return printJson({ displayName: name, accountId: id });
      console.log(id ?? `no account named "${name}"`);
      return;
    }
    case "records": {
      const [accountId, ...mapUids] = args;
      if (!accountId || mapUids.length === 0) throw new UsageError("records needs an account id and map uids");
      const records = await tm.getPlayerRecords(accountId, mapUids);
      if (out.json) return printJson(records);
      printTable(
        records.map((r) => ({
          uid: r.mapUid,
          time: formatTime(r.time),
          medal: r.medal ?? "",
          driven: formatDate(r.timestamp),
        })),
      );
      const without = mapUids.filter((uid) => !records.some((r) => r.mapUid === uid));
      if (without.length > 0) console.log(`no record on: ${without.join(", ")}`);
      return;
    }
    case "search": {
      const name = args.join(" ").trim();
      if (!name) throw new UsageError("search needs (part of) a map name");
      const maps = await tm.searchMapsByName(name, { limit: 100 });
      if (out.json) return printJson(maps);
      printTable(maps.map((m) => ({ tmx: m.tmxId, uid: m.uid, name: m.name, authors: m.authors.join(", "), uploaded: formatDate(m.uploadedAt), awards: m.awardCount })));
      console.log(`${maps.length} map(s) named like "${name}" on Trackmania Exchange${maps.length === 100 ? " (the newest 100)" : ""}`);
      return;
    }
    case "tmx": {
      const [ref] = args;
      if (!ref) throw new UsageError("tmx needs a map uid or a TMX id");
      const map = await tm.getTmxMap(/^\d+$/.test(ref) ? { tmxId: Number(ref) } : { uid: ref });
      if (out.json) return printJson(map);
      if (!map) {
        console.log(`${ref} is not on Trackmania Exchange`);
        return;
      }
      printTable([{ tmx: map.tmxId, uid: map.uid, mapId: map.mapId ?? "", name: map.name, authors: map.authors.join(", "), uploaded: formatDate(map.uploadedAt), awards: map.awardCount }]);
      if (map.rawName !== map.name) console.log(`raw name: ${map.rawName}`);
      return;
    }
    case "campaign": {
      const campaign = await tm.getCurrentOfficialCampaign();
      if (out.json) return printJson(campaign);
      if (!campaign) {
        console.log("no official campaign is running");
        return;
      }
      const names = new Map((await tm.getMapInfo(campaign.mapUids)).map((m) => [m.uid, m] as const));
      console.log(`${campaign.name}: ${formatDate(campaign.startsAt)} → ${formatDate(campaign.endsAt)} (UTC)`);
      printTable(
        campaign.mapUids.map((uid, i) => ({ "#": i + 1, uid, name: stripFormatting(names.get(uid)?.name ?? ""), AT: formatTime(names.get(uid)?.authorTime ?? null) })),
      );
      return;
    }
    case "totd": {
      const offset = args[0] === undefined ? 0 : Number(args[0]);
      if (!Number.isInteger(offset) || offset < 0) throw new UsageError(`monthOffset must be 0 or more, got ${args[0]}`);
      const month = await tm.getTracksOfTheDay(offset);
      if (out.json) return printJson(month);
      const label = `${month.year}-${String(month.month).padStart(2, "0")}`;
      if (month.days.length === 0) {
        console.log(`no Track of the Day has started in ${label} yet`);
        return;
      }
      const names = new Map((await tm.getMapInfo(month.days.map((d) => d.mapUid))).map((m) => [m.uid, m.name] as const));
      printTable(month.days.map((d) => ({ day: d.day, uid: d.mapUid, name: stripFormatting(names.get(d.mapUid) ?? ""), starts: formatDate(d.startsAt) })));
      console.log(`${month.days.length} Track(s) of the Day in ${label}`);
      return;
    }
    case "surround": {
      const [mapUid, scoreArg] = args;
      if (!mapUid || scoreArg === undefined) throw new UsageError("surround needs a map uid and a time in ms");
      const score = Number(scoreArg);
      if (!Number.isInteger(score) || score <= 0) throw new UsageError(`the time must be a positive integer (ms), got ${scoreArg}`);
      const result = await tm.getSurround(mapUid, score);
      const neighbours = result ? [result.above, result.below].filter((e) => e !== null) : [];
      const names = await tm.getDisplayNames(neighbours.map((e) => e.accountId));
      if (out.json) {
        const named = (e: (typeof neighbours)[number] | null | undefined) => (e ? { ...e, displayName: names.get(e.accountId) ?? null } : null);
        return printJson(result && { ...result, above: named(result.above), below: named(result.below) });
      }
      if (!result) {
        console.log("the service answered nothing");
        return;
      }
      const row = (e: (typeof neighbours)[number]) => ({ pos: e.position, time: formatTime(e.score), player: names.get(e.accountId) ?? e.accountId, zone: e.zoneName ?? "" });
      printTable([
        ...(result.above ? [row(result.above)] : []),
        { pos: result.position, time: formatTime(result.score), player: "(this time)", zone: "" },
        ...(result.below ? [row(result.below)] : []),
      ]);
      return;
    }
    case "stats": {
      return printStats(runtime, out);
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function printStats(runtime: TrackmaniaRuntime, out: Output): void {
  const { sandbox } = runtime;
  const accounts = sandbox
    ? (["smallMapper", "bigMapper", "topDriver", "midPackDriver"] as const).map((role) => {
        const { accountId, displayName, mapUids } = sandbox.wellKnown[role];
        return { role, displayName, accountId, maps: mapUids.length, firstMap: mapUids[0] ?? "" };
      })
    : [];
  if (out.json) {
    return printJson({
      driver: runtime.driver,
      sandbox: sandbox
        ? { now: sandbox.now().toISOString(), wellKnown: accounts, official: sandbox.wellKnown.official, requests: sandbox.stats() }
        : null,
    });
  }
  if (!sandbox) {
    console.log("driver: nadeo (the real services); every command prints the calls it made to stderr");
    return;
  }
  console.log(`driver: sandbox (in-process), simulated time ${sandbox.now().toISOString()}`);
  printTable(accounts);
  const { official, midPackDriver } = sandbox.wellKnown;
  console.log(`official maps (campaigns, Tracks of the Day) are by "${official.displayName}" (${official.accountId})`);
  console.log(`\ntry: npm run tm -- maps-by-author "${sandbox.wellKnown.smallMapper.displayName}"`);
  console.log(`     npm run tm -- top ${sandbox.wellKnown.maps.busy} 10`);
  console.log(`     npm run tm -- campaign`);
  console.log(`     npm run tm -- records ${midPackDriver.accountId} ${midPackDriver.mapUids[0] ?? "<mapUid>"}   (then surround <mapUid> <her time>)`);
}

function buildRuntime(config: Config): TrackmaniaRuntime {
  if (config.drivers.trackmania === "nadeo") {
    // Tokens and display names survive between runs, so repeated commands do not log in every time.
    return createTrackmaniaFromConfig(config, createFileKv(resolve(".data/tm-cli-kv.json")));
  }
  // The sandbox needs no manners: go fast.
  return createTrackmaniaFromConfig(config, createFileKv(null), { requestsPerSecond: 50 });
}

class UsageError extends Error {}

// ─── output ────────────────────────────────────────────────────────────────────────────────────

function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

function printTable(rows: Record<string, unknown>[]): void {
  if (rows.length === 0) {
    console.log("(nothing)");
    return;
  }
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) => columns.map((column) => String(row[column] ?? "")));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i]!)).join("  ").trimEnd();
  console.log(line(columns));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of cells) console.log(line(row));
}

/** 53145 → "0:53.145"; null (hidden by a secret threshold) → "hidden". */
function formatTime(ms: number | null): string {
  if (ms === null) return "hidden";
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}:${String(seconds).padStart(2, "0")}.${String(ms % 1000).padStart(3, "0")}`;
}

function formatDate(date: Date | null): string {
  return date ? date.toISOString().replace("T", " ").slice(0, 19) : "";
}

// ─── environment ───────────────────────────────────────────────────────────────────────────────

function loadDotEnv(): void {
  for (const file of [".env.local", ".env"]) {
    if (!existsSync(file)) continue;
    try {
      // Does not override variables already set in the shell.
      process.loadEnvFile(file);
    } catch (error) {
      console.error(`could not read ${file}: ${(error as Error).message}`);
    }
  }
}

/**
 * A small KV for the CLI: in memory, optionally persisted to a JSON file (mode 600, under the
 * gitignored .data/). The app's own KV module is `server-only`, which plain tsx cannot import.
 */
function createFileKv(path: string | null): KvValueStore {
  type Entry = { value: unknown; expiresAt: number | null };
  let data: Record<string, Entry> = {};
  if (path && existsSync(path)) {
    try {
      data = JSON.parse(readFileSync(path, "utf8")) as Record<string, Entry>;
    } catch {
      data = {};
    }
  }
  const live = (key: string): Entry | undefined => {
    const entry = data[key];
    if (entry && entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
      delete data[key];
      return undefined;
    }
    return entry;
  };
  const save = () => {
    if (!path) return;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(data), { mode: 0o600 });
  };
  return {
    driver: "memory",
    async get<T>(key: string) {
      return (live(key)?.value ?? null) as T | null;
    },
    async set(key, value, options) {
      if (options?.onlyIfAbsent && live(key)) return false;
      data[key] = { value, expiresAt: options?.ttlSeconds ? Date.now() + options.ttlSeconds * 1000 : null };
      save();
      return true;
    },
    async del(...keys) {
      const removed = keys.filter((key) => live(key) !== undefined && delete data[key]).length;
      save();
      return removed;
    },
    async mget<T>(keys: string[]) {
      return keys.map((key) => (live(key)?.value ?? null) as T | null);
    },
    async incr(key, by = 1) {
      const next = Number(live(key)?.value ?? 0) + by;
      data[key] = { value: next, expiresAt: live(key)?.expiresAt ?? null };
      save();
      return next;
    },
    async expire(key, ttlSeconds) {
      const entry = live(key);
      if (!entry) return false;
      entry.expiresAt = Date.now() + ttlSeconds * 1000;
      save();
      return true;
    },
    async ttl(key) {
      const entry = live(key);
      if (!entry) return -2;
      return entry.expiresAt === null ? -1 : Math.ceil((entry.expiresAt - Date.now()) / 1000);
    },
    async ping() {
      return true;
    },
    ratelimitClient() {
      throw new Error("The CLI's KV has no rate-limit client");
    },
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${usage}`);
      process.exit(2);
    }
    if (error instanceof TrackmaniaError) {
      console.error(`error: ${error.message}`);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  },
);
