import { createHash } from "node:crypto";
import type { Service } from "./responses";
import { plainMapName, type Player, type SandboxMap, type World } from "./world";
import { tmxTags } from "./names";

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

export function liveMap(bases: Record<Service, string>, map: SandboxMap) {
  return {
    uid: map.uid,
    mapId: map.mapId,
    name: map.name,
    author: map.authorAccountId,
    submitter: map.authorAccountId,
    authorTime: map.authorTime,
    goldTime: map.goldTime,
    silverTime: map.silverTime,
    bronzeTime: map.bronzeTime,
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
    mapType: "TrackMania\\TM_Race",
    collectionName: "Stadium",
  };
}

export function coreMap(bases: Record<Service, string>, map: SandboxMap) {
  return {
    author: map.authorAccountId,
    authorScore: map.authorTime,
    bronzeScore: map.bronzeTime,
    collectionName: "Stadium",
    createdWithGamepadEditor: false,
    createdWithSimpleEditor: false,
    fileUrl: fileUrl(bases, map),
    filename: `${plainMapName(map).replace(/[^\w .-]/g, "")}.Map.Gbx`,
    goldScore: map.goldTime,
    hasClones: false,
    isPlayable: true,
    mapId: map.mapId,
    mapStyle: map.mapStyle,
    mapType: "TrackMania\\TM_Race",
    mapUid: map.uid,
    name: map.name,
    silverScore: map.silverTime,
    submitter: map.authorAccountId,
    thumbnailUrl: thumbnailUrl(bases, map),
    timestamp: coreTimestamp(map.uploadTimestamp),
  };
}

/** TMX dates: ISO-8601 in UTC without an offset, e.g. `2024-05-01T12:34:56`. */
function tmxTimestamp(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 19);
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
    UploadedAt: tmxTimestamp(tmx.uploadedAt),
    UpdatedAt: tmxTimestamp(tmx.updatedAt),
    Medals: { Author: map.authorTime, Gold: map.goldTime, Silver: map.silverTime, Bronze: map.bronzeTime },
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
