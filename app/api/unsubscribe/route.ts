// POST /api/unsubscribe?token=… – one-click unsubscribe from digest emails (RFC 8058: mail clients
// POST `List-Unsubscribe=One-Click` to the List-Unsubscribe URL). The signed token is the only
// credential, so no session is needed. GET never changes anything (mail scanners prefetch links):
// it sends the visitor to the confirmation page instead.
import { appUrl } from "@/lib/config";
import { withErrorResponses } from "@/lib/errors";
import { readFormBody } from "@/lib/http";
import { unsubscribeWithToken } from "@/lib/unsubscribe";

/** A form post is a few short fields; anything bigger is not one. */
const MAX_FORM_BYTES = 16 * 1024;

function pageUrl(token: string, done: boolean): URL {
  const url = appUrl("/unsubscribe");
  url.searchParams.set("token", token);
  if (done) url.searchParams.set("done", "1");
  return url;
}

export const POST = withErrorResponses(async (request: Request) => {
  const fields = await readFormBody(request, MAX_FORM_BYTES);
  const token = new URL(request.url).searchParams.get("token") ?? fields.get("token") ?? "";
  const result = await unsubscribeWithToken(token);
  // The confirmation page's button posts here too, and its visitor should land on a page, not JSON.
  if (fields.get("return") === "page") return Response.redirect(pageUrl(token, true), 303);
  return Response.json({ ok: true, email: result.email, emailNotifications: false });
});

export async function GET(request: Request) {
  return Response.redirect(pageUrl(new URL(request.url).searchParams.get("token") ?? "", false), 303);
}
