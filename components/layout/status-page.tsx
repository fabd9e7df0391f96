import type { ReactNode } from "react";
import { Logo } from "./logo";

/** A whole-page message (not found, something broke): the logo, a heading, what to do next. */
export function StatusPage({ code, title, children }: { code: string; title: string; children: ReactNode }) {
  return (
    <main className="flex flex-1 items-center justify-center bg-gradient-to-b from-slate-100 to-slate-50 px-4 py-16">
      <div className="w-full max-w-md space-y-6 text-center">
        <div className="flex justify-center">
          <Logo />
        </div>
        <div className="space-y-3 rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
          <p className="font-mono text-sm font-semibold text-brand-700">{code}</p>
          <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
          <div className="space-y-4 text-sm text-slate-600">{children}</div>
        </div>
      </div>
    </main>
  );
}
