import type { ReactNode } from "react";
import { AppShell } from "@/components/app/app-shell";
import { AdminNav } from "@/components/admin/admin-nav";
import { requireAdminPage } from "@/lib/auth/session";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireAdminPage("/admin");
  return (
    <AppShell user={user}>
      <AdminNav admin={user} />
      {children}
    </AppShell>
  );
}
