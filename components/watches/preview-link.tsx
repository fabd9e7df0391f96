"use client";

import Link, { useLinkStatus } from "next/link";
import { buttonClasses } from "@/components/ui/button";

function Label() {
  const { pending } = useLinkStatus();
  // The preview asks Trackmania for the user's time: a few seconds on the real services.
  return <span>{pending ? "Reading…" : "Preview"}</span>;
}

/** Opens a map's preview; never prefetched, since a preview costs Trackmania requests. */
export function PreviewLink({ mapUid, mapName }: { mapUid: string; mapName: string }) {
  return (
    <Link
      href={`/watches?map=${encodeURIComponent(mapUid)}`}
      prefetch={false}
      aria-label={`Preview ${mapName}`}
      className={buttonClasses("secondary", "sm", "shrink-0")}
    >
      <Label />
    </Link>
  );
}
