import type { Metadata } from "next";
import { z } from "zod";
import { PageHeader } from "@/components/app/page-header";
import { DigestList } from "@/components/history/digest-list";
import { requireUserPage } from "@/lib/auth/session";
import { dailyRunClockLabel } from "@/lib/daily-run";
import { listDigestsForUser } from "@/lib/digest";
import { readSearchParams } from "@/lib/http";

export const metadata: Metadata = { title: "History" };

const searchSchema = z.object({ cursor: z.string().max(64).optional().catch(undefined) });

export default async function HistoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUserPage("/history");
  const { cursor } = searchSchema.parse(readSearchParams(await searchParams, ["cursor"]));
  const { digests, nextCursor } = await listDigestsForUser(user, { cursor });
  return (
    <>
      <PageHeader title="History" description="Every daily check: what was emailed, when, and the full records it carried." />
      <DigestList digests={digests} nextCursor={nextCursor} clockLabel={dailyRunClockLabel()} />
    </>
  );
}
