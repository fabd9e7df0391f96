"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

/** `ariaLabel` when the visible label is terse, e.g. "Feedback (3)" read as "Feedback, 3 unread". */
export type NavItem = { href: string; label: string; ariaLabel?: string };

const isActive = (pathname: string, item: NavItem) => pathname === item.href || pathname.startsWith(`${item.href}/`);

function NavLinks({ label, items, pathname, className, linkClassName }: { label: string; items: NavItem[]; pathname: string; className: string; linkClassName: string }) {
  return (
    <nav aria-label={label} className={className}>
      {items.map((item) => {
        const active = isActive(pathname, item);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            aria-label={item.ariaLabel}
            className={cn(
              "whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium",
              linkClassName,
              active ? "bg-brand-50 text-brand-800" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}

/**
 * A row of links on wide screens; on a phone a "Menu" disclosure naming the current page, so no item
 * is pushed off screen. `<details>` opens without JavaScript; keyed by path, it closes on navigation.
 */
export function AppNav({ items, label = "Main", menuLabel = "Menu" }: { items: NavItem[]; label?: string; menuLabel?: string }) {
  const pathname = usePathname();
  const current = items.find((item) => isActive(pathname, item));
  return (
    <>
      <details key={pathname} className="group md:hidden">
        <summary className="flex cursor-pointer list-none items-center justify-between rounded-md border border-slate-200 px-3 py-2 text-sm font-medium text-slate-700 [&::-webkit-details-marker]:hidden">
          <span>
            {menuLabel}
            {current ? <span className="text-slate-500"> · {current.label}</span> : null}
          </span>
          <span aria-hidden className="text-slate-400 transition-transform group-open:rotate-180">
            ▾
          </span>
        </summary>
        <NavLinks label={label} items={items} pathname={pathname} className="mt-2 grid grid-cols-2 gap-1" linkClassName="block" />
      </details>
      <NavLinks label={label} items={items} pathname={pathname} className="hidden gap-1 md:flex md:flex-wrap" linkClassName="" />
    </>
  );
}
