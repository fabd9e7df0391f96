import { createHash } from "node:crypto";
import type { Service } from "./responses";
import { plainMapName, type Player, type SandboxMap, type World } from "./world";
import { tmxTags } from "./names";
import { hasClones, mapTypeOf, medalValue } from "./scoring";

/** The JSON each service uses for a map, built from one SandboxMap. Field lists follow trackmania-api.md. */

export function thumbnailUrl(bases: Record<Service, string>, map: SandboxMap): string {
  return `${bases.core}/thumbnails/${map.uid}.svg`;
}

function fileUrl(bases: Record<Service, string>, map: SandboxMap): string {
  // Not served: the app never downloads map files. Shaped like the real core.trackmania.nadeo.live URL.
  return `${bases.core}/maps/${map.mapId}/file`;
}

/** Unix seconds → `2023-10-23T17:05:25+00:00`, Core's timestamp format. */
export function coreTimestamp(unixSeconds: number): string {
  return `${new Date(unixSeconds * 1000).toISOString().slice(0, 19)}+00:00`;
}

/** A number from text (stable across runs): details drawn here must not touch the world's random streams. */
function hashNumber(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0);
}

/**
 * Who uploaded a map to Nadeo. Mostly its author; about one community map in ten was uploaded by another
 * mapper (a collaboration), as the docs' example shows a `submitter` other than the `author`. Chosen by
 * hashing the uid among the mappers of the driver pool, so the world's streams and its other accounts
 * (ProlificPia comes after the pool) do not change it.
 */
export function submitterOf(world: World, map: SandboxMap): string {
  if (map.official !== null || hashNumber(`submitter:${map.uid}`) % 10 !== 0) return map.authorAccountId;
  const others = world.mapperIndexes.filter((index) => index < world.driverPool && index !== map.authorIndex);
  if (others.length === 0) return map.authorAccountId;
  return (world.players[others[hashNumber(`submitter-pick:${map.uid}`) % others.length] as number] as Player).accountId;
}

export function liveMap(world: World, bases: Record<Service, string>, map: SandboxMap) {
  return {
    uid: map.uid,
    mapId: map.mapId,
    name: map.name,
    author: map.authorAccountId,
    submitter: submitterOf(world, map),
    authorTime: medalValue(map, map.authorTime),
    goldTime: medalValue(map, map.goldTime),
    silverTime: medalValue(map, map.silverTime),
    bronzeTime: medalValue(map, map.bronzeTime),
    nbLaps: map.nbLaps,
    valid: true,
    downloadUrl: fileUrl(bases, map),
    thumbnailUrl: thumbnailUrl(bases, map),
    uploadTimestamp: map.uploadTimestamp,
    updateTimestamp: map.updateTimestamp,
    fileSize: null,
    public: true,
    favorite: false,
    playable: true,
    mapStyle: map.mapStyle,
    mapType: mapTypeOf(map),
    collectionName: "Stadium",
  };
}

export function coreMap(world: World, bases: Record<Service, string>, map: SandboxMap) {
  return {
    author: map.authorAccountId,
    authorScore: medalValue(map, map.authorTime),
    bronzeScore: medalValue(map, map.bronzeTime),
    collectionName: "Stadium",
    createdWithGamepadEditor: false,
    createdWithSimpleEditor: false,
    fileUrl: fileUrl(bases, map),
    filename: `${plainMapName(map).replace(/[^\w .-]/g, "")}.Map.Gbx`,
    goldScore: medalValue(map, map.goldTime),
    hasClones: hasClones(map),
    isPlayable: true,
    mapId: map.mapId,
    mapStyle: map.mapStyle,
    mapType: mapTypeOf(map),
    mapUid: map.uid,
    name: map.name,
    silverScore: medalValue(map, map.silverTime),
    submitter: submitterOf(world, map),
    thumbnailUrl: thumbnailUrl(bases, map),
    timestamp: coreTimestamp(map.uploadTimestamp),
  };
}

/**
 * TMX dates: ISO-8601 in UTC without an offset, with the fraction of a second its database keeps
 * (1/300 s, trailing zeros dropped), e.g. `2024-05-03T18:48:16.15`. The fraction is hashed from the map
 * and the second, so an unchanged `UpdatedAt` still equals `UploadedAt`. Official maps reach TMX at
 * their release instant, to the second, so `null` keeps whole seconds.
 */
function tmxTimestamp(unixSeconds: number, fractionKey: string | null): string {
  const whole = new Date(unixSeconds * 1000).toISOString().slice(0, 19);
  if (fractionKey === null) return whole;
  const ms = Math.round(((hashNumber(`tmx-time:${fractionKey}:${unixSeconds}`) % 300) * 10) / 3);
  const fraction = String(ms).padStart(3, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

/** The full TMX `/api/maps` result object; `fields` then picks from it. */
export function tmxMap(world: World, map: SandboxMap): Record<string, unknown> {
  const author = world.players[map.authorIndex] as Player;
  const user = { UserId: author.tmxUserId, Name: author.displayName };
  const tmx = map.tmx!;
  return {
    MapId: tmx.mapId,
    MapUid: map.uid,
    OnlineMapId: map.mapId,
    Name: plainMapName(map),
    GbxMapName: map.name,
    Uploader: user,
    Authors: [{ User: user, Role: "" }],
    UploadedAt: tmxTimestamp(tmx.uploadedAt, map.official ? null : map.uid),
    UpdatedAt: tmxTimestamp(tmx.updatedAt, map.official ? null : map.uid),
    Medals: { Author: medalValue(map, map.authorTime), Gold: medalValue(map, map.goldTime), Silver: medalValue(map, map.silverTime), Bronze: medalValue(map, map.bronzeTime) },
    AwardCount: tmx.awardCount,
    Tags: tmx.tagIds.map((id) => tmxTags.find((t) => t.TagId === id)).filter(Boolean),
  };
}

/** Record medal as Core numbers it (4 = author, down to 0 = none; only 4 is documented). */
export function medalOf(map: SandboxMap, time: number): number {
  if (time <= map.authorTime) return 4;
  if (time <= map.goldTime) return 3;
  if (time <= map.silverTime) return 2;
  if (time <= map.bronzeTime) return 1;
  return 0;
}

/** A stable uuid-shaped id derived from text (record ids must not change between reads). */
export function derivedUuid(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
