"use client";

import { RenderFailure, StatusPage } from "@/components/layout/status-page";
import { Button } from "@/components/ui/button";
import "./globals.css";

// When even the root layout failed. Replaces Next's default, whose inline <style> the CSP refuses.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen flex flex-col">
        <StatusPage code="Error" title="Trackwatch could not load this page">
          <RenderFailure digest={error.digest} />
          <Button type="button" onClick={reset} className="w-full">
            Try again
          </Button>
        </StatusPage>
      </body>
    </html>
  );
}
