import type { ReactNode } from "react";
import { CenteredPanel } from "@/components/layout/centered-panel";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return <CenteredPanel>{children}</CenteredPanel>;
}
