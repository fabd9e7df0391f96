import { Suspense } from "react";
import { ButtonLink } from "@/components/ui/button-link";
import { formatGap, formatRaceTime } from "@/lib/format/race-time";
import { SiteStats } from "./site-stats";

const features = [
  {
    title: "Mapper alerts",
    body: "Watch every map you built — or any mapper you follow. Each morning, see who drove new records: driver, time, position, gap to the world record and medal. Catalogues of hundreds of maps work too.",
    icon: "M4 19h16M6 15l4-8 4 5 4-7",
  },
  {
    title: "Driver notifications",
    body: "Hold a top time on a map you care about? Trackwatch tells you who pushed you down, by how much, and where you stand now.",
    icon: "M12 3v12m0 0l-4-4m4 4l4-4M5 21h14",
  },
  {
    title: "Map search",
    body: "Look up any mapper by Trackmania name: their maps and the records driven on them in the last day, week or month, with charts.",
    icon: "M11 4a7 7 0 100 14 7 7 0 000-14zm10 17l-5-5",
  },
  {
    title: "Daily digest",
    body: "One email a day, at the hour you pick in your own time zone. Nothing new? No email. One click unsubscribes, no sign-in needed.",
    icon: "M4 6h16v12H4zM4 6l8 7 8-7",
  },
];

const sampleRecords = [
  { driver: "Wirtual_fan", time: 42_137, position: 1, gap: 0, medal: "Author" },
  { driver: "NoseBoost", time: 42_402, position: 4, gap: 265, medal: "Author" },
  { driver: "speedslide42", time: 43_918, position: 17, gap: 1_781, medal: "Gold" },
];

export function Landing() {
  return (
    <main className="flex-1">
      <section className="bg-gradient-to-b from-ink-950 to-ink-800 text-white">
        <div className="mx-auto grid max-w-6xl grid-cols-1 gap-12 px-4 py-16 sm:py-20 lg:grid-cols-2 lg:items-center">
          <div className="min-w-0">
            <p className="text-sm font-semibold uppercase tracking-widest text-brand-300">For Trackmania mappers and drivers</p>
            <h1 className="mt-3 text-4xl font-bold tracking-tight sm:text-5xl">
              Know who drove a new record on your maps.
            </h1>
            <p className="mt-5 text-lg text-slate-300">
              Trackwatch watches the leaderboards of the maps you built and the times you hold, and sends you one tidy
              digest a day: every new record, who set it, and how close it came to the world record.
            </p>
            <div className="mt-8 flex flex-wrap gap-3">
              <ButtonLink href="/sign-up" size="lg">
                Create a free account
              </ButtonLink>
              <ButtonLink href="/sign-in" size="lg" variant="secondary">
                Sign in
              </ButtonLink>
            </div>
          </div>
          <SampleDigest />
        </div>
      </section>

      {/* Streams in after the page: the totals never hold up the first paint. */}
      <Suspense fallback={null}>
        <SiteStats />
      </Suspense>

      <section aria-labelledby="features" className="mx-auto max-w-6xl px-4 py-16">
        <h2 id="features" className="text-2xl font-bold tracking-tight">
          What Trackwatch does
        </h2>
        <div className="mt-8 grid gap-6 sm:grid-cols-2">
          {features.map((feature) => (
            <article key={feature.title} className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
              <svg aria-hidden viewBox="0 0 24 24" className="h-8 w-8 text-brand-600" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
                <path d={feature.icon} />
              </svg>
              <h3 className="mt-4 text-lg font-semibold">{feature.title}</h3>
              <p className="mt-2 text-slate-600">{feature.body}</p>
            </article>
          ))}
        </div>
      </section>

      <section aria-labelledby="how" className="border-t border-slate-200 bg-white">
        <div className="mx-auto max-w-6xl px-4 py-16">
          <h2 id="how" className="text-2xl font-bold tracking-tight">
            How it works
          </h2>
          <ol className="mt-8 grid gap-6 sm:grid-cols-3">
            {[
              ["Link your Trackmania account", "Sign in with Trackmania to prove the maps are yours, or type any mapper's name to follow them."],
              ["Pick what you want to hear", "Every new record, only the top 5 (or top N), or only world records. Mute maps you don't care about."],
              ["Read one email a day", "At your hour, in your time zone. Everything is also in your history, with the full content."],
            ].map(([title, body], index) => (
              <li key={title} className="rounded-xl bg-slate-50 p-6">
                <span className="flex h-8 w-8 items-center justify-center rounded-full bg-brand-600 text-sm font-bold text-white">
                  {index + 1}
                </span>
                <h3 className="mt-4 font-semibold">{title}</h3>
                <p className="mt-2 text-slate-600">{body}</p>
              </li>
            ))}
          </ol>
        </div>
      </section>
    </main>
  );
}

function SampleDigest() {
  return (
    <figure className="min-w-0 rounded-2xl bg-white p-4 text-slate-900 sm:p-6 shadow-2xl ring-1 ring-white/10" aria-label="Example digest">
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Your digest · 07:00</p>
      <p className="mt-1 font-semibold">3 new records on 1 map by SnowLineMapper</p>
      <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200" tabIndex={0} role="region" aria-label="Example digest records">
        <p className="border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm font-semibold">Winter Sprint 04</p>
        <table className="w-full text-sm">
          <thead className="text-left text-slate-500">
            <tr>
              <th className="px-3 py-2 font-medium sm:px-4">Driver</th>
              <th className="px-3 py-2 font-medium sm:px-4">Time</th>
              <th className="px-3 py-2 font-medium sm:px-4">Pos.</th>
              <th className="px-3 py-2 font-medium sm:px-4">Gap</th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {sampleRecords.map((record) => (
              <tr key={record.driver} className="border-t border-slate-100">
                <td className="px-3 py-2 font-sans sm:px-4">{record.driver}</td>
                <td className="px-3 py-2 sm:px-4">{formatRaceTime(record.time)}</td>
                <td className="px-3 py-2 sm:px-4">{record.position === 1 ? "WR" : `#${record.position}`}</td>
                <td className="px-3 py-2 text-slate-500 sm:px-4">{record.gap === 0 ? "—" : formatGap(record.gap)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figcaption className="mt-3 text-xs text-slate-500">Example content. Times are shown the way the game shows them.</figcaption>
    </figure>
  );
}
