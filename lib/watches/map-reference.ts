/**
 * What the "find a map" box was given: a map uid, a Trackmania Exchange id, a link to a map on
 * Trackmania Exchange or trackmania.io, or else words of a map's name. Pure, so the page, the domain
 * and unit tests read a query the same way.
 */
export type MapReference =
  | { kind: "uid"; uid: string }
  | { kind: "tmx"; tmxId: number }
  | { kind: "name"; name: string }
  /** A link Trackwatch cannot read a map from (another site, or a TMX/trackmania.io page that is not a map). */
  | { kind: "unknown-link"; reason: string };

/** Nadeo map uids: 24–27 characters of base64url without padding (real ones are mostly 27; some 25–26). */
const UID = /^[A-Za-z0-9_]{24,27}$/;
const TMX_HOSTS = new Set(["trackmania.exchange", "www.trackmania.exchange"]);
const TMIO_HOSTS = new Set(["trackmania.io", "www.trackmania.io"]);
/** TMX map pages: /mapshow/123, /maps/123/name, /s/tr/123, /tracks/123, /tracks/view/123, /maps/download/123, /mapgbx/123. */
const TMX_PATHS = [/^\/mapshow\/(\d+)/i, /^\/maps\/(?:download\/)?(\d+)/i, /^\/s\/tr\/(\d+)/i, /^\/tracks\/(?:view\/)?(\d+)/i, /^\/mapgbx\/(\d+)/i];

export function isMapUid(value: string): boolean {
  return UID.test(value);
}

export function parseMapReference(input: string): MapReference {
  const text = input.trim();
  const tmxId = /^(?:tmx\s*)?#?\s*(\d{1,9})$/i.exec(text)?.[1];
  if (tmxId) return { kind: "tmx", tmxId: Number(tmxId) };
  if (isMapUid(text)) return { kind: "uid", uid: text };
  const url = asUrl(text);
  if (url) return fromUrl(url);
  return { kind: "name", name: text.replace(/\s+/g, " ") };
}

/** A link with or without its scheme ("trackmania.exchange/mapshow/1" too); null for plain words. */
function asUrl(text: string): URL | null {
  if (/\s/.test(text)) return null;
  const withScheme = /^https?:\/\//i.test(text) ? text : /^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(text) ? `https://${text}` : null;
  if (!withScheme || !URL.canParse(withScheme)) return null;
  return new URL(withScheme);
}

function fromUrl(url: URL): MapReference {
  const host = url.hostname.toLowerCase();
  if (TMX_HOSTS.has(host)) {
    for (const pattern of TMX_PATHS) {
      const id = pattern.exec(url.pathname)?.[1];
      if (id && id.length <= 9) return { kind: "tmx", tmxId: Number(id) };
    }
    return { kind: "unknown-link", reason: "This Trackmania Exchange link is not a map's page. Open the map there and copy the address." };
  }
  if (TMIO_HOSTS.has(host)) {
    // trackmania.io routes in the fragment: #/leaderboard/<uid>, #/totd/leaderboard/<season>/<uid>,
    // #/campaigns/leaderboard/<season>/<uid>. Season ids are UUIDs (with dashes), never uids.
    const segments = `${url.pathname}/${url.hash.replace(/^#/, "").split("?")[0]}`.split("/").map(safeDecode);
    const uid = segments.filter((segment) => isMapUid(segment)).at(-1);
    if (uid) return { kind: "uid", uid };
    return { kind: "unknown-link", reason: "This trackmania.io link is not a map's leaderboard. Open the map there and copy the address." };
  }
  return { kind: "unknown-link", reason: "Trackwatch reads map links from trackmania.exchange and trackmania.io only." };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
