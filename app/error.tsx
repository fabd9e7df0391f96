"use client";

import { StatusPage } from "@/components/layout/status-page";
import { Button, ButtonLink } from "@/components/ui/button";

// A page that failed while rendering. The details stay in the server log (the digest links them).
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage code="Error" title="This page could not be shown">
      <p>Something went wrong on our side. It has been logged; trying again usually works.</p>
      {error.digest ? <p className="font-mono text-xs text-slate-500">Reference {error.digest}</p> : null}
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
