import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DigestDetail } from "@/components/history/digest-detail";
import { requireUserPage } from "@/lib/auth/session";
import { dailyRunClockLabel } from "@/lib/daily-run";
import { getDigestForUser } from "@/lib/digest";
import { AppError } from "@/lib/errors";
import { readPathParams } from "@/lib/http";

export const metadata: Metadata = { title: "Digest" };

export default async function DigestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await readPathParams(params);
  const user = await requireUserPage(`/history/${encodeURIComponent(id)}`);
  try {
    return <DigestDetail digest={await getDigestForUser(user, id)} clockLabel={dailyRunClockLabel()} />;
  } catch (error) {
    if (error instanceof AppError && error.type === "not_found") notFound();
    throw error;
  }
}
