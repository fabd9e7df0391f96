import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { exchangeUrl, medalLabel, trackmaniaIoUrl, type DigestContent, type DigestRecord } from "@/lib/digest/content";
import { formatGap, formatRaceTime } from "@/lib/format/race-time";

function note(record: DigestRecord): string {
  if (record.previousScore === null) return "new driver";
  return `improved from ${formatRaceTime(record.previousScore)} (${formatGap(record.score - record.previousScore)})`;
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
                    {map.name} {map.isNew ? <Badge tone="info">new map</Badge> : null}
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
                  <div className="mt-2 overflow-x-auto">
                    <table className="w-full text-left text-sm">
                      <caption className="sr-only">New records on {map.name}</caption>
                      <thead className="text-xs text-slate-500">
                        <tr>
                          <th scope="col" className="py-1 pr-4 font-medium">Position</th>
                          <th scope="col" className="py-1 pr-4 font-medium">Driver</th>
                          <th scope="col" className="py-1 pr-4 font-medium">Time</th>
                          <th scope="col" className="py-1 pr-4 font-medium">Gap to WR</th>
                          <th scope="col" className="py-1 pr-4 font-medium">Medal</th>
                          <th scope="col" className="py-1 pr-4 font-medium">Note</th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-slate-100">
                        {map.records.map((record) => (
                          <tr key={record.accountId}>
                            <td className="py-1.5 pr-4">#{record.position}</td>
                            <td className="py-1.5 pr-4 font-medium">{record.displayName}</td>
                            <td className="py-1.5 pr-4 tabular-nums">{formatRaceTime(record.score)}</td>
                            <td className="py-1.5 pr-4 tabular-nums">{record.isWorldRecord ? "world record" : formatGap(record.gapToWorldRecord)}</td>
                            <td className="py-1.5 pr-4">{medalLabel(record.medal)}</td>
                            <td className="py-1.5 pr-4 text-slate-600">{note(record)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
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
