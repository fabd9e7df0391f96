"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** "Send feedback", carrying the page the user is on so the message says what it was about. */
export function FeedbackLink() {
  const pathname = usePathname();
  const href = pathname === "/feedback" ? "/feedback" : `/feedback?from=${encodeURIComponent(pathname)}`;
  return (
    <Link href={href} className="font-medium text-brand-700 underline-offset-2 hover:underline">
      Send feedback
    </Link>
  );
}
