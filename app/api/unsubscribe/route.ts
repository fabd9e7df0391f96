// POST /api/unsubscribe?token=… – one-click unsubscribe from digest emails (RFC 8058: mail clients
// POST `List-Unsubscribe=One-Click` to the List-Unsubscribe URL). The signed token is the only
// credential, so no session is needed. GET never changes anything (mail scanners prefetch links):
// it sends the visitor to the confirmation page instead.
import { getConfig } from "@/lib/config";
import { toResponse } from "@/lib/errors";
import { unsubscribeWithToken } from "@/lib/unsubscribe";

function pageUrl(token: string, done: boolean): URL {
  const url = new URL("/unsubscribe", getConfig().APP_URL);
  url.searchParams.set("token", token);
  if (done) url.searchParams.set("done", "1");
  return url;
}

async function formFields(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return new URLSearchParams(await request.text());
  if (type.includes("multipart/form-data")) {
    const form = await request.formData();
    return new URLSearchParams([...form.entries()].flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])));
  }
  return new URLSearchParams();
}

export async function POST(request: Request) {
  try {
    const fields = await formFields(request);
    const token = new URL(request.url).searchParams.get("token") ?? fields.get("token") ?? "";
    const result = await unsubscribeWithToken(token);
    // The confirmation page's button posts here too, and its visitor should land on a page, not JSON.
    if (fields.get("return") === "page") return Response.redirect(pageUrl(token, true), 303);
    return Response.json({ ok: true, email: result.email, emailNotifications: false });
  } catch (error) {
    return toResponse(error);
  }
}

export async function GET(request: Request) {
  return Response.redirect(pageUrl(new URL(request.url).searchParams.get("token") ?? "", false), 303);
}
