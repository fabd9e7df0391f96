import type { Route } from "../context";
import { commaList, intParam, json, serviceError } from "../responses";
import { tmxMap } from "../shapes";
import { plainMapName, tmxNewestFirst, type Player, type SandboxMap } from "../world";

/** Trackmania Exchange (`/api/maps`): map search (author, name, uids, TMX ids), newest first, cursor-paged by MapId. */

const defaultCount = 40;
const maxCount = 1000;

type Json = unknown;

/**
 * Applies TMX's `fields` selection: `A` copies a property, `A.B` a nested one, `A[]` a whole array,
 * `A[].B` one property of each array element. Unknown fields are ignored.
 */
export function selectFields(source: Record<string, Json>, fields: string[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const field of fields) merge(out, pick(source, field.split(".")));
  return out;
}

function pick(value: Json, path: string[]): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const isArray = head.endsWith("[]");
  const key = isArray ? head.slice(0, -2) : head;
  if (typeof value !== "object" || value === null || !(key in value)) return undefined;
  const child = (value as Record<string, Json>)[key];
  if (isArray && Array.isArray(child)) {
    const picked = rest.length === 0 ? child : child.map((item) => pick(item, rest));
    return { [key]: picked };
  }
  const picked = pick(child, rest);
  return picked === undefined ? undefined : { [key]: picked };
}

function merge(target: Record<string, Json>, addition: Json): void {
  if (typeof addition !== "object" || addition === null) return;
  for (const [key, value] of Object.entries(addition as Record<string, Json>)) {
    const existing = target[key];
    if (Array.isArray(existing) && Array.isArray(value)) {
      value.forEach((item, i) => {
        if (typeof existing[i] === "object" && existing[i] !== null && typeof item === "object" && item !== null) merge(existing[i] as Record<string, Json>, item);
        else existing[i] = item;
      });
    } else if (typeof existing === "object" && existing !== null && !Array.isArray(existing) && typeof value === "object" && value !== null) {
      merge(existing as Record<string, Json>, value);
    } else {
      target[key] = structuredClone(value);
    }
  }
}

function tmxMapsOf(maps: readonly SandboxMap[]): SandboxMap[] {
  return maps.filter((m) => m.tmx !== null).sort((a, b) => b.tmx!.mapId - a.tmx!.mapId);
}

export const tmxRoutes: Route[] = [
  {
    // GET /api/maps?author=|name=|uid=|id=&fields=&count=&after= – map search
    method: "GET",
    pattern: /^\/api\/maps\/?$/,
    endpoint: "tmx.maps",
    auth: "none",
    faults: "all",
    handle(context) {
      const params = context.url.searchParams;
      const fields = commaList(context.url, "fields");
      // Clients always send `fields`; answering 400 without it catches a client that forgets.
      if (fields.length === 0) return serviceError("tmx", 400, context.traceId, { error: "BadRequest", message: "The fields parameter is required." });
      const count = Math.min(Math.max(intParam(context.url, "count", defaultCount), 1), maxCount);
      const after = intParam(context.url, "after", Number.POSITIVE_INFINITY);
      const before = intParam(context.url, "before", Number.NEGATIVE_INFINITY);
      const world = context.state.world;
      const author = params.get("author")?.trim().toLowerCase();
      // Part of the plain (formatting-free) name, any case.
      const name = params.get("name")?.trim().toLowerCase();
      const authorUserId = intParam(context.url, "authoruserid", -1);
      const uids = new Set(commaList(context.url, "uid").slice(0, 100));
      const ids = new Set(commaList(context.url, "id").slice(0, 100).map(Number));
      const matches = (map: SandboxMap) => {
        const mapper = world.players[map.authorIndex] as Player;
        if (author && mapper.displayName.toLowerCase() !== author) return false;
        if (authorUserId >= 0 && mapper.tmxUserId !== authorUserId) return false;
        if (name && !plainMapName(map).toLowerCase().includes(name)) return false;
        if (uids.size && !uids.has(map.uid)) return false;
        if (ids.size && !ids.has(map.tmx!.mapId)) return false;
        const id = map.tmx!.mapId;
        return id < after && id > before;
      };
      const results: Record<string, unknown>[] = [];
      let more = false;
      // Newest first (MapId descending): `after` continues below the last id seen.
      let candidates: Iterable<SandboxMap> = tmxNewestFirst(world);
      if (author) {
        const mapper = world.playersByName.get(author);
        candidates = mapper ? tmxMapsOf(world.mapsByAuthor.get(mapper.index) ?? []) : [];
      }
      for (const map of candidates) {
        if (!matches(map)) continue;
        if (results.length === count) {
          more = true;
          break;
        }
        results.push(selectFields(tmxMap(world, map), fields));
      }
      return json({ More: more, Results: results });
    },
  },
];
