import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { SiteOverview } from "@/components/admin/site-overview";
import { requireAdminPage } from "@/lib/auth/session";
import { getSiteOverview } from "@/lib/admin";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminOverviewPage() {
  const admin = await requireAdminPage("/admin/overview");
  const overview = await getSiteOverview(admin);
  return (
    <>
      <PageHeader title="Site overview" description="Users, watches and the health of the daily run." />
      <SiteOverview overview={overview} />
    </>
  );
}
