"use client";

import { RenderFailure, StatusPage } from "@/components/layout/status-page";
import { Button, ButtonLink } from "@/components/ui/button";

// A page that failed while rendering. The details stay in the server log (the digest links them).
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage code="Error" title="This page could not be shown">
      <RenderFailure digest={error.digest} />
      <div className="flex flex-col gap-2 sm:flex-row">
        <Button type="button" onClick={reset} className="w-full">
          Try again
        </Button>
        <ButtonLink href="/dashboard" variant="secondary" className="w-full">
          Dashboard
        </ButtonLink>
      </div>
    </StatusPage>
  );
}
