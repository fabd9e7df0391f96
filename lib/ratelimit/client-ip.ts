import "server-only";
import { headers } from "next/headers";

const MAX_LENGTH = 64;

/**
 * The client's address as the platform's proxy reports it: the first hop of `x-forwarded-for`, else
 * `x-real-ip`. Vercel (and any reverse proxy set up to do so) overwrites these headers, so they are
 * trustworthy there; a server exposed without such a proxy lets clients choose their own address, and
 * the per-IP limits then only slow down honest mistakes while the per-account ones still hold.
 */
export function clientIpFromHeaders(source: Headers): string {
  const forwarded = source.get("x-forwarded-for")?.split(",")[0]?.trim();
  const candidate = forwarded || source.get("x-real-ip")?.trim();
  // Capped so a forged header cannot grow KV keys or logs; "unknown" still gets one shared budget.
  return candidate ? candidate.slice(0, MAX_LENGTH) : "unknown";
}

/** The client address of the request being handled (server actions, route handlers, pages). */
export async function requestClientIp(): Promise<string> {
  return clientIpFromHeaders(await headers());
}
