import "server-only";
import { createElement } from "react";
import { DigestEmail, digestPlainText, digestSubject } from "@/emails/digest";
import { browserThumbnailSrc } from "@/lib/alerts";
import type { DriverWatchReport, MapperAlertReport, RecordEvent } from "@/lib/checks";
import type { NotificationKind, Prisma } from "@/lib/generated/prisma/client";
import { renderEmail } from "@/lib/mail";
import type { ReactElement } from "react";
import { stripFormatting } from "@/lib/trackmania/schemas";
import type { DigestContent, DigestRecord, DigestSection, DigestWatch } from "./content";

/**
 * Turns one user's check results into the digest that is stored and (when there is anything new)
 * sent: the content JSON, the rendered email and the history notifications. Pure apart from
 * rendering: everything it needs is passed in, so a redelivered check composes the same digest.
 */

export type ComposeDigestOptions = {
  /** `name` is who the email greets: `greetingName(user)` from lib/users, as in every email. */
  reader: { name: string };
  day: string;
  timeZone: string;
  checkedAt: Date;
  reports: MapperAlertReport[];
  /** Driver watches that spoke up ("Your times"). */
  watchReports?: DriverWatchReport[];
  mapsChecked: number;
  maxRecordsPerMapInMail: number;
  unsubscribeUrl: string;
  settingsUrl: string;
  historyUrl: string;
  /** This digest's page in history, where the email's "see them all" links lead. */
  digestUrl: string;
  /** Where map pages live (`${APP_URL}/maps/`): map names in the email link to their charts. */
  mapsUrl?: string;
};

/**
 * Gmail clips messages over about 102 KB of HTML, hiding the footer and its unsubscribe link: a
 * digest lists as many maps as fit in this and links to its history page for the rest.
 */
export const MAX_DIGEST_HTML_BYTES = 90_000;

export type ComposedNotification = { kind: NotificationKind; mapUid: string; payload: Prisma.InputJsonValue };

export type ComposedDigest =
  | { status: "EMPTY"; content: DigestContent; recordCount: 0; notifications: [] }
  | {
      status: "COMPOSED";
      subject: string;
      html: string;
      text: string;
      content: DigestContent;
      recordCount: number;
      notifications: ComposedNotification[];
    };

function toDigestRecord(record: RecordEvent): DigestRecord {
  return {
    accountId: record.accountId,
    displayName: record.displayName,
    score: record.score,
    position: record.position,
    previousScore: record.previousScore,
    arrival: record.arrival,
    beatenWorldRecord: record.beatenWorldRecord,
    drivenAt: record.drivenAt ? record.drivenAt.toISOString() : null,
    worldRecordScore: record.worldRecordScore,
    gapToWorldRecord: record.gapToWorldRecord,
    isWorldRecord: record.isWorldRecord,
    medal: record.medal,
  };
}

function toSections(reports: MapperAlertReport[]): DigestSection[] {
  return [...reports]
    .sort((a, b) => a.mapperDisplayName.localeCompare(b.mapperDisplayName))
    .map((report) => ({
      alertId: report.alertId,
      mapperDisplayName: report.mapperDisplayName,
      mode: report.mode,
      mapsChecked: report.mapsChecked,
      topDepth: report.topDepth,
      maps: report.maps
        .filter((map) => map.records.length > 0 || map.isNew)
        .map((map) => ({
          uid: map.uid,
          name: stripFormatting(map.name) || map.uid,
          thumbnailUrl: map.thumbnailUrl,
          authorTime: map.authorTime,
          tmxId: map.tmxId,
          isNew: map.isNew,
          records: map.records.map(toDigestRecord).sort((a, b) => a.position - b.position),
        }))
        // Busiest maps first; ties keep a stable, readable order.
        .sort((a, b) => b.records.length - a.records.length || a.name.localeCompare(b.name)),
    }));
}

function toDigestWatch(report: DriverWatchReport): DigestWatch {
  return { ...report, passers: report.passers.map(({ accountId, displayName, score, position }) => ({ accountId, displayName, score, position })) };
}

/** Lost world records first, then the most drivers past, then improvements; by name within. */
function sortWatches(watches: DigestWatch[]): DigestWatch[] {
  const weight = (watch: DigestWatch) => (watch.triggers.includes("lost-world-record") ? 0 : watch.triggers.includes("left-top-n") ? 1 : watch.triggers.includes("passed") ? 2 : 3);
  return [...watches].sort((a, b) => weight(a) - weight(b) || b.passedCount - a.passedCount || a.name.localeCompare(b.name));
}

export async function composeDigest(options: ComposeDigestOptions): Promise<ComposedDigest> {
  const sections = toSections(options.reports);
  const watches = sortWatches((options.watchReports ?? []).map(toDigestWatch));
  const maps = sections.flatMap((section) => section.maps);
  const recordCount = maps.reduce((sum, map) => sum + map.records.length, 0);
  const content: DigestContent = {
    version: 1,
    day: options.day,
    timeZone: options.timeZone,
    checkedAt: options.checkedAt.toISOString(),
    mapsChecked: options.mapsChecked,
    recordCount,
    mapsWithRecords: maps.filter((map) => map.records.length > 0).length,
    newMapCount: maps.filter((map) => map.isNew).length,
    maxRecordsPerMapInMail: Math.max(1, options.maxRecordsPerMapInMail),
    sections: sections.filter((section) => section.maps.length > 0),
    watches,
    unsubscribeUrl: options.unsubscribeUrl,
  };
  if (recordCount === 0 && content.newMapCount === 0 && watches.length === 0) {
    return { status: "EMPTY", content: { ...content, sections: [], watches: [] }, recordCount: 0, notifications: [] };
  }

  const props = { name: options.reader.name, content, settingsUrl: options.settingsUrl, historyUrl: options.historyUrl, digestUrl: options.digestUrl, mapsUrl: options.mapsUrl };
  // Only http(s) thumbnails are linked (what a mail client can load); the stored content keeps the original.
  const withReachableThumbnails = {
    ...content,
    sections: content.sections.map((section) => ({
      ...section,
      maps: section.maps.map((map) => ({ ...map, thumbnailUrl: browserThumbnailSrc(map.thumbnailUrl) })),
    })),
    watches: watches.map((watch) => ({ ...watch, thumbnailUrl: browserThumbnailSrc(watch.thumbnailUrl) })),
  };
  const { html, mapsShown } = await renderWithinBudget(
    (shown) => createElement(DigestEmail, { ...props, content: withReachableThumbnails, mapsShown: shown }),
    content.mapsWithRecords,
  );
  const notifications: ComposedNotification[] = watches.map((watch) => ({ kind: "DRIVER_BEATEN", mapUid: watch.mapUid, payload: watch }));
  notifications.push(...content.sections.flatMap((section) =>
    section.maps.flatMap((map) => {
      const about = { alertId: section.alertId, mapperDisplayName: section.mapperDisplayName, mode: section.mode, mapName: map.name };
      const events: ComposedNotification[] = map.records.map((record) => ({
        kind: "MAPPER_RECORD",
        mapUid: map.uid,
        payload: { ...about, ...record },
      }));
      if (map.isNew) events.push({ kind: "NEW_MAP", mapUid: map.uid, payload: { ...about, tmxId: map.tmxId } });
      return events;
    }),
  ));
  return {
    status: "COMPOSED",
    subject: digestSubject(content),
    html,
    text: digestPlainText({ ...props, mapsShown }),
    content,
    recordCount,
    notifications,
  };
}

const htmlBytes = (html: string) => Buffer.byteLength(html, "utf8");

/**
 * Renders the email with every map listed, or with the most maps (in the email's order) that keep it
 * under MAX_DIGEST_HTML_BYTES: a binary search over the count, a few renders for the rare huge digest.
 */
async function renderWithinBudget(email: (mapsShown: number) => ReactElement, mapCount: number): Promise<{ html: string; mapsShown: number }> {
  const all = await renderEmail(email(mapCount));
  if (htmlBytes(all.html) <= MAX_DIGEST_HTML_BYTES) return { html: all.html, mapsShown: mapCount };
  let fits: { html: string; mapsShown: number } | null = null;
  let low = 1;
  let high = mapCount - 1;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const { html } = await renderEmail(email(middle));
    if (htmlBytes(html) <= MAX_DIGEST_HTML_BYTES) {
      fits = { html, mapsShown: middle };
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return fits ?? { html: (await renderEmail(email(0))).html, mapsShown: 0 };
}
