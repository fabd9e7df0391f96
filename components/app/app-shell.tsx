import type { ReactNode } from "react";
import { Logo } from "@/components/layout/logo";
import { Button } from "@/components/ui/button";
import { FeedbackLink } from "@/components/feedback/feedback-link";
import { signOutAction } from "@/lib/actions/auth";
import type { ActingUser } from "@/lib/actor";
import { AppNav, type NavItem } from "./app-nav";

const userItems: NavItem[] = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/alerts", label: "Mapper alerts" },
  { href: "/watches", label: "Driver watches" },
  { href: "/search", label: "Map search" },
  { href: "/history", label: "History" },
  { href: "/settings", label: "Settings" },
];

/** The signed-in frame: navigation (Admin only for admins), the account and sign-out, and a feedback link on every page. */
export function AppShell({ user, children }: { user: ActingUser; children: ReactNode }) {
  const items = user.role === "ADMIN" ? [...userItems, { href: "/admin", label: "Admin" }] : userItems;
  return (
    <div className="flex flex-1 flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-3 md:flex-row md:items-center md:justify-between">
          <div className="flex items-center justify-between gap-4">
            <Logo href="/dashboard" />
            <div className="flex items-center gap-3 md:hidden">
              <form action={signOutAction}>
                <Button variant="ghost" size="sm" type="submit">
                  Sign out
                </Button>
              </form>
            </div>
          </div>
          <AppNav items={items} />
          <div className="hidden items-center gap-3 md:flex">
            <span className="max-w-48 truncate text-sm text-slate-600" title={user.email}>
              {user.email}
            </span>
            <form action={signOutAction}>
              <Button variant="secondary" size="sm" type="submit">
                Sign out
              </Button>
            </form>
          </div>
        </div>
      </header>
      {user.sessionUnverified ? (
        <div role="alert" className="border-b border-amber-200 bg-amber-50">
          <p className="mx-auto max-w-6xl px-4 py-2 text-sm text-amber-900">
            We cannot confirm your sign-in right now: our session store is unreachable. You can keep reading, but changes are paused until it is back.
          </p>
        </div>
      ) : null}
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">{children}</main>
      <footer className="border-t border-slate-200 bg-white">
        <p className="mx-auto max-w-6xl px-4 py-4 text-sm text-slate-600">
          Something broken, or an idea? <FeedbackLink />
        </p>
      </footer>
    </div>
  );
}
