import "server-only";
import { createElement } from "react";
import { DigestEmail, digestPlainText, digestSubject } from "@/emails/digest";
import { browserThumbnailSrc } from "@/lib/alerts/thumbnail";
import type { MapperAlertReport, RecordEvent } from "@/lib/checks";
import type { NotificationKind, Prisma } from "@/lib/generated/prisma/client";
import { renderEmail } from "@/lib/mail";
import { stripFormatting } from "@/lib/trackmania/schemas";
import type { DigestContent, DigestRecord, DigestSection } from "./content";

/**
 * Turns one user's check results into the digest that is stored and (when there is anything new)
 * sent: the content JSON, the rendered email and the history notifications. Pure apart from
 * rendering: everything it needs is passed in, so a redelivered check composes the same digest.
 */

export type ComposeDigestOptions = {
  reader: { name: string };
  day: string;
  timeZone: string;
  checkedAt: Date;
  reports: MapperAlertReport[];
  mapsChecked: number;
  maxRecordsPerMapInMail: number;
  unsubscribeUrl: string;
  settingsUrl: string;
  historyUrl: string;
};

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

export async function composeDigest(options: ComposeDigestOptions): Promise<ComposedDigest> {
  const sections = toSections(options.reports);
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
    unsubscribeUrl: options.unsubscribeUrl,
  };
  if (recordCount === 0 && content.newMapCount === 0) {
    return { status: "EMPTY", content: { ...content, sections: [] }, recordCount: 0, notifications: [] };
  }

  const props = { name: options.reader.name, content, settingsUrl: options.settingsUrl, historyUrl: options.historyUrl };
  // The sandbox's thumbnails live on in-process hosts no mail client can reach: the email inlines
  // them (real thumbnails are public URLs and stay links). The stored content keeps the original.
  const withReachableThumbnails = {
    ...content,
    sections: content.sections.map((section) => ({
      ...section,
      maps: section.maps.map((map) => ({ ...map, thumbnailUrl: browserThumbnailSrc(map.thumbnailUrl) })),
    })),
  };
  const { html } = await renderEmail(createElement(DigestEmail, { ...props, content: withReachableThumbnails }));
  const notifications: ComposedNotification[] = content.sections.flatMap((section) =>
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
  );
  return {
    status: "COMPOSED",
    subject: digestSubject(content),
    html,
    text: digestPlainText(props),
    content,
    recordCount,
    notifications,
  };
}
