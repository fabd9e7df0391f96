import type { Metadata } from "next";
import { Logo } from "@/components/layout/logo";
import { StatusPage } from "@/components/layout/status-page";
import { ButtonLink } from "@/components/ui/button-link";

export const metadata: Metadata = { title: "Not found", robots: { index: false } };

// Replaces Next's default 404, whose inline <style> the Content-Security-Policy (rightly) refuses.
export default function NotFound() {
  return (
    <StatusPage logo={<Logo />} code="404" title="There is nothing here">
      <p>The page may have moved, or the link may be mistyped or out of date.</p>
      <ButtonLink href="/dashboard" className="w-full">
        Go to your dashboard
      </ButtonLink>
    </StatusPage>
  );
}
