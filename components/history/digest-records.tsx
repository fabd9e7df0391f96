import Link from "next/link";
import { mapPageHref } from "@/components/maps/map-page-href";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import {
  drivenAtLabel,
  exchangeUrl,
  gapToWorldRecordLabel,
  medalLabel,
  recordArrivalNote,
  trackmaniaIoPlayerUrl,
  trackmaniaIoUrl,
  worldRecordTakenNote,
  type DigestContent,
  type DigestRecord,
} from "@/lib/digest";
import { formatRaceTime } from "@/lib/format/race-time";

/** One record: who (linked to their trackmania.io page), the time, and what Trackwatch knows about it. */
function RecordItem({ record, topDepth, timeZone }: { record: DigestRecord; topDepth: number | undefined; timeZone: string }) {
  const details = [recordArrivalNote(record, topDepth), worldRecordTakenNote(record)].filter(Boolean).join(" · ");
  const driven = drivenAtLabel(record.drivenAt, timeZone);
  return (
    <li className="flex gap-3 py-2" data-testid="digest-record">
      <span className="w-10 shrink-0 tabular-nums text-slate-500">#{record.position}</span>
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-baseline gap-x-2">
          <a className="break-all font-medium text-brand-700 hover:underline" href={trackmaniaIoPlayerUrl(record.accountId)} target="_blank" rel="noreferrer">
            {record.displayName}
          </a>
          <span className="font-mono font-semibold tabular-nums text-slate-900">{formatRaceTime(record.score)}</span>
          <span className="text-xs text-slate-600">
            {gapToWorldRecordLabel(record)} · {medalLabel(record.medal)}
          </span>
        </p>
        {details || driven ? (
          <p className="text-xs text-slate-600">
            {details}
            {details && driven ? " · " : null}
            {driven ? <time dateTime={record.drivenAt ?? undefined}>driven {driven}</time> : null}
          </p>
        ) : null}
      </div>
    </li>
  );
}

/** Every record of a digest (the email lists at most a configured number per map; this lists them all). */
export function DigestRecords({ content }: { content: DigestContent }) {
  const sections = content.sections.filter((section) => section.maps.length > 0);
  if (sections.length === 0) {
    return <p className="text-sm text-slate-600">Checked {content.mapsChecked} watched maps: no new records and no new maps.</p>;
  }
  return (
    <div className="space-y-6">
      {sections.map((section) => (
        <Card key={section.alertId}>
          <div className="flex flex-wrap items-center gap-2">
            <CardTitle>{section.mapperDisplayName}&apos;s maps</CardTitle>
            <Badge tone={section.mode === "POSITION" ? "warning" : "neutral"}>{section.mode === "POSITION" ? "position mode" : "accurate mode"}</Badge>
          </div>
          {section.mode === "POSITION" ? <p className="mt-1 text-sm text-slate-600">Position mode: may be up to a day late.</p> : null}
          <div className="mt-4 space-y-6">
            {section.maps.map((map) => (
              <div key={map.uid}>
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h3 className="font-medium text-slate-900">
                    <Link href={mapPageHref(map.uid)} prefetch={false} className="hover:text-brand-700 hover:underline">
                      {map.name}
                    </Link>{" "}
                    {map.isNew ? <Badge tone="info">new map</Badge> : null}
                  </h3>
                  <p className="text-sm">
                    <a className="text-brand-700 hover:underline" href={trackmaniaIoUrl(map.uid)} target="_blank" rel="noreferrer">
                      trackmania.io
                    </a>
                    {" · "}
                    <a className="text-brand-700 hover:underline" href={exchangeUrl(map)} target="_blank" rel="noreferrer">
                      Trackmania Exchange
                    </a>
                  </p>
                </div>
                {map.records.length > 0 ? (
                  <ol className="mt-1 divide-y divide-slate-100 text-sm" aria-label={`New records on ${map.name}`}>
                    {map.records.map((record) => (
                      <RecordItem key={record.accountId} record={record} topDepth={section.topDepth} timeZone={content.timeZone} />
                    ))}
                  </ol>
                ) : (
                  <p className="mt-1 text-sm text-slate-600">No records yet.</p>
                )}
              </div>
            ))}
          </div>
        </Card>
      ))}
    </div>
  );
}
