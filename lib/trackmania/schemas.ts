import { z } from "zod";

/**
 * What Trackmania's services answer (wire schemas, validated at the module edge) and what
 * `lib/trackmania` hands to the rest of Trackwatch (domain types: times in ms, dates as `Date`).
 * Shapes follow shared/research/trackmania-api.md. Wire schemas list only the fields we use and
 * tolerate the ones the docs mark optional or unconfirmed; unknown fields are dropped.
 */

// ─── Domain types ──────────────────────────────────────────────────────────────────────────────

export interface MapInfo {
  uid: string;
  /** Nadeo's map id (UUID), which Core record endpoints need. */
  mapId: string;
  /** Raw name with Trackmania formatting codes (`$o`, `$fff`…); see `stripFormatting`. */
  name: string;
  authorAccountId: string;
  submitterAccountId: string | null;
  /** Medal times in milliseconds. */
  authorTime: number;
  goldTime: number;
  silverTime: number;
  bronzeTime: number;
  thumbnailUrl: string | null;
  downloadUrl: string | null;
  uploadedAt: Date | null;
  updatedAt: Date | null;
  mapType: string | null;
  mapStyle: string | null;
}

export interface LeaderboardEntry {
  accountId: string;
  /** World position, 1-based. */
  position: number;
  /** Time in milliseconds; `null` when the map's secret threshold hides it (Nadeo sends -1). */
  score: number | null;
  /** When the record was driven; `null` if the service left it out. */
  timestamp: Date | null;
  /** The driver's own (deepest) zone, not "World". */
  zoneId: string | null;
  zoneName: string | null;
}

export interface PositionQuery {
  mapUid: string;
  /** Time in milliseconds. */
  score: number;
}

export interface PositionResult {
  mapUid: string;
  score: number;
  /**
   * The world position a new record with `score` would get, so about `position - 1` records beat it.
   * The endpoint can lag by hours on non-official maps.
   */
  position: number;
}

export interface PlayerRecord {
  accountId: string;
  mapUid: string;
  mapId: string;
  /** Time in milliseconds; `null` when a secret threshold hides it (Core sends 4294967295). */
  time: number | null;
  /**
   * The ranking value under the map's scoring, read in the mode asked for: points in `Stunt` mode,
   * the time otherwise (lib/scoring `coreRecordScore`); null when hidden.
   */
  score: number | null;
  /** Respawns (platform maps); null when Core leaves it unset (4294967295 on race maps). */
  respawns: number | null;
  timestamp: Date | null;
  medal: number | null;
  recordId: string | null;
}

export interface AuthoredMap {
  /** Trackmania Exchange's id of the map. */
  tmxId: number;
  uid: string;
  /** Nadeo map id when TMX knows it. */
  mapId: string | null;
  name: string;
  /** Author names as TMX lists them (TMX user names, not Nadeo account ids). */
  authorNames: string[];
  uploadedAt: Date | null;
  updatedAt: Date | null;
  awardCount: number;
}

/** A map as Trackmania Exchange lists it (search by name, uid or TMX id). */
export interface TmxMap {
  tmxId: number;
  uid: string;
  /** Nadeo map id (TMX's OnlineMapId) when TMX knows it. */
  mapId: string | null;
  /** Without formatting codes. */
  name: string;
  /** With Trackmania formatting codes, as in the map file (TMX's GbxMapName). */
  rawName: string;
  /** Author names as TMX lists them (TMX user names, not Nadeo account ids). */
  authors: string[];
  uploadedAt: Date | null;
  awardCount: number;
}

export interface SurroundResult {
  mapUid: string;
  score: number;
  /** Where a record with `score` stands (exact for the first 100,000 records). */
  position: number;
  /** The record just better than `score`, and the one just worse; null at either end of the board. */
  above: LeaderboardEntry | null;
  below: LeaderboardEntry | null;
}

export interface OfficialCampaign {
  /** "Winter 2027". */
  name: string;
  /** The 25 maps in playlist order. */
  mapUids: string[];
  startsAt: Date;
  endsAt: Date;
}

export interface TrackOfTheDay {
  /** Day of the month. */
  day: number;
  mapUid: string;
  startsAt: Date;
  endsAt: Date;
}

export interface TracksOfTheDayMonth {
  year: number;
  /** 1–12. */
  month: number;
  /** Days that have started, in order. */
  days: TrackOfTheDay[];
}

// ─── Account ids ───────────────────────────────────────────────────────────────────────────────

/**
 * An account id in the one form Trackwatch stores and compares: lower-case, whatever the source. Nadeo
 * and the OAuth API answer lower-case GUIDs; TMX's `OnlineWR.AccountId` is upper-case. Every account id
 * the client parses goes through this schema.
 */
export const accountIdSchema = z.string().trim().min(1).toLowerCase();

// ─── Auth ──────────────────────────────────────────────────────────────────────────────────────

export const nadeoTokenPairSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
});

/** The JWT claims we read; times are Unix seconds. */
export const jwtClaimsSchema = z.object({
  exp: z.number(),
  iat: z.number().optional(),
  rat: z.number().optional(),
  aud: z.string().optional(),
  /** The account the token acts as (what Live's surround shows as the caller's record); unreadable → absent. */
  sub: accountIdSchema.optional().catch(undefined),
});
export type JwtClaims = z.infer<typeof jwtClaimsSchema>;

export const oauthTokenSchema = z.object({
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
  access_token: z.string().min(1),
});

// ─── Live: maps ────────────────────────────────────────────────────────────────────────────────

const ms = z.number().int();

export const liveMapSchema = z.object({
  uid: z.string().min(1),
  mapId: z.string().min(1),
  name: z.string(),
  author: accountIdSchema,
  submitter: accountIdSchema.nullish(),
  authorTime: ms,
  goldTime: ms,
  silverTime: ms,
  bronzeTime: ms,
  thumbnailUrl: z.string().nullish(),
  downloadUrl: z.string().nullish(),
  uploadTimestamp: z.number().nullish(),
  updateTimestamp: z.number().nullish(),
  mapType: z.string().nullish(),
  mapStyle: z.string().nullish(),
});

export const liveMapListSchema = z.object({
  mapList: z.array(liveMapSchema),
  itemCount: z.number().optional(),
});

// ─── Live: leaderboards ────────────────────────────────────────────────────────────────────────

export const liveTopEntrySchema = z.object({
  accountId: accountIdSchema,
  zoneId: z.string().nullish(),
  zoneName: z.string().nullish(),
  position: z.number().int().positive(),
  score: ms,
  timestamp: z.number().nullish(),
});

/** Unknown group → `{}`; unknown map → an empty `top`. */
export const liveTopSchema = z.object({
  groupUid: z.string().optional(),
  mapUid: z.string().optional(),
  tops: z
    .array(
      z.object({
        zoneId: z.string().nullish(),
        zoneName: z.string().nullish(),
        top: z.array(liveTopEntrySchema),
      }),
    )
    .optional(),
});

/** Official seasonal campaigns (v2 route); only what Trackwatch reads. */
export const liveOfficialCampaignsSchema = z.object({
  itemCount: z.number().optional(),
  campaignList: z.array(
    z.object({
      name: z.string(),
      startTimestamp: z.number(),
      endTimestamp: z.number(),
      playlist: z.array(z.object({ position: z.number().int(), mapUid: z.string() })),
    }),
  ),
  nextRequestTimestamp: z.number().nullish(),
});

/** Tracks of the Day by month; days not started yet carry an empty `mapUid`. */
export const liveTotdMonthsSchema = z.object({
  itemCount: z.number().optional(),
  monthList: z.array(
    z.object({
      year: z.number().int(),
      month: z.number().int(),
      lastDay: z.number().int().optional(),
      days: z.array(
        z.object({
          monthDay: z.number().int(),
          mapUid: z.string(),
          startTimestamp: z.number(),
          endTimestamp: z.number(),
        }),
      ),
    }),
  ),
  nextRequestTimestamp: z.number().nullish(),
});

/** A JSON array; `{}` has been seen where `[]` is meant, so an empty object counts as no answers. */
export const livePositionsSchema = z.preprocess(
  (body) => (isEmptyObject(body) ? [] : body),
  z.array(
    z.object({
      groupUid: z.string().optional(),
      mapUid: z.string().min(1),
      score: z.number(),
      zones: z.array(
        z.object({
          zoneId: z.string().nullish(),
          zoneName: z.string().nullish(),
          ranking: z.object({ position: z.number().int(), length: z.number().optional() }),
        }),
      ),
    }),
  ),
);

// ─── Core: records ─────────────────────────────────────────────────────────────────────────────

export const coreRecordSchema = z.object({
  accountId: accountIdSchema,
  mapId: z.string().min(1),
  mapRecordId: z.string().nullish(),
  recordScore: z.object({
    time: z.number(),
    score: z.number().optional(),
    respawnCount: z.number().optional(),
  }),
  medal: z.number().int().nullish(),
  timestamp: z.string().nullish(),
  removed: z.boolean().optional(),
});

export const coreRecordsSchema = z.array(coreRecordSchema);

// ─── OAuth: display names ──────────────────────────────────────────────────────────────────────

/** `{ key: value }`, or `[]` when nothing resolved (the service's quirk). */
export const stringMapSchema = z.preprocess(
  (body) => (Array.isArray(body) && body.length === 0 ? {} : body),
  z.record(z.string(), z.string()),
);

/** `GET /api/display-names`: names keyed by account id (keys lower-cased), or `[]` when none resolved. */
export const displayNamesSchema = z.preprocess(
  (body) => (Array.isArray(body) && body.length === 0 ? {} : body),
  z.record(accountIdSchema, z.string()),
);

/** `GET /api/display-names/account-ids`: account ids (lower-cased) keyed by the names asked, or `[]`. */
export const accountIdsByNameSchema = z.preprocess(
  (body) => (Array.isArray(body) && body.length === 0 ? {} : body),
  z.record(z.string(), accountIdSchema),
);

// ─── Trackmania Exchange ───────────────────────────────────────────────────────────────────────

/** Fields requested from TMX `/api/maps`; the response schema below must stay in step. */
export const tmxMapFields = ["MapId", "MapUid", "OnlineMapId", "Name", "Authors[]", "UploadedAt", "UpdatedAt", "AwardCount"];
/** Fields requested for `TmxMap` (searches by name, uid and id). */
export const tmxSearchFields = ["MapId", "MapUid", "OnlineMapId", "Name", "GbxMapName", "Authors[]", "UploadedAt", "AwardCount"];

export const tmxMapSchema = z.object({
  MapId: z.number().int(),
  MapUid: z.string().min(1),
  OnlineMapId: z.string().nullish(),
  Name: z.string(),
  GbxMapName: z.string().nullish(),
  Authors: z
    .array(
      z.object({
        User: z.object({ UserId: z.number().optional(), Name: z.string() }),
        Role: z.string().nullish(),
      }),
    )
    .nullish(),
  UploadedAt: z.string().nullish(),
  UpdatedAt: z.string().nullish(),
  AwardCount: z.number().nullish(),
  /** The Nadeo world record TMX knows of (not requested today); its AccountId comes upper-case. */
  OnlineWR: z
    .object({ AccountId: accountIdSchema, DisplayName: z.string().nullish(), RecordTime: z.number().nullish() })
    .nullish(),
});

export const tmxMapsPageSchema = z.object({
  More: z.boolean(),
  Results: z.array(tmxMapSchema),
});

// ─── Conversions at the edge ───────────────────────────────────────────────────────────────────

/** Core reports a hidden (secret-threshold) time as the largest 32-bit unsigned integer. */
const CORE_HIDDEN_TIME = 4_294_967_295;

export function unixSecondsToDate(seconds: number | null | undefined): Date | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return null;
  return new Date(seconds * 1000);
}

/** ISO-8601 → Date. TMX sends times without an offset; they are UTC. */
export function isoToDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const date = new Date(hasZone ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A leaderboard score in ms, or `null` for the secret-threshold placeholder (-1, or anything negative). */
export function toScore(score: number): number | null {
  return score < 0 ? null : score;
}

export function toRecordTime(time: number): number | null {
  return time < 0 || time >= CORE_HIDDEN_TIME ? null : time;
}

export function toMapInfo(map: z.infer<typeof liveMapSchema>): MapInfo {
  return {
    uid: map.uid,
    mapId: map.mapId,
    name: map.name,
    authorAccountId: map.author,
    submitterAccountId: map.submitter ?? null,
    authorTime: map.authorTime,
    goldTime: map.goldTime,
    silverTime: map.silverTime,
    bronzeTime: map.bronzeTime,
    thumbnailUrl: map.thumbnailUrl ?? null,
    downloadUrl: map.downloadUrl ?? null,
    uploadedAt: unixSecondsToDate(map.uploadTimestamp),
    updatedAt: unixSecondsToDate(map.updateTimestamp),
    mapType: map.mapType ?? null,
    mapStyle: map.mapStyle ?? null,
  };
}

export function toLeaderboardEntry(entry: z.infer<typeof liveTopEntrySchema>): LeaderboardEntry {
  return {
    accountId: entry.accountId,
    position: entry.position,
    score: toScore(entry.score),
    timestamp: unixSecondsToDate(entry.timestamp),
    zoneId: entry.zoneId ?? null,
    zoneName: entry.zoneName ?? null,
  };
}

export function toAuthoredMap(map: z.infer<typeof tmxMapSchema>): AuthoredMap {
  return {
    tmxId: map.MapId,
    uid: map.MapUid,
    mapId: map.OnlineMapId ?? null,
    name: map.Name,
    authorNames: (map.Authors ?? []).map((author) => author.User.Name),
    uploadedAt: isoToDate(map.UploadedAt),
    updatedAt: isoToDate(map.UpdatedAt),
    awardCount: map.AwardCount ?? 0,
  };
}

export function toTmxMap(map: z.infer<typeof tmxMapSchema>): TmxMap {
  return {
    tmxId: map.MapId,
    uid: map.MapUid,
    mapId: map.OnlineMapId ?? null,
    // TMX's Name is meant to be plain already; strip anyway, a stray code must not reach a page.
    name: stripFormatting(map.Name),
    rawName: map.GbxMapName ?? map.Name,
    authors: (map.Authors ?? []).map((author) => author.User.Name),
    uploadedAt: isoToDate(map.UploadedAt),
    awardCount: map.AwardCount ?? 0,
  };
}

/** Removes Trackmania's text formatting codes (`$o`, `$i`, `$fff`, `$l[url]`…) from a map or player name. */
export function stripFormatting(name: string): string {
  return name
    .replace(/\$\$/g, "\u0000")
    .replace(/\$[lh](\[[^\]]*\])?/gi, "")
    .replace(/\$([0-9a-f]{1,3}|[wnoitsgzm<>]|.?)/gi, "")
    .replace(/\u0000/g, "$")
    .trim();
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

// ─── Core: map info (type and clones) ─────────────────────────────────────────────────────────

/** Core's `GET /maps/by-uid/`: only the fields Live's map info lacks are read (`hasClones` is Core's alone). */
export const coreMapTypeListSchema = z.array(
  z.object({
    mapUid: z.string().min(1),
    mapId: z.string().min(1),
    mapType: z.string().nullish(),
    hasClones: z.boolean().nullish(),
  }),
);

export interface MapTypeInfo {
  uid: string;
  mapId: string;
  mapType: string | null;
  hasClones: boolean;
}
