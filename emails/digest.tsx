import { Img, Link, Text } from "@react-email/components";
import { Fragment, type CSSProperties } from "react";
import { formatRaceTime } from "@/lib/format/race-time";
import {
  beyondTopNote,
  digestSummary,
  drivenAtLabel,
  exchangeUrl,
  formatDigestDay,
  gapToWorldRecordLabel,
  medalLabel,
  passerLabel,
  plural,
  recordArrivalNote,
  watchHeadline,
  watchStandingLabel,
  trackmaniaIoPlayerUrl,
  trackmaniaIoUrl,
  worldRecordTakenNote,
  type DigestContent,
  type DigestMap,
  type DigestRecord,
  type DigestSection,
  type DigestWatch,
} from "@/lib/digest/content";
import { EmailHeading, EmailLayout, emailColors, Paragraph } from "./components/layout";

export type DigestEmailProps = {
  /** Who the email greets ("Hi Sam,"): always `greetingName(user)` from lib/users, the one rule Settings promises. */
  name: string;
  content: DigestContent;
  settingsUrl: string;
  historyUrl: string;
  /** This digest in the reader's history, where every map and record is listed. */
  digestUrl?: string;
  /** How many maps with records the email lists (in order); the rest are a link to the history. */
  mapsShown?: number;
  /** Where map pages live on Trackwatch (`${APP_URL}/maps/`): each map name links to its charts. */
  mapsUrl?: string;
};

/** A map's page on Trackwatch, absolute (mail clients have no base URL), or null without `mapsUrl`. */
function mapPageUrl(mapsUrl: string | undefined, uid: string): string | null {
  return mapsUrl ? new URL(encodeURIComponent(uid), mapsUrl).toString() : null;
}

/**
 * A map's name, linked to its page on Trackwatch when the email knows where that is. No inline style:
 * every map repeats it, and bytes decide how many maps fit before Gmail clips (MAX_DIGEST_HTML_BYTES).
 */
function MapName({ name, url }: { name: string; url: string | null }) {
  return url ? <a href={url}>{name}</a> : <>{name}</>;
}

export const positionModeNote = "Position mode: may be up to a day late.";

/** The subject line: the summary, e.g. "5 new records on 3 maps by SmallMapperSam". */
export function digestSubject(content: DigestContent): string {
  return digestSummary(content);
}

/** Thumbnails make a digest long and heavy: only the first maps get one. */
const THUMBNAILS_IN_MAIL = 3;
/** New maps are listed by name; a mapper publishing a whole campaign at once gets a link for the rest. */
const NEW_MAPS_IN_MAIL = 10;

const colors = { ...emailColors, gold: "#8a6d00" };

// Plain elements with short inline styles: every map and record row repeats them, and the whole email
// must stay small (see compose-digest). React Email's Section and Text would add nested tables and margins.
const styles = {
  sectionTitle: { color: colors.ink, fontSize: "17px", fontWeight: 700, margin: "24px 0 2px" },
  note: { color: colors.muted, fontSize: "13px", lineHeight: "18px", margin: "2px 0 8px" },
  map: { borderTop: `1px solid ${colors.rule}`, padding: "10px 0" },
  mapName: { color: colors.ink, fontSize: "15px", fontWeight: 600, margin: "0" },
  links: { color: colors.muted, fontSize: "12px", margin: "0 0 6px" },
  thumbnail: { borderRadius: "4px", display: "block", margin: "4px 0 6px" },
  table: { borderCollapse: "collapse", color: colors.ink, fontSize: "13px", lineHeight: "18px", width: "100%" },
  small: { color: colors.muted, fontSize: "12px" },
  link: { color: colors.brand },
} satisfies Record<string, CSSProperties>;

/** The line under a record: gap, medal, what it improved, whose WR it took, when it was driven. */
function recordDetails(record: DigestRecord, topDepth: number | undefined, timeZone: string): string {
  const driven = drivenAtLabel(record.drivenAt, timeZone);
  return [gapToWorldRecordLabel(record), medalLabel(record.medal), recordArrivalNote(record, topDepth), worldRecordTakenNote(record), driven ? `driven ${driven}` : null]
    .filter(Boolean)
    .join(" · ");
}

function RecordRows({ map, limit, topDepth, timeZone, moreUrl }: { map: DigestMap; limit: number; topDepth: number | undefined; timeZone: string; moreUrl: string }) {
  const shown = map.records.slice(0, limit);
  const hidden = map.records.length - shown.length;
  return (
    <>
      <table style={styles.table} cellPadding={2} cellSpacing={0} role="presentation">
        <tbody>
          {shown.map((record) => (
            <tr key={record.accountId}>
              <td width="36" valign="top">{`#${record.position}`}</td>
              <td>
                <a href={trackmaniaIoPlayerUrl(record.accountId)} style={styles.link}>
                  {record.displayName}
                </a>{" "}
                <b>{formatRaceTime(record.score)}</b>
                <br />
                <span style={styles.small}>{recordDetails(record, topDepth, timeZone)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hidden > 0 ? (
        <p style={styles.note}>
          {`…and ${plural(hidden, "more record", "more records")}: `}
          <a href={moreUrl} style={styles.link}>
            see them on Trackwatch
          </a>
          .
        </p>
      ) : null}
    </>
  );
}

function MapLinks({ map }: { map: Pick<DigestMap, "uid" | "tmxId"> }) {
  return (
    <p style={styles.links}>
      <a href={trackmaniaIoUrl(map.uid)} style={styles.link}>
        trackmania.io
      </a>
      {" · "}
      <a href={exchangeUrl(map)} style={styles.link}>
        Trackmania Exchange
      </a>
    </p>
  );
}

/**
 * Scheduled checks share one read of each leaderboard per UTC day between everyone watching the map
 * (the Nadeo budget), so a digest late in the day can lag what is on the board now. Said plainly, so
 * a record missing from today's email is not taken for a lost one.
 */
const leaderboardTimingNote =
  "Trackwatch reads each leaderboard once per UTC day, at the first check that needs it, and shares that read with everyone watching the map: records driven after it come in your next digest.";

type ShownMap = { section: DigestSection; map: DigestMap; withThumbnail: boolean };

/** The maps with records the email lists, in reading order (sections by mapper, busiest maps first). */
function mapsToShow(content: DigestContent, mapsShown: number | undefined): { shown: ShownMap[]; hidden: number } {
  const all = content.sections.flatMap((section) => section.maps.filter((map) => map.records.length > 0).map((map) => ({ section, map })));
  const shown = all.slice(0, mapsShown ?? all.length).map((entry, index) => ({ ...entry, withThumbnail: index < THUMBNAILS_IN_MAIL }));
  return { shown, hidden: all.length - shown.length };
}

function newMapsOf(content: DigestContent) {
  return content.sections.flatMap((section) => section.maps.filter((map) => map.isNew).map((map) => ({ map, mapper: section.mapperDisplayName })));
}

/** A user may watch many maps: the email lists this many, history has every one. */
const WATCHES_IN_MAIL = 25;
/** Drivers named per watched map in the email. */
const PASSERS_IN_MAIL = 5;

function passersLine(watch: DigestWatch): string | null {
  if (watch.passers.length === 0) return null;
  if (watch.beyondTop) return `The closest is ${passerLabel(watch.passers[0]!, watch.score)}`;
  const named = watch.passers.slice(0, PASSERS_IN_MAIL).map((passer) => `#${passer.position} ${passerLabel(passer, watch.score)}`);
  const more = watch.passedCount - named.length;
  return `${named.join(", ")}${more > 0 ? ` and ${plural(more, "other", "others")}` : ""}`;
}

function YourTimes({ watches, moreUrl, mapsUrl }: { watches: DigestWatch[]; moreUrl: string; mapsUrl: string | undefined }) {
  const shown = watches.slice(0, WATCHES_IN_MAIL);
  return (
    <>
      <Text style={styles.sectionTitle}>Your times</Text>
      {shown.map((watch) => {
        const passers = passersLine(watch);
        return (
          <div key={watch.watchId} style={styles.map}>
            <p style={styles.mapName}>
              <MapName name={watch.name} url={mapPageUrl(mapsUrl, watch.mapUid)} />
            </p>
            <MapLinks map={{ uid: watch.mapUid, tmxId: watch.tmxId }} />
            <p style={{ ...styles.note, color: colors.ink, margin: "0" }}>
              <b>{watchHeadline(watch)}</b>
            </p>
            {passers ? <p style={{ ...styles.note, color: colors.ink, margin: "0" }}>{passers}</p> : null}
            <p style={{ ...styles.note, margin: "0" }}>
              {watchStandingLabel(watch)}
              {watch.beyondTop ? ` · ${beyondTopNote(watch.topDepth)}` : ""}
            </p>
          </div>
        );
      })}
      {watches.length > shown.length ? (
        <Text style={styles.note}>
          {`…and ${plural(watches.length - shown.length, "more watched map", "more watched maps")}: `}
          <a href={moreUrl} style={styles.link}>
            see them on Trackwatch
          </a>
          .
        </Text>
      ) : null}
    </>
  );
}

export function DigestEmail({
  name = previewProps.name,
  content = previewProps.content,
  settingsUrl = previewProps.settingsUrl,
  historyUrl = previewProps.historyUrl,
  digestUrl,
  mapsShown,
  mapsUrl,
}: DigestEmailProps) {
  const summary = digestSummary(content);
  const moreUrl = digestUrl ?? historyUrl;
  const { shown, hidden } = mapsToShow(content, mapsShown);
  const newMaps = newMapsOf(content);
  const limit = content.maxRecordsPerMapInMail;
  const watches = content.watches ?? [];
  const mapperMaps = content.sections.reduce((sum, section) => sum + section.mapsChecked, 0);
  return (
    <EmailLayout
      preview={`${summary}.`}
      reason={
        watches.length > 0 && mapperMaps === 0
          ? "You get this email because you watch your times on Trackmania maps with Trackwatch."
          : `You get this email because you asked Trackwatch for a daily digest of records on ${content.mapsChecked} watched ${content.mapsChecked === 1 ? "map" : "maps"}.`
      }
      settingsUrl={settingsUrl}
      unsubscribeUrl={content.unsubscribeUrl ?? undefined}
    >
      <EmailHeading>{summary}</EmailHeading>
      <Paragraph>
        Hi {name}, here is your digest for {formatDigestDay(content.day)}: what happened on your watched maps since the last one.
      </Paragraph>
      {watches.length > 0 ? <YourTimes watches={watches} moreUrl={moreUrl} mapsUrl={mapsUrl} /> : null}
      {shown.map(({ section, map, withThumbnail }, index) => (
        <Fragment key={`${section.alertId}:${map.uid}`}>
          {index === 0 || shown[index - 1]!.section !== section ? (
            <>
              <Text style={styles.sectionTitle}>{`${section.mapperDisplayName}'s maps`}</Text>
              {section.mode === "POSITION" ? <Text style={styles.note}>{positionModeNote}</Text> : null}
            </>
          ) : null}
          <div style={styles.map}>
            <p style={styles.mapName}>
              <MapName name={map.name} url={mapPageUrl(mapsUrl, map.uid)} />
            </p>
            <MapLinks map={map} />
            {withThumbnail && map.thumbnailUrl ? <Img src={map.thumbnailUrl} alt="" width="96" style={styles.thumbnail} /> : null}
            <RecordRows map={map} limit={limit} topDepth={section.topDepth} timeZone={content.timeZone} moreUrl={moreUrl} />
          </div>
        </Fragment>
      ))}
      {hidden > 0 ? (
        <Paragraph>
          {`And ${plural(hidden, "more map", "more maps")} with new records — `}
          <a href={moreUrl} style={styles.link}>
            see them all on Trackwatch
          </a>
          .
        </Paragraph>
      ) : null}
      {newMaps.length > 0 ? (
        <>
          <Text style={styles.sectionTitle}>New maps</Text>
          <Text style={styles.note}>Published since the last check; Trackwatch watches them from now on.</Text>
          {newMaps.slice(0, NEW_MAPS_IN_MAIL).map(({ map, mapper }) => (
            <div key={map.uid} style={styles.map}>
              <p style={styles.mapName}>
                {/* Not linked to Trackwatch: a new map has no history to chart yet, and the bytes go to records. */}
                {map.name} <span style={styles.small}>{`by ${mapper}`}</span>
              </p>
              <MapLinks map={map} />
            </div>
          ))}
          {newMaps.length > NEW_MAPS_IN_MAIL ? (
            <Text style={styles.note}>
              {`…and ${plural(newMaps.length - NEW_MAPS_IN_MAIL, "more new map", "more new maps")}: `}
              <a href={moreUrl} style={styles.link}>
                see them on Trackwatch
              </a>
              .
            </Text>
          ) : null}
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
export function digestPlainText({ name, content, settingsUrl, historyUrl, digestUrl, mapsShown, mapsUrl }: DigestEmailProps): string {
  const lines: string[] = [];
  const summary = digestSummary(content);
  const moreUrl = digestUrl ?? historyUrl;
  lines.push(`${summary}`, "", `Hi ${name}, here is your digest for ${formatDigestDay(content.day)}: what happened on your watched maps since the last one.`);
  const watches = content.watches ?? [];
  if (watches.length > 0) {
    lines.push("", "== Your times ==");
    for (const watch of watches.slice(0, WATCHES_IN_MAIL)) {
      lines.push("", watch.name, `  ${watchHeadline(watch)}`);
      const passers = passersLine(watch);
      if (passers) lines.push(`  ${passers}`);
      lines.push(`  ${watchStandingLabel(watch)}`);
      if (watch.beyondTop) lines.push(`  ${beyondTopNote(watch.topDepth)}`);
      lines.push(...chartsLine(mapsUrl, watch.mapUid), `  trackmania.io: ${trackmaniaIoUrl(watch.mapUid)}`, `  Trackmania Exchange: ${exchangeUrl({ uid: watch.mapUid, tmxId: watch.tmxId })}`);
    }
    if (watches.length > WATCHES_IN_MAIL) lines.push("", `...and ${plural(watches.length - WATCHES_IN_MAIL, "more watched map", "more watched maps")}: ${moreUrl}`);
  }
  const { shown, hidden } = mapsToShow(content, mapsShown);
  shown.forEach(({ section, map }, index) => {
    if (index === 0 || shown[index - 1]!.section !== section) {
      lines.push("", `== ${section.mapperDisplayName}'s maps ==`);
      if (section.mode === "POSITION") lines.push(positionModeNote);
    }
    lines.push("", map.name);
    const records = map.records.slice(0, content.maxRecordsPerMapInMail);
    for (const record of records) {
      lines.push(`  #${record.position} ${record.displayName} ${formatRaceTime(record.score)} - ${recordDetails(record, section.topDepth, content.timeZone)}`);
    }
    const more = map.records.length - records.length;
    if (more > 0) lines.push(`  ...and ${plural(more, "more record", "more records")}: ${moreUrl}`);
    lines.push(...chartsLine(mapsUrl, map.uid), `  trackmania.io: ${trackmaniaIoUrl(map.uid)}`, `  Trackmania Exchange: ${exchangeUrl(map)}`);
  });
  if (hidden > 0) lines.push("", `And ${plural(hidden, "more map", "more maps")} with new records - see them all on Trackwatch: ${moreUrl}`);
  const newMaps = newMapsOf(content);
  if (newMaps.length > 0) {
    lines.push("", "== New maps ==");
    for (const { map, mapper } of newMaps.slice(0, NEW_MAPS_IN_MAIL)) {
      lines.push("", `${map.name} by ${mapper}`, `  trackmania.io: ${trackmaniaIoUrl(map.uid)}`, `  Trackmania Exchange: ${exchangeUrl(map)}`);
    }
    if (newMaps.length > NEW_MAPS_IN_MAIL) lines.push("", `...and ${plural(newMaps.length - NEW_MAPS_IN_MAIL, "more new map", "more new maps")}: ${moreUrl}`);
  }
  lines.push("", leaderboardTimingNote, "", `History: ${historyUrl}`, `Email settings: ${settingsUrl}`);
  if (content.unsubscribeUrl) lines.push(`Unsubscribe: ${content.unsubscribeUrl}`);
  lines.push("", "Trackwatch is a fan project, not affiliated with Nadeo or Ubisoft.");
  return `${lines.join("\n")}\n`;
}

function chartsLine(mapsUrl: string | undefined, uid: string): string[] {
  const url = mapPageUrl(mapsUrl, uid);
  return url ? [`  Charts on Trackwatch: ${url}`] : [];
}

/** Realistic data for the React Email preview and for tests. */
export const previewProps: DigestEmailProps = {
  name: "Sam",
  settingsUrl: "http://localhost:3000/settings",
  historyUrl: "http://localhost:3000/history",
  mapsUrl: "http://localhost:3000/maps/",
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
    watches: [
      {
        watchId: "watch-preview-1",
        mapUid: "Winter2027_04_00000000000001",
        name: "Winter 2027 - 04",
        thumbnailUrl: null,
        tmxId: 123_456,
        condition: "PASSED",
        topN: null,
        triggers: ["passed"],
        score: 42_257,
        previousScore: null,
        position: 12,
        previousPosition: 10,
        medal: "gold",
        worldRecordScore: 41_987,
        passedCount: 2,
        passers: [
          { accountId: "a4", displayName: "Anaxx", score: 42_137, position: 10 },
          { accountId: "a5", displayName: "Bolt", score: 42_201, position: 11 },
        ],
        beyondTop: false,
        topDepth: 100,
      },
      {
        watchId: "watch-preview-2",
        mapUid: "Winter2027_05_00000000000002",
        name: "Winter 2027 - 05",
        thumbnailUrl: null,
        tmxId: null,
        condition: "PASSED",
        topN: null,
        triggers: ["passed"],
        score: 51_480,
        previousScore: null,
        position: 5_213,
        previousPosition: 5_210,
        medal: "silver",
        worldRecordScore: null,
        passedCount: 3,
        passers: [{ accountId: "a6", displayName: "Xenon", score: 51_360, position: 5_212 }],
        beyondTop: true,
        topDepth: 100,
      },
    ],
    sections: [
      {
        alertId: "alert-preview",
        mapperDisplayName: "SmallMapperSam",
        mode: "ACCURATE",
        mapsChecked: 3,
        topDepth: 100,
        maps: [
          {
            uid: "Sam_Map_Alpine_Run_000000001",
            name: "Alpine Run",
            thumbnailUrl: null,
            authorTime: 42_100,
            tmxId: 101_234,
            isNew: false,
            records: [
              { accountId: "a1", displayName: "TopDriverTeo", score: 41_987, position: 1, previousScore: 42_230, arrival: "improved", beatenWorldRecord: { accountId: "a9", displayName: "Mikovel", score: 42_045 }, drivenAt: "2026-11-24T19:12:00.000Z", worldRecordScore: 41_987, gapToWorldRecord: 0, isWorldRecord: true, medal: "author" },
              { accountId: "a2", displayName: "Scrapie", score: 43_512, position: 7, previousScore: null, arrival: "first-time", beatenWorldRecord: null, drivenAt: "2026-11-24T21:40:00.000Z", worldRecordScore: 41_987, gapToWorldRecord: 1_525, isWorldRecord: false, medal: "gold" },
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
              { accountId: "a3", displayName: "Wirtual", score: 36_020, position: 2, previousScore: null, arrival: "entered-top", beatenWorldRecord: null, drivenAt: null, worldRecordScore: 35_900, gapToWorldRecord: 120, isWorldRecord: false, medal: "gold" },
            ],
          },
        ],
      },
    ],
  },
};

DigestEmail.PreviewProps = previewProps;

export default DigestEmail;
