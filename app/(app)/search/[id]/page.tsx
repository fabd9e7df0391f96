import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { PageHeader } from "@/components/app/page-header";
import { CreateAlertButton } from "@/components/search/create-alert-button";
import { formatDateTime } from "@/components/search/format";
import { SearchActivity } from "@/components/search/search-activity";
import { SearchAgainForm } from "@/components/search/search-form";
import { SearchProgress } from "@/components/search/search-progress";
import { SearchResults } from "@/components/search/search-results";
import { Card, CardTitle } from "@/components/ui/card";
import { requireUserPage } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { readPathParams, readSearchParams } from "@/lib/http";
import { getMapperActivity } from "@/lib/history";
import { getMapSearch, periodLabels, searchSortSchema, type MapSearchView } from "@/lib/search";

export const metadata: Metadata = { title: "Map search" };

const querySchema = z.object({
  sort: searchSortSchema.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export default async function MapSearchResultPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await readPathParams(params);
  const user = await requireUserPage(`/search/${encodeURIComponent(id)}`);
  const query = querySchema.parse(readSearchParams(await searchParams, ["sort", "page"]));
  let search: MapSearchView;
  try {
    search = await getMapSearch(user, id);
  } catch (error) {
    if (error instanceof AppError && error.type === "not_found") notFound();
    throw error;
  }
  const name = search.mapperDisplayName ?? search.mapperName;
  const { progress, result } = search;
  // On Trackmania's clock, like the records (the sandbox's clock runs ahead of the wall's).
  const searchedAt = result?.asOf ?? search.finishedAt?.toISOString() ?? null;
  const activity = result
    ? await getMapperActivity(user, { mapUids: result.maps.map((map) => map.uid), since: result.since ? new Date(result.since) : null, now: new Date(result.asOf) })
    : null;

  return (
    <>
      <PageHeader
        title={`Maps by ${name}`}
        description={`${periodLabels[search.period]} · ${searchedAt ? `searched ${formatDateTime(searchedAt, search.timeZone)}` : "searching now"}`}
        actions={
          <Link href="/search" className="text-sm font-medium text-brand-700 hover:underline">
            ← All searches
          </Link>
        }
      />
      {!progress.finished ? (
        <Card className="space-y-4">
          <CardTitle>Searching {name}'s maps</CardTitle>
          <SearchProgress initial={progress} />
          <noscript>
            <meta httpEquiv="refresh" content="3" />
            <p className="text-sm text-slate-600">This page reloads every few seconds until the search ends.</p>
          </noscript>
        </Card>
      ) : progress.state !== "done" || !result ? (
        <Card className="space-y-4" role="status">
          <CardTitle>{progress.state === "no-player" ? "No such player" : "The search stopped"}</CardTitle>
          <p className="text-sm text-slate-700">{progress.message}</p>
          {progress.state === "failed" ? (
            <SearchAgainForm name={search.mapperName} period={search.period} label="Try again" />
          ) : (
            <p className="text-sm">
              <Link href="/search" className="font-medium text-brand-700 hover:underline">
                Search another name
              </Link>
            </p>
          )}
        </Card>
      ) : (
        <div className="space-y-6">
          <Card className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
            <div className="space-y-1 text-sm text-slate-700">
              <p>
                Leaderboards as Trackwatch read them by {formatDateTime(result.asOf, search.timeZone)}
                {result.since ? `, records driven since ${formatDateTime(result.since, search.timeZone)}` : ""}.
              </p>
              <p className="text-xs text-slate-500">Share this page's address with anyone signed in to Trackwatch.</p>
            </div>
            <div className="flex flex-col gap-2 sm:items-end">
              <CreateAlertButton displayName={result.mapper.displayName} />
              <SearchAgainForm name={search.mapperName} period={search.period} label="Search again" />
            </div>
          </Card>
          <SearchResults searchId={search.id} result={result} sort={query.sort ?? "activity"} page={query.page ?? 1} timeZone={search.timeZone} />
          {activity ? <SearchActivity mapper={result.mapper.displayName} period={search.period} activity={activity} /> : null}
        </div>
      )}
    </>
  );
}
