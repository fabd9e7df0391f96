import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OutboxEmailView } from "@/components/admin/outbox-email-view";
import { requireAdminPage } from "@/lib/auth/session";
import { getOutboxEmailForAdmin } from "@/lib/admin";
import { AppError } from "@/lib/errors";
import { readPathParams } from "@/lib/http";

export const metadata: Metadata = { title: "Outbox email" };

export default async function OutboxEmailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await readPathParams(params);
  const admin = await requireAdminPage(`/admin/outbox/${encodeURIComponent(id)}`);
  try {
    const email = await getOutboxEmailForAdmin(admin, id);
    return <OutboxEmailView email={email} />;
  } catch (error) {
    if (error instanceof AppError && error.type === "not_found") notFound();
    throw error;
  }
}
