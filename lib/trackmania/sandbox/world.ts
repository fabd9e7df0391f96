import { generateDisplayName, generateMapName, mapStyles, regions, stripFormatting, tmxTags } from "./names";
import { createRandom, type Random } from "./random";

/**
 * The sandbox's static world: zones, players, mappers and their maps. Built eagerly (it is small:
 * a default world builds in a few milliseconds, a 20,000-map bench world in well under a second);
 * leaderboards are lazy and live in `leaderboard.ts`.
 *
 * Determinism: the whole world is a function of the seed. The well-known accounts and their map uids
 * are fixed across seeds too, so docs and tests can name them.
 */

/** The real World zone id (leaderboard entries and the zone tree use it). */
export const worldZoneId = "301e1b69-7e13-11e8-8060-e284abfd2bc4";

export type Zone = { zoneId: string; name: string; parentId: string | null };

export type Player = {
  /** Position in `world.players`; the leaderboard engine refers to players by it. */
  readonly index: number;
  readonly accountId: string;
  readonly displayName: string;
  /** The deepest zone (a region), what leaderboard entries report. */
  readonly zone: Zone;
  /** 0 (slow) … 1 (the best driver alive); drives where the player lands on a leaderboard. */
  readonly skill: number;
  /** The player's Trackmania Exchange user id (mappers upload there under their display name). */
  readonly tmxUserId: number;
};

export type MapActivity = {
  /** Records on the board at the sandbox's start time. */
  readonly initialRecords: number;
  /** Mean number of leaderboard events (new drivers, improvements) per simulated day. */
  readonly eventsPerDay: number;
};

export type SandboxMap = {
  readonly uid: string;
  readonly mapId: string;
  /** Raw name, with Trackmania formatting codes where the mapper used them. */
  readonly name: string;
  readonly authorIndex: number;
  readonly authorAccountId: string;
  readonly authorTime: number;
  readonly goldTime: number;
  readonly silverTime: number;
  readonly bronzeTime: number;
  readonly nbLaps: number;
  readonly mapStyle: string;
  /** Unix seconds. */
  readonly uploadTimestamp: number;
  readonly updateTimestamp: number;
  readonly activity: MapActivity;
  /** A driver placed at the top of this map's initial board (the well-known top driver). */
  readonly featuredDriverIndex: number | null;
  /** Trackmania Exchange listing; null for maps never uploaded there (TMX only knows what it was given). */
  readonly tmx: {
    readonly mapId: number;
    /** Unix seconds (TMX shows them as ISO-8601 without offset). */
    readonly uploadedAt: number;
    readonly updatedAt: number;
    readonly awardCount: number;
    readonly tagIds: readonly number[];
  } | null;
};

export type WellKnownAccount = { accountId: string; displayName: string; mapUids: string[] };

export type WellKnown = {
  /** A mapper with exactly 3 maps, all on TMX, with modest activity. */
  smallMapper: WellKnownAccount;
  /** A mapper with exactly 150 maps, all on TMX (past the original app's 100-map "inaccurate" threshold). */
  bigMapper: WellKnownAccount;
  /** The best driver: holds the world record on each of `mapUids` at the start time. */
  topDriver: WellKnownAccount;
  maps: {
    /**
     * bigMapper's first map: 2,500 records (60% of the players in worlds of 4,200 players or more, so
     * past 10,000 with 17,000 players) and about ten leaderboard events per simulated hour.
     */
    busy: string;
    /** bigMapper's last map: no records, and none ever arrive. */
    empty: string;
  };
};

export type WorldSizes = { players: number; mappers: number };

export type World = {
  readonly seed: number;
  /** Unix ms; initial records are older, simulated events happen after it. */
  readonly startTime: number;
  readonly zones: readonly Zone[];
  readonly players: readonly Player[];
  /** Player indexes of the accounts that authored maps. */
  readonly mapperIndexes: readonly number[];
  readonly maps: readonly SandboxMap[];
  readonly mapsByUid: ReadonlyMap<string, SandboxMap>;
  readonly mapsById: ReadonlyMap<string, SandboxMap>;
  readonly mapsByAuthor: ReadonlyMap<number, readonly SandboxMap[]>;
  readonly playersByAccountId: ReadonlyMap<string, Player>;
  /** Lowercased display name → player. */
  readonly playersByName: ReadonlyMap<string, Player>;
  /** TMX listing, newest (highest MapId) first, as TMX pages it. */
  readonly tmxMaps: readonly SandboxMap[];
  readonly wellKnown: WellKnown;
};

const DAY_SECONDS = 86_400;
// Letters, digits and "_", the characters seen in real uids.
const uidAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";

/** A 27-character map uid in the alphabet real uids use. */
function generateMapUid(random: Random): string {
  let uid = "";
  // Five 6-bit characters per 32-bit draw.
  while (uid.length < 27) {
    let bits = Math.floor(random.next() * 1073741824);
    for (let i = 0; i < 5 && uid.length < 27; i++, bits >>>= 6) uid += uidAlphabet.charAt((bits & 63) % 63);
  }
  return uid;
}

/** The game's own medal rule: a multiple of the author time, rounded up to the whole second. */
export function medalTimes(authorTime: number): { goldTime: number; silverTime: number; bronzeTime: number } {
  const roundUp = (ms: number) => Math.ceil(ms / 1000) * 1000;
  return {
    goldTime: roundUp(authorTime * 1.06),
    silverTime: roundUp(authorTime * 1.2),
    bronzeTime: roundUp(authorTime * 1.5),
  };
}

function buildZones(): { zones: Zone[]; regionZones: Zone[] } {
  // Seed-independent: zones are the game's, not the simulation's.
  const random = createRandom(0, "zones");
  const world: Zone = { zoneId: worldZoneId, name: "World", parentId: null };
  const europe: Zone = { zoneId: random.uuid(), name: "Europe", parentId: world.zoneId };
  const zones: Zone[] = [world, europe];
  const regionZones: Zone[] = [];
  for (const { country, regions: names } of regions) {
    const countryZone: Zone = { zoneId: random.uuid(), name: country, parentId: europe.zoneId };
    zones.push(countryZone);
    for (const name of names) {
      const region: Zone = { zoneId: random.uuid(), name, parentId: countryZone.zoneId };
      zones.push(region);
      regionZones.push(region);
    }
  }
  return { zones, regionZones };
}

const wellKnownNames = {
  smallMapper: "SmallMapperSam",
  bigMapper: "BigMapperBea",
  topDriver: "TopDriverTeo",
} as const;

/** Popularity buckets: most maps are quiet, a few are busy (shares add up to 1). */
function drawActivity(random: Random, maxRecords: number): MapActivity {
  const u = random.next();
  const logUniform = (min: number, max: number) => Math.exp(Math.log(min) + random.next() * (Math.log(max) - Math.log(min)));
  let initialRecords: number;
  let eventsPerDay: number;
  if (u < 0.15) {
    initialRecords = 0;
    eventsPerDay = random.chance(0.3) ? logUniform(0.02, 0.3) : 0;
  } else if (u < 0.7) {
    initialRecords = Math.floor(logUniform(1, 30));
    eventsPerDay = logUniform(0.02, 0.4);
  } else if (u < 0.92) {
    initialRecords = Math.floor(logUniform(30, 300));
    eventsPerDay = logUniform(0.3, 4);
  } else {
    initialRecords = Math.floor(logUniform(300, 3000));
    eventsPerDay = logUniform(3, 40);
  }
  return { initialRecords: Math.min(initialRecords, maxRecords), eventsPerDay };
}

export function createWorld(options: { seed: number; startTime: number; sizes: WorldSizes }): World {
  const { seed, startTime } = options;
  const random = createRandom(seed, "world");
  const startSeconds = Math.floor(startTime / 1000);
  const { zones, regionZones } = buildZones();

  // Accounts: the three well-known ones first, then mappers, then drivers. Mappers drive too.
  const accountCount = Math.max(options.sizes.players, options.sizes.mappers + 3, 10);
  const players: Player[] = [];
  const usedNames = new Set<string>();
  const addPlayer = (accountId: string, displayName: string, skill: number, zone: Zone) => {
    usedNames.add(displayName.toLowerCase());
    players.push({ index: players.length, accountId, displayName, zone, skill, tmxUserId: 10_000 + players.length * 7 });
  };
  const fixed = createRandom(0, "well-known");
  addPlayer(fixed.uuid(), wellKnownNames.smallMapper, 0.55, regionZones[0] as Zone);
  addPlayer(fixed.uuid(), wellKnownNames.bigMapper, 0.7, regionZones[5] as Zone);
  addPlayer(fixed.uuid(), wellKnownNames.topDriver, 1, regionZones[9] as Zone);
  while (players.length < accountCount) {
    let name = generateDisplayName(random);
    while (usedNames.has(name.toLowerCase())) name = `${name}${random.int(0, 9)}`;
    // Most players are average; a handful are near the top (skill > 0.95 for about 1 in 400).
    const skill = 1 - Math.sqrt(random.next());
    addPlayer(random.uuid(), name, Math.min(skill, 0.999), random.pick(regionZones));
  }

  const mapperIndexes: number[] = [0, 1];
  for (let i = 0; i < options.sizes.mappers; i++) mapperIndexes.push(3 + i);

  const maxRecords = Math.floor(players.length * 0.9);
  const maps: SandboxMap[] = [];
  const makeMap = (authorIndex: number, ids: Random, activity: MapActivity, featuredDriverIndex: number | null, onTmx: boolean): SandboxMap => {
    const uid = generateMapUid(ids);
    const mapId = ids.uuid();
    const authorTime = random.int(25_000, 90_000);
    const uploadTimestamp = startSeconds - random.int(DAY_SECONDS, 3 * 365 * DAY_SECONDS);
    const updateTimestamp = random.chance(0.2) ? Math.min(startSeconds - 3600, uploadTimestamp + random.int(3600, 60 * DAY_SECONDS)) : uploadTimestamp;
    const style = random.pick(mapStyles);
    const tmxDelay = random.int(60, 3 * 3600);
    return {
      uid,
      mapId,
      name: generateMapName(random),
      authorIndex,
      authorAccountId: (players[authorIndex] as Player).accountId,
      authorTime,
      ...medalTimes(authorTime),
      nbLaps: random.chance(0.08) ? random.int(2, 5) : 0,
      mapStyle: random.chance(0.5) ? style : "",
      uploadTimestamp,
      updateTimestamp,
      activity,
      featuredDriverIndex,
      tmx: onTmx
        ? {
            // MapIds are assigned after all maps exist (TMX numbers maps in upload order).
            mapId: 0,
            uploadedAt: uploadTimestamp + tmxDelay,
            updatedAt: updateTimestamp + tmxDelay,
            awardCount: Math.floor(activity.initialRecords / 40 + random.next() * 4),
            tagIds: [(tmxTags.find((t) => t.Name === style) ?? tmxTags[0])!.TagId, ...(random.chance(0.3) ? [1] : [])],
          }
        : null,
    };
  };

  // Well-known maps take their uids and ids from seed-independent streams, their details from the world.
  const topDriverIndex = 2;
  for (let i = 0; i < 3; i++) {
    const activity = [
      { initialRecords: 40, eventsPerDay: 12 },
      { initialRecords: 8, eventsPerDay: 3 },
      { initialRecords: 0, eventsPerDay: 1 },
    ][i] as MapActivity;
    maps.push(makeMap(0, createRandom(0, `well-known:small:${i}`), activity, i === 0 ? topDriverIndex : null, true));
  }
  for (let i = 0; i < 150; i++) {
    let activity = drawActivity(random, maxRecords);
    // Big worlds (benches) get a board past the 10,000 records the top endpoint can reach.
    if (i === 0) activity = { initialRecords: Math.min(maxRecords, Math.max(2500, Math.floor(players.length * 0.6))), eventsPerDay: 240 };
    if (i === 149) activity = { initialRecords: 0, eventsPerDay: 0 };
    // topDriver's boards must be busy enough to have a meaningful top 5.
    if (i >= 1 && i <= 4) activity = { initialRecords: Math.min(150 + i * 60, maxRecords), eventsPerDay: 4 + i * 3 };
    maps.push(makeMap(1, createRandom(0, `well-known:big:${i}`), activity, i <= 4 ? topDriverIndex : null, true));
  }
  for (const authorIndex of mapperIndexes.slice(2)) {
    const count = random.int(1, 40);
    for (let i = 0; i < count; i++) {
      maps.push(makeMap(authorIndex, random, drawActivity(random, maxRecords), null, random.chance(0.92)));
    }
  }

  // TMX MapIds grow with upload time, with gaps (maps of other games, deleted maps).
  const onTmx = maps.filter((m) => m.tmx !== null).sort((a, b) => a.tmx!.uploadedAt - b.tmx!.uploadedAt || (a.uid < b.uid ? -1 : 1));
  let nextTmxId = 50_000;
  const idRandom = createRandom(seed, "tmx-ids");
  for (const map of onTmx) {
    nextTmxId += idRandom.int(1, 12);
    (map.tmx as { mapId: number }).mapId = nextTmxId;
  }
  const tmxMaps = onTmx.reverse();

  const mapsByUid = new Map(maps.map((m) => [m.uid, m]));
  const mapsById = new Map(maps.map((m) => [m.mapId, m]));
  const mapsByAuthor = new Map<number, SandboxMap[]>();
  for (const map of maps) {
    const list = mapsByAuthor.get(map.authorIndex) ?? [];
    list.push(map);
    mapsByAuthor.set(map.authorIndex, list);
  }
  const account = (index: number, mapUids: string[]): WellKnownAccount => {
    const player = players[index] as Player;
    return { accountId: player.accountId, displayName: player.displayName, mapUids };
  };
  const bigMaps = mapsByAuthor.get(1) ?? [];
  const wellKnown: WellKnown = {
    smallMapper: account(0, (mapsByAuthor.get(0) ?? []).map((m) => m.uid)),
    bigMapper: account(1, bigMaps.map((m) => m.uid)),
    topDriver: account(topDriverIndex, maps.filter((m) => m.featuredDriverIndex === topDriverIndex).map((m) => m.uid)),
    maps: { busy: (bigMaps[0] as SandboxMap).uid, empty: (bigMaps[149] as SandboxMap).uid },
  };

  return {
    seed,
    startTime,
    zones,
    players,
    mapperIndexes,
    maps,
    mapsByUid,
    mapsById,
    mapsByAuthor,
    playersByAccountId: new Map(players.map((p) => [p.accountId, p])),
    playersByName: new Map(players.map((p) => [p.displayName.toLowerCase(), p])),
    tmxMaps,
    wellKnown,
  };
}

/** TMX's plain-text name next to the raw one. */
export function plainMapName(map: SandboxMap): string {
  return stripFormatting(map.name);
}
