import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/**
 * The logo over one white card in the middle of the page: sign-in, unsubscribe, not found, errors.
 * The logo is passed in (`<Logo />`, or `<PlainLogo />` on error pages) so the error pages need not ship next/link.
 */
export function CenteredPanel({ logo, children, className }: { logo: ReactNode; children: ReactNode; className?: string }) {
  return (
    <main className="flex flex-1 items-center justify-center bg-gradient-to-b from-slate-100 to-slate-50 px-4 py-16">
      <div className="w-full max-w-md">
        <div className="mb-8 flex justify-center">{logo}</div>
        <div className={cn("rounded-2xl border border-slate-200 bg-white p-8 shadow-sm", className)}>{children}</div>
      </div>
    </main>
  );
}
