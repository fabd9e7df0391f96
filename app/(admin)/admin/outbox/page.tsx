import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { OutboxList } from "@/components/admin/outbox-list";
import { requireAdminPage } from "@/lib/auth/session";
import { listOutboxForAdmin } from "@/lib/admin";
import { readSearchParams } from "@/lib/http";
import { z } from "zod";

export const metadata: Metadata = { title: "Outbox" };

const searchSchema = z.object({
  cursor: z.string().max(64).optional().catch(undefined),
  to: z.email().optional().catch(undefined),
});

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdminPage("/admin/outbox");
  const { cursor, to } = searchSchema.parse(readSearchParams(await searchParams, ["cursor", "to"]));
  const page = await listOutboxForAdmin(admin, { limit: 25, cursor, to });
  return (
    <>
      <PageHeader
        title="Outbox"
        description="On the embedded defaults, email is kept here instead of being sent. Open one to see it as the recipient would."
      />
      <OutboxList page={page} to={to} />
    </>
  );
}
