import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIES } from "@/lib/auth/cookies";

// Optimistic redirect only: visitors with no session cookie at all go straight to sign-in. Every page,
// action and route handler still checks the session (and the role) itself on the server.

export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const next = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  const url = new URL(`/sign-in?next=${encodeURIComponent(next)}`, request.url);
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/dashboard/:path*", "/alerts/:path*", "/watches/:path*", "/search/:path*", "/history/:path*", "/settings/:path*", "/admin/:path*"],
};
