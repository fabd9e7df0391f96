import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/app/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { MapLookup } from "@/components/watches/map-lookup";
import { WatchImportForm } from "@/components/watches/watch-import-form";
import { WatchList } from "@/components/watches/watch-list";
import { requireUserPage } from "@/lib/auth/session";
import { readSearchParams } from "@/lib/http";
import { getWatchesPage, type WatchesPage, type WatchesPageSearch } from "@/lib/watches";

export const metadata: Metadata = { title: "Driver watches" };


/**
 * The address (`q`, `mapper`, `map`, `added`) only fills the look-up forms in and names a watch just
 * added: look-ups ask Trackmania, so they are posted (MapLookup), never run from a link (getWatchesPage).
 */
export default async function DriverWatchesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUserPage("/watches");
  const page = await getWatchesPage(user, readSearchParams(await searchParams, ["q", "mapper", "map", "added"]) as WatchesPageSearch);
  const { used, limit, account } = page.list;

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
      {account ? <SignedInDriver account={account} page={page} /> : <NoTrackmaniaAccount />}
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

function SignedInDriver({ account, page }: { account: NonNullable<WatchesPage["list"]["account"]>; page: WatchesPage }) {
  const { list, lookup, mapperListing, added } = page;
  const limitReached = list.used >= list.limit;

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
            // A watch just added starts the look-up afresh (its preview would offer to watch the map again).
            <MapLookup key={added?.id ?? "lookup"} initial={lookup} mapperListing={mapperListing} timeZone={list.timezone} accurateDepth={list.accurateDepth}
              findHint="Links from trackmania.exchange (mapshow, maps, s/tr) and trackmania.io leaderboards work; words search Trackmania Exchange by name."
            />
          )}
        </Card>
        <Card className="h-fit min-w-0 space-y-4">
          <CardTitle>Add many at once</CardTitle>
          <WatchImportForm
            disabled={limitReached}
            note="Maps where you have no time are skipped; nothing goes past your limit."
            hints={{ campaign: "The 25 maps of the official season running now.", totd: "The days released so far." }}
          />
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
