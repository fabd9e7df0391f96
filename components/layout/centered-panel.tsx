import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { Logo } from "./logo";

/** The logo over one white card in the middle of the page: sign-in, unsubscribe, not found. */
export function CenteredPanel({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <main className="flex flex-1 items-center justify-center bg-gradient-to-b from-slate-100 to-slate-50 px-4 py-16">
      <div className="w-full max-w-md">
        <div className="mb-8 flex justify-center">
          <Logo />
        </div>
        <div className={cn("rounded-2xl border border-slate-200 bg-white p-8 shadow-sm", className)}>{children}</div>
      </div>
    </main>
  );
}
