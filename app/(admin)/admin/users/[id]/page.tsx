import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/app/page-header";
import { UserDetail } from "@/components/admin/users/user-detail";
import { getUserForAdmin } from "@/lib/admin";
import { requireAdminPage } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { readPathParams } from "@/lib/http";

export const metadata: Metadata = { title: "User" };

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await readPathParams(params);
  const admin = await requireAdminPage(`/admin/users/${encodeURIComponent(id)}`);
  const user = await getUserForAdmin(admin, id).catch((error: unknown) => {
    if (error instanceof AppError && error.type === "not_found") notFound();
    throw error;
  });
  return (
    <>
      <PageHeader
        title="User"
        description={
          <Link className="font-medium text-brand-700 hover:underline" href="/admin/users">
            ← All users
          </Link>
        }
      />
      <UserDetail user={user} self={user.id === admin.id} />
    </>
  );
}
