import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { PageHeader } from "@/components/app/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { FindMapForm, MapperMapsForm } from "@/components/watches/find-map-form";
import { MapCandidates } from "@/components/watches/map-candidates";
import { WatchImportForm } from "@/components/watches/watch-import-form";
import { WatchList } from "@/components/watches/watch-list";
import { WatchPreviewCard } from "@/components/watches/watch-preview-card";
import { requireUserPage, type ActingUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import {
  findWatchMaps,
  listDriverWatches,
  listMapperMaps,
  mapUidSchema,
  previewDriverWatch,
  type DriverWatchList,
  type DriverWatchPreview,
  type FindWatchMapsResult,
  type MapCandidate,
} from "@/lib/watches";

export const metadata: Metadata = { title: "Driver watches" };

/** What the address may carry: a search (`q`), a mapper (`mapper`), a map to preview (`map`), a watch just added. */
const searchSchema = z.object({
  q: z.string().optional().catch(undefined),
  mapper: z.string().optional().catch(undefined),
  map: z.string().optional().catch(undefined),
  added: z.string().max(64).optional().catch(undefined),
});

type Search = z.infer<typeof searchSchema>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

type Lookup =
  | { kind: "none" }
  | { kind: "search"; query: string; result: FindWatchMapsResult }
  | { kind: "mapper"; mapper: string; total: number; candidates: MapCandidate[] }
  | { kind: "preview"; preview: DriverWatchPreview }
  | { kind: "refused"; message: string; field?: "q" | "mapper" };

/** The lookup the address asks for; a refusal (no time, unknown map, rate limit…) is said on the page, never a failure. */
async function lookUp(user: ActingUser, search: Search): Promise<Lookup> {
  try {
    if (search.map !== undefined) {
      const uid = mapUidSchema.safeParse(search.map);
      if (!uid.success) return { kind: "refused", message: "This address does not name a map. Find the map again below." };
      return { kind: "preview", preview: await previewDriverWatch(user, { mapUid: uid.data }) };
    }
    if (search.q !== undefined && search.q.trim() !== "") {
      const result = await findWatchMaps(user, { query: search.q });
      // A link, uid or TMX id names one map: straight to its preview.
      if (result.exact && result.candidates.length === 1) redirect(`/watches?map=${encodeURIComponent(result.candidates[0]!.uid)}`);
      return { kind: "search", query: search.q.trim(), result };
    }
    if (search.mapper !== undefined && search.mapper.trim() !== "") {
      const found = await listMapperMaps(user, { mapper: search.mapper });
      return { kind: "mapper", ...found };
    }
  } catch (error) {
    if (error instanceof AppError) return { kind: "refused", message: error.message, field: search.map === undefined ? (search.q ? "q" : "mapper") : undefined };
    if (error instanceof z.ZodError) return { kind: "refused", message: error.issues[0]?.message ?? "Check what you typed.", field: search.q ? "q" : "mapper" };
    throw error;
  }
  return { kind: "none" };
}

export default async function DriverWatchesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUserPage("/watches");
  const raw = await searchParams;
  const search = searchSchema.parse(Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, first(value)])));
  const list = await listDriverWatches(user);
  const { used, limit, account } = list;

  return (
    <>
      <PageHeader
        title="Driver watches"
        description="Watch your own times and hear when someone passes you, when you drop out of a top, or when you lose a world record."
        actions={
          <p className="text-sm font-medium text-slate-700" data-testid="watch-usage">
            {used} of {limit} watches
          </p>
        }
      />
      {account ? <SignedInDriver account={account} search={search} list={list} user={user} /> : <NoTrackmaniaAccount />}
    </>
  );
}

function NoTrackmaniaAccount() {
  return (
    <Card className="max-w-2xl space-y-3" data-testid="watches-no-account">
      <CardTitle>First, your Trackmania account</CardTitle>
      <p className="text-sm text-slate-700">
        A watch follows your own time on a map, so Trackwatch needs to know which Trackmania account is yours. Link it with
        &ldquo;Sign in with Trackmania&rdquo; (verified), or type your display name (unverified), in Settings.
      </p>
      <Link href="/settings#trackmania" className="inline-block text-sm font-medium text-brand-700 hover:underline">
        Add your Trackmania account in Settings →
      </Link>
    </Card>
  );
}

async function SignedInDriver({ account, search, list, user }: { account: NonNullable<DriverWatchList["account"]>; search: Search; list: DriverWatchList; user: ActingUser }) {
  const limitReached = list.used >= list.limit;
  const lookup = limitReached ? ({ kind: "none" } as const) : await lookUp(user, search);
  const added = search.added ? list.watches.find((watch) => watch.id === search.added) : undefined;

  return (
    <div className="space-y-8">
      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700" data-testid="watch-account">
        Watching the times of <span className="font-semibold text-slate-900">{account.displayName}</span>
        {account.verified ? <Badge tone="success">Verified</Badge> : <Badge tone="warning">Unverified</Badge>}
        <Link href="/settings#trackmania" className="text-xs font-medium text-brand-700 hover:underline">
          {account.verified ? "Change in Settings" : "Verify in Settings"}
        </Link>
      </p>
      {added ? (
        <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
          Now watching {added.mapName}.
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <Card className="min-w-0 space-y-5">
          <CardTitle>Add a watch</CardTitle>
          {limitReached ? (
            <p className="text-sm text-slate-700">You use all {list.limit} of your watches. Remove one to watch another map.</p>
          ) : (
            <>
              <FindMapForm query={search.q ?? ""} errors={lookup.kind === "refused" && lookup.field === "q" ? [lookup.message] : undefined} />
              {lookup.kind === "mapper" ? null : <LookupResult lookup={lookup} list={list} />}
              <details className="group border-t border-slate-100 pt-4" open={lookup.kind === "mapper" || (lookup.kind === "refused" && lookup.field === "mapper")}>
                <summary className="cursor-pointer text-sm font-medium text-slate-800">Or pick from a mapper&apos;s maps</summary>
                <div className="mt-3 space-y-3">
                  <MapperMapsForm mapper={search.mapper ?? ""} errors={lookup.kind === "refused" && lookup.field === "mapper" ? [lookup.message] : undefined} />
                  {lookup.kind === "mapper" ? <LookupResult lookup={lookup} list={list} /> : null}
                </div>
              </details>
            </>
          )}
        </Card>
        <Card className="h-fit min-w-0 space-y-4">
          <CardTitle>Add many at once</CardTitle>
          <WatchImportForm disabled={limitReached} />
        </Card>
      </div>

      <section aria-labelledby="your-watches" className="min-w-0 space-y-3">
        <h2 id="your-watches" className="text-base font-semibold text-slate-900">
          Your watches
        </h2>
        <WatchList watches={list.watches} timeZone={list.timezone} accurateDepth={list.accurateDepth} />
      </section>
    </div>
  );
}

function LookupResult({ lookup, list }: { lookup: Lookup; list: DriverWatchList }) {
  switch (lookup.kind) {
    case "none":
      return null;
    case "refused":
      // Refusals about what was typed sit under their field; the rest (a preview refused) here.
      return lookup.field ? null : (
        <p role="alert" className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="watch-refused">
          {lookup.message}
        </p>
      );
    case "preview":
      return <WatchPreviewCard preview={lookup.preview} timeZone={list.timezone} accurateDepth={list.accurateDepth} />;
    case "search":
      return lookup.result.candidates.length === 0 ? (
        <p role="status" className="text-sm text-slate-600">
          No map on Trackmania Exchange has &ldquo;{lookup.query}&rdquo; in its name. Paste the map&apos;s link or uid instead.
        </p>
      ) : (
        <div className="space-y-2">
          <p role="status" className="text-sm text-slate-600">
            {lookup.result.candidates.length} {lookup.result.candidates.length === 1 ? "map" : "maps"} with &ldquo;{lookup.query}&rdquo; in the name. Preview one to see your time on it.
          </p>
          <MapCandidates candidates={lookup.result.candidates} label="Maps found" timeZone={list.timezone} />
        </div>
      );
    case "mapper":
      return lookup.total === 0 ? (
        <p role="status" className="text-sm text-slate-600">
          Trackmania Exchange lists no maps by {lookup.mapper}.
        </p>
      ) : (
        <div className="space-y-2">
          <p role="status" className="text-sm text-slate-600">
            {lookup.total > lookup.candidates.length
              ? `The newest ${lookup.candidates.length} of ${lookup.total} maps by ${lookup.mapper}; paste a link to pick an older one.`
              : `${lookup.total} ${lookup.total === 1 ? "map" : "maps"} by ${lookup.mapper}.`}
          </p>
          <MapCandidates candidates={lookup.candidates} label={`Maps by ${lookup.mapper}`} timeZone={list.timezone} />
        </div>
      );
  }
}
