"use client";

import { PlainLogo } from "@/components/layout/logo-mark";
import { RenderFailure, StatusPage } from "@/components/layout/status-page";
import { Button, buttonClasses } from "@/components/ui/button";

// A page that failed while rendering. The details stay in the server log (the digest links them).
// Loaded on every page, so its links are plain anchors (no next/link); a full load also starts afresh.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage logo={<PlainLogo />} code="Error" title="This page could not be shown">
      <RenderFailure digest={error.digest} />
      <div className="flex flex-col gap-2 sm:flex-row">
        <Button type="button" onClick={reset} className="w-full">
          Try again
        </Button>
        <a href="/dashboard" className={buttonClasses("secondary", "md", "w-full")}>
          Dashboard
        </a>
      </div>
    </StatusPage>
  );
}
