"use client";

import { PlainLogo } from "@/components/layout/logo-mark";
import { RenderFailure, StatusPage } from "@/components/layout/status-page";
import { Button } from "@/components/ui/button";
import "./globals.css";

// When even the root layout failed. Replaces Next's default, whose inline <style> the CSP refuses.
// Loaded on every page: kept free of next/link (see PlainLogo).
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen flex flex-col">
        <StatusPage logo={<PlainLogo />} code="Error" title="Trackwatch could not load this page">
          <RenderFailure digest={error.digest} />
          <Button type="button" onClick={reset} className="w-full">
            Try again
          </Button>
        </StatusPage>
      </body>
    </html>
  );
}
