import { NextRequest } from "next/server";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { CookieJar } from "../../support/cookie-jar";

export const AUTH_ORIGIN = "http://localhost:3000";

/**
 * A browser (or a script) talking to Auth.js's own endpoints in-process: the real route handlers, a
 * cookie jar, and a fixed client address sent as the proxy would (`x-forwarded-for`). Import it after
 * setting AUTH_SECRET, so no secret file is written beside the embedded database.
 */
export class AuthRouteBrowser extends CookieJar {
  constructor(
    readonly ip: string,
    readonly userAgent?: string,
  ) {
    super();
  }

  /** The Cookie header this browser sends (also what a server action's `headers()` would see). */
  cookieHeader(): string {
    return this.header();
  }

  /** The request headers of a page or server action this browser would send. */
  requestHeaders(): Headers {
    const { host, protocol } = new URL(AUTH_ORIGIN);
    const headers = new Headers({ host, "x-forwarded-proto": protocol.replace(":", ""), "x-forwarded-for": this.ip, cookie: this.cookieHeader() });
    if (this.userAgent) headers.set("user-agent", this.userAgent);
    return headers;
  }

  async request(path: string, init: { method?: "GET" | "POST"; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const url = `${AUTH_ORIGIN}${path}`;
    const headers: Record<string, string> = {
      ...Object.fromEntries(this.requestHeaders()),
      ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      ...init.headers,
    };
    const request = new NextRequest(url, {
      method: init.method ?? "GET",
      headers,
      body: init.form ? new URLSearchParams(init.form) : undefined,
    });
    const response = await (request.method === "POST" ? POST : GET)(request);
    this.keep(response);
    return response;
  }

  /** What the sign-in page's CSRF token would be: Auth.js's double-submit token, its cookie kept in the jar. */
  async csrfToken(): Promise<string> {
    const response = await this.request("/api/auth/csrf");
    return ((await response.json()) as { csrfToken: string }).csrfToken;
  }

  /** POST /api/auth/callback/credentials as Auth.js expects it, with a fresh CSRF token unless one is given. */
  async postCredentials(credentials: { email: string; password: string }, options: { csrfToken?: string } = {}): Promise<Response> {
    const csrfToken = options.csrfToken ?? (await this.csrfToken());
    return this.request("/api/auth/callback/credentials", {
      method: "POST",
      form: { csrfToken, email: credentials.email, password: credentials.password, callbackUrl: "/dashboard" },
    });
  }

  async sessionUserId(): Promise<string | undefined> {
    return (await this.sessionUser())?.id;
  }

  /** The signed-in user as GET /api/auth/session hands it to pages; undefined once the session has ended. */
  async sessionUser(): Promise<{ id?: string; email?: string; role?: "USER" | "ADMIN" } | undefined> {
    return (await this.session())?.user;
  }

  /** GET /api/auth/session as it answers: the user, this sign-in's session id, and whether it is confirmed. */
  async session(): Promise<
    { user?: { id?: string; email?: string; role?: "USER" | "ADMIN" }; sessionId?: string; sessionUnverified?: boolean } | undefined
  > {
    const response = await this.request("/api/auth/session");
    return ((await response.json()) as Awaited<ReturnType<AuthRouteBrowser["session"]>> | null) ?? undefined;
  }
}
