import { Img, Link, Section, Text } from "@react-email/components";
import type { CSSProperties } from "react";
import { formatGap, formatRaceTime } from "@/lib/format/race-time";
import {
  digestSummary,
  exchangeUrl,
  formatDigestDay,
  medalLabel,
  trackmaniaIoUrl,
  type DigestContent,
  type DigestMap,
  type DigestRecord,
  type DigestSection,
} from "@/lib/digest/content";
import { EmailHeading, EmailLayout, emailColors, Paragraph } from "./components/layout";

export type DigestEmailProps = {
  /** How to greet the reader. */
  name: string;
  content: DigestContent;
  settingsUrl: string;
  historyUrl: string;
};

export const positionModeNote = "Position mode: may be up to a day late.";

/** The subject line: the summary, e.g. "5 new records on 3 maps by SmallMapperSam". */
export function digestSubject(content: DigestContent): string {
  return digestSummary(content);
}

const colors = { ...emailColors, gold: "#8a6d00" };

const styles = {
  sectionTitle: { color: colors.ink, fontSize: "17px", fontWeight: 700, margin: "24px 0 2px" },
  note: { color: colors.muted, fontSize: "13px", lineHeight: "18px", margin: "2px 0 8px" },
  map: { borderTop: `1px solid ${colors.rule}`, padding: "12px 0" },
  mapName: { color: colors.ink, fontSize: "15px", fontWeight: 600, margin: "0 0 6px" },
  thumbnail: { borderRadius: "4px", display: "block", margin: "0 0 8px" },
  table: { borderCollapse: "collapse", width: "100%" },
  th: { color: colors.muted, fontSize: "12px", fontWeight: 600, padding: "4px 6px 4px 0", textAlign: "left" },
  td: { color: colors.ink, fontSize: "13px", padding: "4px 6px 4px 0", verticalAlign: "top" },
  improved: { color: colors.muted, fontSize: "12px" },
  links: { fontSize: "13px", margin: "8px 0 0" },
  link: { color: colors.brand, textDecoration: "underline" },
} satisfies Record<string, CSSProperties>;

function recordNote(record: DigestRecord): string {
  if (record.previousScore === null) return "new driver";
  return `improved from ${formatRaceTime(record.previousScore)} (${formatGap(record.score - record.previousScore)})`;
}

function gapLabel(record: DigestRecord): string {
  return record.isWorldRecord ? "world record" : formatGap(record.gapToWorldRecord);
}

function RecordsTable({ map, limit }: { map: DigestMap; limit: number }) {
  const shown = map.records.slice(0, limit);
  const hidden = map.records.length - shown.length;
  return (
    <>
      <table style={styles.table} cellPadding={0} cellSpacing={0} role="presentation">
        <thead>
          <tr>
            <th style={styles.th}>Pos.</th>
            <th style={styles.th}>Driver</th>
            <th style={styles.th}>Time</th>
            <th style={styles.th}>Gap to WR</th>
            <th style={styles.th}>Medal</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((record) => (
            <tr key={record.accountId}>
              <td style={styles.td}>#{record.position}</td>
              <td style={styles.td}>
                {record.displayName}
                <br />
                <span style={styles.improved}>{recordNote(record)}</span>
              </td>
              <td style={styles.td}>{formatRaceTime(record.score)}</td>
              <td style={styles.td}>{gapLabel(record)}</td>
              <td style={styles.td}>{medalLabel(record.medal)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hidden > 0 ? (
        <Text style={styles.note}>
          …and {hidden} more {hidden === 1 ? "record" : "records"}: see the full list in your history.
        </Text>
      ) : null}
    </>
  );
}

function MapLinks({ map }: { map: DigestMap }) {
  return (
    <Text style={styles.links}>
      <Link href={trackmaniaIoUrl(map.uid)} style={styles.link}>
        Leaderboard on trackmania.io
      </Link>
      {" · "}
      <Link href={exchangeUrl(map)} style={styles.link}>
        Trackmania Exchange
      </Link>
    </Text>
  );
}

/**
 * Scheduled checks share one read of each leaderboard per UTC day between everyone watching the map
 * (the Nadeo budget), so a digest late in the day can lag what is on the board now. Said plainly, so
 * a record missing from today's email is not taken for a lost one.
 */
const leaderboardTimingNote =
  "Trackwatch reads each leaderboard once per UTC day, at the first check that needs it, and shares that read with everyone watching the map: records driven after it come in your next digest.";

function MapBlock({ map, limit }: { map: DigestMap; limit: number }) {
  return (
    <Section style={styles.map}>
      <Text style={styles.mapName}>{map.name}</Text>
      {map.thumbnailUrl ? <Img src={map.thumbnailUrl} alt={`Thumbnail of ${map.name}`} width="160" style={styles.thumbnail} /> : null}
      {map.records.length > 0 ? <RecordsTable map={map} limit={limit} /> : <Text style={styles.note}>No records yet.</Text>}
      <MapLinks map={map} />
    </Section>
  );
}

function SectionBlock({ section, limit }: { section: DigestSection; limit: number }) {
  const withRecords = section.maps.filter((map) => map.records.length > 0);
  if (withRecords.length === 0) return null;
  return (
    <>
      <Text style={styles.sectionTitle}>{section.mapperDisplayName}&apos;s maps</Text>
      {section.mode === "POSITION" ? <Text style={styles.note}>{positionModeNote}</Text> : null}
      {withRecords.map((map) => (
        <MapBlock key={map.uid} map={map} limit={limit} />
      ))}
    </>
  );
}

export function DigestEmail({ name = previewProps.name, content = previewProps.content, settingsUrl = previewProps.settingsUrl, historyUrl = previewProps.historyUrl }: DigestEmailProps) {
  const summary = digestSummary(content);
  const newMaps = content.sections.flatMap((section) => section.maps.filter((map) => map.isNew).map((map) => ({ map, mapper: section.mapperDisplayName })));
  return (
    <EmailLayout
      preview={`${summary}.`}
      reason={`You get this email because you asked Trackwatch for a daily digest of records on ${content.mapsChecked} watched ${content.mapsChecked === 1 ? "map" : "maps"}.`}
      settingsUrl={settingsUrl}
      unsubscribeUrl={content.unsubscribeUrl ?? undefined}
    >
      <EmailHeading>{summary}</EmailHeading>
      <Paragraph>
        Hi {name}, here is your digest for {formatDigestDay(content.day)}: what happened on your watched maps since the last one.
      </Paragraph>
      {content.sections.map((section) => (
        <SectionBlock key={section.alertId} section={section} limit={content.maxRecordsPerMapInMail} />
      ))}
      {newMaps.length > 0 ? (
        <>
          <Text style={styles.sectionTitle}>New maps</Text>
          <Text style={styles.note}>Published since the last check; Trackwatch watches them from now on.</Text>
          {newMaps.map(({ map, mapper }) => (
            <Section key={map.uid} style={styles.map}>
              <Text style={styles.mapName}>
                {map.name} <span style={styles.improved}>by {mapper}</span>
              </Text>
              <MapLinks map={map} />
            </Section>
          ))}
        </>
      ) : null}
      <Paragraph>{leaderboardTimingNote}</Paragraph>
      <Paragraph>
        Every digest stays in your{" "}
        <Link href={historyUrl} style={styles.link}>
          history
        </Link>
        .
      </Paragraph>
    </EmailLayout>
  );
}

/**
 * The plain-text part, written out rather than derived from the HTML: tables flatten badly, and
 * a text-only reader should get the same facts in a readable order.
 */
export function digestPlainText({ name, content, settingsUrl, historyUrl }: DigestEmailProps): string {
  const lines: string[] = [];
  const summary = digestSummary(content);
  lines.push(`${summary}`, "", `Hi ${name}, here is your digest for ${formatDigestDay(content.day)}: what happened on your watched maps since the last one.`);
  for (const section of content.sections) {
    const withRecords = section.maps.filter((map) => map.records.length > 0);
    if (withRecords.length === 0) continue;
    lines.push("", `== ${section.mapperDisplayName}'s maps ==`);
    if (section.mode === "POSITION") lines.push(positionModeNote);
    for (const map of withRecords) {
      lines.push("", map.name);
      const shown = map.records.slice(0, content.maxRecordsPerMapInMail);
      for (const record of shown) {
        lines.push(
          `  #${record.position} ${record.displayName} ${formatRaceTime(record.score)} (${gapLabel(record)}, ${medalLabel(record.medal)}) - ${recordNote(record)}`,
        );
      }
      const hidden = map.records.length - shown.length;
      if (hidden > 0) lines.push(`  ...and ${hidden} more ${hidden === 1 ? "record" : "records"}: see your history.`);
      lines.push(`  trackmania.io: ${trackmaniaIoUrl(map.uid)}`, `  Trackmania Exchange: ${exchangeUrl(map)}`);
    }
  }
  const newMaps = content.sections.flatMap((section) => section.maps.filter((map) => map.isNew).map((map) => ({ map, mapper: section.mapperDisplayName })));
  if (newMaps.length > 0) {
    lines.push("", "== New maps ==");
    for (const { map, mapper } of newMaps) {
      lines.push("", `${map.name} by ${mapper}`, `  trackmania.io: ${trackmaniaIoUrl(map.uid)}`, `  Trackmania Exchange: ${exchangeUrl(map)}`);
    }
  }
  lines.push("", leaderboardTimingNote, "", `History: ${historyUrl}`, `Email settings: ${settingsUrl}`);
  if (content.unsubscribeUrl) lines.push(`Unsubscribe: ${content.unsubscribeUrl}`);
  lines.push("", "Trackwatch is a fan project, not affiliated with Nadeo or Ubisoft.");
  return `${lines.join("\n")}\n`;
}

/** Realistic data for the React Email preview and for tests. */
export const previewProps: DigestEmailProps = {
  name: "Sam",
  settingsUrl: "http://localhost:3000/settings",
  historyUrl: "http://localhost:3000/history",
  content: {
    version: 1,
    day: "2026-11-25",
    timeZone: "Europe/Paris",
    checkedAt: "2026-11-25T06:00:00.000Z",
    mapsChecked: 3,
    recordCount: 3,
    mapsWithRecords: 2,
    newMapCount: 1,
    maxRecordsPerMapInMail: 20,
    unsubscribeUrl: "http://localhost:3000/api/unsubscribe?token=v1.preview.signature",
    sections: [
      {
        alertId: "alert-preview",
        mapperDisplayName: "SmallMapperSam",
        mode: "ACCURATE",
        mapsChecked: 3,
        maps: [
          {
            uid: "Sam_Map_Alpine_Run_000000001",
            name: "Alpine Run",
            thumbnailUrl: null,
            authorTime: 42_100,
            tmxId: 101_234,
            isNew: false,
            records: [
              { accountId: "a1", displayName: "TopDriverTeo", score: 41_987, position: 1, previousScore: 42_230, drivenAt: "2026-11-24T19:12:00.000Z", worldRecordScore: 41_987, gapToWorldRecord: 0, isWorldRecord: true, medal: "author" },
              { accountId: "a2", displayName: "Scrapie", score: 43_512, position: 7, previousScore: null, drivenAt: "2026-11-24T21:40:00.000Z", worldRecordScore: 41_987, gapToWorldRecord: 1_525, isWorldRecord: false, medal: "gold" },
            ],
          },
          {
            uid: "Sam_Map_Dusty_Loop_000000002",
            name: "Dusty Loop",
            thumbnailUrl: null,
            authorTime: 35_400,
            tmxId: null,
            isNew: true,
            records: [
              { accountId: "a3", displayName: "Wirtual", score: 36_020, position: 2, previousScore: null, drivenAt: null, worldRecordScore: 35_900, gapToWorldRecord: 120, isWorldRecord: false, medal: "gold" },
            ],
          },
        ],
      },
    ],
  },
};

DigestEmail.PreviewProps = previewProps;

export default DigestEmail;
