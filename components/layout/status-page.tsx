import type { ReactNode } from "react";
import { CenteredPanel } from "./centered-panel";

/** A whole-page message (not found, something broke): a code, a heading, what to do next. */
export function StatusPage({ code, title, logo, children }: { code: string; title: string; logo: ReactNode; children: ReactNode }) {
  return (
    <CenteredPanel logo={logo} className="space-y-3 text-center">
      <p className="font-mono text-sm font-semibold text-brand-700">{code}</p>
      <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
      <div className="space-y-4 text-sm text-slate-600">{children}</div>
    </CenteredPanel>
  );
}

/** What a page that failed to render says; the reference (Next's error digest) finds it in the server log. */
export function RenderFailure({ digest }: { digest?: string }) {
  return (
    <>
      <p>Something went wrong on our side. It has been logged; trying again usually works.</p>
      {digest ? <p className="font-mono text-xs text-slate-500">Reference {digest}</p> : null}
    </>
  );
}
