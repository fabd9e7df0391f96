import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { SearchForm } from "@/components/search/search-form";
import { SearchList } from "@/components/search/search-list";
import { Card, CardTitle } from "@/components/ui/card";
import { requireUserPage } from "@/lib/auth/session";
import { listMapSearches, mapperNameSuggestions } from "@/lib/search";

export const metadata: Metadata = { title: "Map search" };

export default async function MapSearchPage() {
  const user = await requireUserPage("/search");
  const [searches, suggestions] = await Promise.all([listMapSearches(user), mapperNameSuggestions(user)]);
  return (
    <>
      <PageHeader title="Map search" description="Search any mapper by Trackmania name and see the records driven on their maps." />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card className="space-y-4">
          <CardTitle>Search a mapper</CardTitle>
          <SearchForm suggestions={suggestions} />
          <p className="text-xs text-slate-500">
            Each map's leaderboard is read at most once a day and shared with everyone: a mapper read today answers at once, a new one takes about a
            second per map.
          </p>
        </Card>
        <Card className="space-y-2">
          <CardTitle>Your searches</CardTitle>
          <SearchList searches={searches} />
        </Card>
      </div>
    </>
  );
}
