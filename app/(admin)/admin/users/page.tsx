import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { UserList } from "@/components/admin/users/user-list";
import { UserSearchForm } from "@/components/admin/users/user-search-form";
import { listUsersForAdmin } from "@/lib/admin";
import { requireAdminPage } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdminPage("/admin/users");
  const { q, page } = await searchParams;
  const list = await listUsersForAdmin(admin, { q: typeof q === "string" ? q : undefined, page: typeof page === "string" ? page : undefined });
  return (
    <>
      <PageHeader title="Users" description="Find an account by email, name or Trackmania name; open it to change its role, disable it or see what it watches." />
      <div className="space-y-6">
        <UserSearchForm q={list.q} />
        <UserList list={list} />
      </div>
    </>
  );
}
