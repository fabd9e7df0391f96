"use client";

import { StatusPage } from "@/components/layout/status-page";
import { Button } from "@/components/ui/button";
import "./globals.css";

// When even the root layout failed. Replaces Next's default, whose inline <style> the CSP refuses.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen flex flex-col">
        <StatusPage code="Error" title="Trackwatch could not load this page">
          <p>Something went wrong on our side. It has been logged; trying again usually works.</p>
          {error.digest ? <p className="font-mono text-xs text-slate-500">Reference {error.digest}</p> : null}
          <Button type="button" onClick={reset} className="w-full">
            Try again
          </Button>
        </StatusPage>
      </body>
    </html>
  );
}
