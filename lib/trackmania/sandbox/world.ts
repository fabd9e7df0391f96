import { generateDisplayName, generateMapName, generateMapUid, mapStyles, regions, stripFormatting, tmxTags } from "./names";
import { dayIndexOf, releaseOf, releasesBetween, seasonAt, SEASON_MAP_COUNT, slotKey, type OfficialSlot } from "./campaigns";
import { createRandom, type Random } from "./random";

/**
 * The sandbox's static world: zones, players, mappers and their maps. Built eagerly (it is small:
 * a default world builds in a few milliseconds, a 20,000-map bench world in well under a second);
 * leaderboards are lazy and live in `leaderboard.ts`.
 *
 * Determinism: the whole world is a function of the seed. The well-known accounts and their map uids
 * are fixed across seeds too, so docs and tests can name them. Official maps (seasonal campaigns and
 * Tracks of the Day, `campaigns.ts`) are added as simulated time releases them; each is a function of
 * the seed and its calendar slot, whenever it is added.
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
  /** Its slot in the official calendar (a seasonal campaign or a Track of the Day); null for community maps. */
  readonly official: {
    readonly kind: "season" | "totd";
    /** `campaigns.ts` slot key, e.g. `season:2026-1:07` or `totd:2026-05-31`. */
    readonly key: string;
    /** Unix seconds: the map is public, and records start, from here. */
    readonly releasedAt: number;
  } | null;
  /** Trackmania Exchange listing; null for maps never uploaded there (TMX only knows what it was given). */
  readonly tmx: {
    readonly mapId: number;
    /** Unix seconds (TMX shows them as ISO-8601 without offset). */
    readonly uploadedAt: number;
    readonly updatedAt: number;
    readonly awardCount: number;
    readonly tagIds: readonly number[];
  } | null;
  /**
   * Only on the special maps (`specialMaps`): the mode the map is played in, clones, hidden times. Absent
   * on every other map, so they serialize exactly as before these existed (`scoring.ts` reads it).
   */
  readonly special?: {
    readonly kind: "race" | "stunt" | "platform";
    readonly hasClones?: true;
    readonly hiddenTimes?: true;
  };
};

export type WellKnownAccount = { accountId: string; displayName: string; mapUids: string[] };

export type WellKnown = {
  /** A mapper with exactly 3 maps, all on TMX, with modest activity. */
  smallMapper: WellKnownAccount;
  /** A mapper with exactly 150 maps, all on TMX (past the original app's 100-map "inaccurate" threshold). */
  bigMapper: WellKnownAccount;
  /**
   * ProlificPia: only in worlds built with `prolificMapperMaps` (benches of a big catalogue), with exactly
   * that many maps, all on TMX. Absent otherwise, and a world without her is the same as before she existed.
   */
  prolificMapper?: WellKnownAccount;
  /**
   * StuntMapperStu: only in worlds built with `specialMaps`, the author of the maps that are not plain race
   * maps (`maps.stunt`…`maps.hidden`). Absent otherwise, and the world is then exactly as before.
   */
  specialMapper?: WellKnownAccount;
  /**
   * The best driver: holds the world record on each of `mapUids` at the start time, and on every official
   * (campaign and Track of the Day) map released before it (those are not in `mapUids`).
   */
  topDriver: WellKnownAccount;
  /**
   * MidPackMia: a record ranked about 1,200–2,100 on every seasonal campaign map released before the start
   * time; `mapUids` is the campaign running at the start time.
   */
  midPackDriver: WellKnownAccount;
  /** The Nadeo-like account that authors the official maps (no records of its own). */
  official: { accountId: string; displayName: string };
  maps: {
    /**
     * bigMapper's first map: 2,500 records (60% of the players in worlds of 4,200 players or more, so
     * past 10,000 with 17,000 players) and about ten leaderboard events per simulated hour.
     */
    busy: string;
    /** bigMapper's last map: no records, and none ever arrive. */
    empty: string;
    /** With `specialMaps` only (StuntMapperStu's): Stunt maps (`TM_Stunt`, points, higher is better). */
    stunt?: string;
    stunt2?: string;
    /** With `specialMaps` only: a Platform map (`TM_Platform`, respawns then time). */
    platform?: string;
    /** With `specialMaps` only: a race map with clones (Core `hasClones: true`, records under `TimeAttackClone`). */
    clones?: string;
    /** With `specialMaps` only: a race map with hidden times (Live `-1`, Core time 4294967295). */
    hidden?: string;
  };
};

export type WorldSizes = {
  players: number;
  mappers: number;
  /** Maps of ProlificPia, a mapper added after everything else (none, and no ProlificPia, when absent or 0). */
  prolificMapperMaps?: number;
  /** Adds StuntMapperStu and the special maps (Stunt, Platform, clones, hidden times), after everything else. */
  specialMaps?: boolean;
};

/** The most maps ProlificPia can have: her TMX ids fit in the block below the community maps' (see `addProlificMapper`). */
export const MAX_PROLIFIC_MAPPER_MAPS = 10_000;

export type World = {
  readonly seed: number;
  /** Unix ms; initial records are older, simulated events happen after it. */
  readonly startTime: number;
  readonly zones: readonly Zone[];
  readonly players: readonly Player[];
  /**
   * Boards draw their drivers from the first `driverPool` players. The accounts after them (MidPackMia,
   * the official account) appear only where the world places them, and adding them moved no one.
   */
  readonly driverPool: number;
  readonly topDriverIndex: number;
  readonly midPackIndex: number;
  readonly officialIndex: number;
  /** Player indexes of the community mappers (the official account is apart: `officialIndex`). */
  readonly mapperIndexes: readonly number[];
  readonly maps: readonly SandboxMap[];
  readonly mapsByUid: ReadonlyMap<string, SandboxMap>;
  readonly mapsById: ReadonlyMap<string, SandboxMap>;
  readonly mapsByAuthor: ReadonlyMap<number, readonly SandboxMap[]>;
  readonly playersByAccountId: ReadonlyMap<string, Player>;
  /** Lowercased display name → player. */
  readonly playersByName: ReadonlyMap<string, Player>;
  /** TMX listing of community maps, newest (highest MapId) first; `tmxNewestFirst` adds the official ones. */
  readonly tmxMaps: readonly SandboxMap[];
  readonly calendar: OfficialCalendar;
  readonly wellKnown: WellKnown;
};

export type OfficialCalendar = {
  /** Official maps released so far, in release order (they are in `World.maps` too). */
  readonly maps: readonly SandboxMap[];
  readonly bySlot: ReadonlyMap<string, SandboxMap>;
  /** Unix seconds: every slot released up to here has its map. */
  readonly releasedUntil: number;
  /** Official maps take TMX ids from a block above the community maps', in release order. */
  readonly tmxIdBase: number;
};

const DAY_SECONDS = 86_400;

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
  prolificMapper: "ProlificPia",
  specialMapper: "StuntMapperStu",
  topDriver: "TopDriverTeo",
  midPackDriver: "MidPackMia",
  official: "Nadeo",
} as const;
const midPackAccountId = "e71a81f3-1263-4fae-94e5-5d4c4e4ee00e";

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
  // `details` draws everything but the uid and id: the world's stream unless a map's author has one of her own.
  const makeMap = (authorIndex: number, ids: Random, activity: MapActivity, featuredDriverIndex: number | null, onTmx: boolean, details: Random = random): SandboxMap => {
    const uid = generateMapUid(ids);
    const mapId = ids.uuid();
    const authorTime = details.int(25_000, 90_000);
    const uploadTimestamp = startSeconds - details.int(DAY_SECONDS, 3 * 365 * DAY_SECONDS);
    const updateTimestamp = details.chance(0.2) ? Math.min(startSeconds - 3600, uploadTimestamp + details.int(3600, 60 * DAY_SECONDS)) : uploadTimestamp;
    const style = details.pick(mapStyles);
    const tmxDelay = details.int(60, 3 * 3600);
    return {
      uid,
      mapId,
      name: generateMapName(details),
      authorIndex,
      authorAccountId: (players[authorIndex] as Player).accountId,
      authorTime,
      ...medalTimes(authorTime),
      nbLaps: details.chance(0.08) ? details.int(2, 5) : 0,
      mapStyle: details.chance(0.5) ? style : "",
      uploadTimestamp,
      updateTimestamp,
      activity,
      featuredDriverIndex,
      official: null,
      tmx: onTmx
        ? {
            // MapIds are assigned after all maps exist (TMX numbers maps in upload order).
            mapId: 0,
            uploadedAt: uploadTimestamp + tmxDelay,
            updatedAt: updateTimestamp + tmxDelay,
            awardCount: Math.floor(activity.initialRecords / 40 + details.next() * 4),
            tagIds: [(tmxTags.find((t) => t.Name === style) ?? tmxTags[0])!.TagId, ...(details.chance(0.3) ? [1] : [])],
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

  function addProlificMapper(count: number): SandboxMap[] {
    if (!Number.isInteger(count) || count < 1 || count > MAX_PROLIFIC_MAPPER_MAPS) {
      throw new RangeError(`prolificMapperMaps must be a whole number from 1 to ${MAX_PROLIFIC_MAPPER_MAPS}, not ${count}`);
    }
    // Generated names never take this shape, but a world must never hold two players of one name.
    if (usedNames.has(wellKnownNames.prolificMapper.toLowerCase())) throw new Error(`${wellKnownNames.prolificMapper} is taken in this world`);
    const index = players.length;
    addPlayer(createRandom(0, "well-known:prolific").uuid(), wellKnownNames.prolificMapper, 0.6, regionZones[7] as Zone);
    mapperIndexes.push(index);
    // Uids from a seed-independent stream (the first k maps are the same whatever the count), details from the world's seed.
    const ids = createRandom(0, "well-known:prolific:maps");
    const details = createRandom(seed, "prolific");
    const taken = new Set(maps.map((m) => m.uid));
    const own: SandboxMap[] = [];
    for (let i = 0; i < count; i++) {
      const map = makeMap(index, ids, drawActivity(details, maxRecords), null, true, details);
      if (taken.has(map.uid)) throw new Error(`${wellKnownNames.prolificMapper}'s map uid ${map.uid} is taken`);
      taken.add(map.uid);
      own.push(map);
    }
    // Her TMX ids are a block just below the community maps' (which start above 50,000), in her upload order:
    // no other map's id moves, and the listing stays newest (highest id) first.
    const byUpload = [...own].sort((a, b) => a.tmx!.uploadedAt - b.tmx!.uploadedAt || (a.uid < b.uid ? -1 : 1));
    const gaps = createRandom(seed, "prolific:tmx-ids");
    const steps = byUpload.map(() => gaps.int(1, 3));
    let id = 50_000 - steps.reduce((sum, step) => sum + step, 0);
    for (const [i, map] of byUpload.entries()) {
      (map.tmx as { mapId: number }).mapId = id;
      id += steps[i] as number;
    }
    maps.push(...own);
    tmxMaps.push(...byUpload.reverse());
    return own;
  }

  // The accounts outside the driver pool come last, after every community map, so none of the above moved.
  const driverPool = players.length;
  const midPackIndex = players.length;
  addPlayer(midPackAccountId, wellKnownNames.midPackDriver, 0.5, regionZones[12] as Zone);
  const officialIndex = players.length;
  addPlayer(createRandom(0, "well-known:official").uuid(), wellKnownNames.official, 0, regionZones[2] as Zone);

  // ProlificPia, when asked for, comes after all of that (accounts, maps, TMX ids), from streams of her own:
  // nothing above moved, and without her the world is exactly what it was.
  const prolificMaps = options.sizes.prolificMapperMaps ? addProlificMapper(options.sizes.prolificMapperMaps) : [];

  /**
   * StuntMapperStu and the special maps come after ProlificPia, from streams of their own (uids and ids
   * seed-independent, details from the seed): no earlier stream is drawn from, so every other player, map,
   * TMX id and board is what it was. Their TMX ids are a block far below every other map's.
   */
  function addSpecialMaps(): SandboxMap[] {
    if (usedNames.has(wellKnownNames.specialMapper.toLowerCase())) throw new Error(`${wellKnownNames.specialMapper} is taken in this world`);
    const index = players.length;
    addPlayer(createRandom(0, "well-known:special").uuid(), wellKnownNames.specialMapper, 0.65, regionZones[3] as Zone);
    mapperIndexes.push(index);
    const ids = createRandom(0, "well-known:special:maps");
    const details = createRandom(seed, "special");
    const taken = new Set(maps.map((m) => m.uid));
    const kinds: NonNullable<SandboxMap["special"]>[] = [
      { kind: "stunt" },
      { kind: "stunt" },
      { kind: "platform" },
      { kind: "race", hasClones: true },
      { kind: "race", hiddenTimes: true },
    ];
    const own = kinds.map((special, i) => {
      const activity = { initialRecords: Math.min(maxRecords, 80 + i * 20), eventsPerDay: 6 };
      const map: SandboxMap = { ...makeMap(index, ids, activity, null, true, details), special };
      if (taken.has(map.uid)) throw new Error(`${wellKnownNames.specialMapper}'s map uid ${map.uid} is taken`);
      taken.add(map.uid);
      return map;
    });
    const byUpload = [...own].sort((a, b) => a.tmx!.uploadedAt - b.tmx!.uploadedAt || (a.uid < b.uid ? -1 : 1));
    byUpload.forEach((map, i) => {
      (map.tmx as { mapId: number }).mapId = 1_000 + i * 3;
    });
    maps.push(...own);
    tmxMaps.push(...byUpload.reverse());
    return own;
  }
  const specialMaps = options.sizes.specialMaps ? addSpecialMaps() : [];

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
  const startSeason = seasonAt(startSeconds);
  const startCampaign = startSeason
    ? Array.from({ length: SEASON_MAP_COUNT }, (_, position) => officialMapIds({ kind: "season", season: startSeason, position }).uid)
    : [];
  const wellKnown: WellKnown = {
    smallMapper: account(0, (mapsByAuthor.get(0) ?? []).map((m) => m.uid)),
    bigMapper: account(1, bigMaps.map((m) => m.uid)),
    ...(prolificMaps.length > 0 ? { prolificMapper: account(prolificMaps[0]!.authorIndex, prolificMaps.map((m) => m.uid)) } : {}),
    ...(specialMaps.length > 0 ? { specialMapper: account(specialMaps[0]!.authorIndex, specialMaps.map((m) => m.uid)) } : {}),
    topDriver: account(topDriverIndex, maps.filter((m) => m.featuredDriverIndex === topDriverIndex).map((m) => m.uid)),
    midPackDriver: account(midPackIndex, startCampaign),
    official: { accountId: (players[officialIndex] as Player).accountId, displayName: wellKnownNames.official },
    maps: {
      busy: (bigMaps[0] as SandboxMap).uid,
      empty: (bigMaps[149] as SandboxMap).uid,
      ...(specialMaps.length > 0
        ? {
            stunt: specialMaps[0]!.uid,
            stunt2: specialMaps[1]!.uid,
            platform: specialMaps[2]!.uid,
            clones: specialMaps[3]!.uid,
            hidden: specialMaps[4]!.uid,
          }
        : {}),
    },
  };
  const calendar: MutableCalendar = {
    maps: [],
    bySlot: new Map(),
    releasedUntil: 0,
    // A round block past the community maps' ids, so official maps never collide with them.
    tmxIdBase: Math.ceil((nextTmxId + 1) / 100_000) * 100_000,
  };

  const world: World = {
    seed,
    startTime,
    zones,
    players,
    driverPool,
    topDriverIndex,
    midPackIndex,
    officialIndex,
    mapperIndexes,
    maps,
    mapsByUid,
    mapsById,
    mapsByAuthor,
    playersByAccountId: new Map(players.map((p) => [p.accountId, p])),
    playersByName: new Map(players.map((p) => [p.displayName.toLowerCase(), p])),
    tmxMaps,
    calendar,
    wellKnown,
  };
  releaseOfficialMaps(world, startTime);
  return world;
}

// ─── Official maps ─────────────────────────────────────────────────────────────────────────────

type MutableCalendar = { maps: SandboxMap[]; bySlot: Map<string, SandboxMap>; releasedUntil: number; tmxIdBase: number };

/** An official map's uid and id: the same for every seed, like the well-known maps', so docs can name them. */
export function officialMapIds(slot: OfficialSlot): { uid: string; mapId: string } {
  const ids = createRandom(0, `official:${slotKey(slot)}`);
  return { uid: generateMapUid(ids), mapId: ids.uuid() };
}

/**
 * Adds the maps of every calendar slot released up to `nowMs` (the sandbox calls this before it answers,
 * so a map exists from its release on). Idempotent, and the maps do not depend on when it is called.
 */
export function releaseOfficialMaps(world: World, nowMs: number): void {
  const calendar = world.calendar as MutableCalendar;
  const until = Math.floor(nowMs / 1000);
  if (until <= calendar.releasedUntil) return;
  for (const slot of releasesBetween(calendar.releasedUntil, until)) {
    const map = officialMap(world, slot);
    (world.maps as SandboxMap[]).push(map);
    (world.mapsByUid as Map<string, SandboxMap>).set(map.uid, map);
    (world.mapsById as Map<string, SandboxMap>).set(map.mapId, map);
    const byAuthor = world.mapsByAuthor as Map<number, SandboxMap[]>;
    const authored = byAuthor.get(world.officialIndex) ?? [];
    authored.push(map);
    byAuthor.set(world.officialIndex, authored);
    calendar.maps.push(map);
    calendar.bySlot.set(map.official!.key, map);
  }
  calendar.releasedUntil = until;
}

/**
 * One official map: busy (thousands of records on maps released before the start time, led by the top
 * driver), quieter once its season or day is long past. Details come from the seed and the slot only.
 */
function officialMap(world: World, slot: OfficialSlot): SandboxMap {
  const key = slotKey(slot);
  const { uid, mapId } = officialMapIds(slot);
  const random = createRandom(world.seed, `official:${key}`);
  const releasedAt = releaseOf(slot);
  const startSeconds = Math.floor(world.startTime / 1000);
  const released = releasedAt < startSeconds;
  // Every draw happens whatever the start time, so a slot's name, times and ids are the same whenever it
  // is released; only its board (busy from the start, or empty until release) depends on the start.
  const authorTime = random.int(35_000, 65_000);
  const style = random.pick(mapStyles);
  const share = random.next();
  const activityDraw = random.next();
  const uploadTimestamp = releasedAt - random.int(3 * DAY_SECONDS, 20 * DAY_SECONDS);
  const awardDraw = random.next();
  const recent = startSeconds - releasedAt < 90 * DAY_SECONDS;
  const initialRecords = released ? Math.min(Math.floor(world.driverPool * 0.9), Math.floor(world.driverPool * (0.75 + share * 0.1))) : 0;
  // Below the busy map's 240 a day, which stays the busiest in the world.
  const eventsPerDay = recent ? 20 + activityDraw * 100 : 1 + activityDraw * 9;
  const releaseDay = slot.kind === "season" ? dayIndexOf(slot.season.year, slot.season.quarter * 3 + 1, 1) : slot.day.index;
  return {
    uid,
    mapId,
    name: slot.kind === "season" ? `${slot.season.name} - ${String(slot.position + 1).padStart(2, "0")}` : generateMapName(random),
    authorIndex: world.officialIndex,
    authorAccountId: (world.players[world.officialIndex] as Player).accountId,
    authorTime,
    ...medalTimes(authorTime),
    nbLaps: 0,
    mapStyle: style,
    uploadTimestamp,
    updateTimestamp: uploadTimestamp,
    activity: { initialRecords, eventsPerDay },
    featuredDriverIndex: released ? world.topDriverIndex : null,
    official: { kind: slot.kind, key, releasedAt },
    tmx: {
      // Season maps first, then the day's Track of the Day (17:00 and 19:00 Paris time).
      mapId: world.calendar.tmxIdBase + releaseDay * 32 + (slot.kind === "season" ? slot.position : SEASON_MAP_COUNT),
      uploadedAt: releasedAt,
      updatedAt: releasedAt,
      awardCount: Math.floor(initialRecords / 100 + awardDraw * 10),
      tagIds: [(tmxTags.find((t) => t.Name === style) ?? tmxTags[0])!.TagId],
    },
  };
}

/** TMX's listing as it pages it: newest (highest MapId) first, official maps included. */
export function* tmxNewestFirst(world: World): Generator<SandboxMap> {
  const official = world.calendar.maps;
  for (let i = official.length - 1; i >= 0; i--) yield official[i] as SandboxMap;
  yield* world.tmxMaps;
}

/** TMX's plain-text name next to the raw one. */
export function plainMapName(map: SandboxMap): string {
  return stripFormatting(map.name);
}
