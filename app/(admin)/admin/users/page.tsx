import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { UserList } from "@/components/admin/users/user-list";
import { UserSearchForm } from "@/components/admin/users/user-search-form";
import { listUsersForAdmin } from "@/lib/admin";
import { requireAdminPage } from "@/lib/auth/session";
import { readSearchParams } from "@/lib/http";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdminPage("/admin/users");
  // A search holding a control character shows "No account matches" (see listUsersSchema).
  const { q, page } = readSearchParams(await searchParams, ["q", "page"]);
  const list = await listUsersForAdmin(admin, { q, page });
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
