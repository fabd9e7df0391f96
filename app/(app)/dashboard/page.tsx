import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { VerifyEmailNotice } from "@/components/auth/verify-email-notice";
import { Dashboard } from "@/components/dashboard/dashboard";
import { requireUserPage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUserPage("/dashboard");
  return (
    <>
      <PageHeader title="Dashboard" description="Your alerts, watches and the latest digest at a glance." />
      <VerifyEmailNotice user={user} />
      <Dashboard user={user} />
    </>
  );
}
