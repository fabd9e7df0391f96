import type { ReactNode } from "react";
import { CenteredPanel } from "@/components/layout/centered-panel";
import { Logo } from "@/components/layout/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return <CenteredPanel logo={<Logo />}>{children}</CenteredPanel>;
}
