import type { ReactNode } from "react";
import { AppShell } from "@/components/app/app-shell";
import { requireUserPage } from "@/lib/auth/session";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUserPage("/dashboard");
  return <AppShell user={user}>{children}</AppShell>;
}
