import { AppError } from "@/lib/errors";
import { decodeUtf8, MAX_BODY_BYTES, MAX_JSON_DEPTH, parseJsonText, parseMultipart, readBodyBytes, type JsonRefusals } from "./read-body";

/**
 * Next decodes a server action's arguments itself, before any of our code runs, and answers a body
 * it cannot decode (malformed JSON, a broken multipart form, JSON nested deep enough to overflow its
 * recursive reviver, more than its 1 MB) with a 500. proxy.ts checks the same body first — Next
 * buffers it, so reading it here leaves it intact for the action — and refuses it with a 4xx.
 */

/** Multipart fields that Next/React parse as JSON: reply chunks ("0", "1", …) and `$ACTION_1:0`-style bound args. */
const JSON_FIELD = /^(\d+|\$ACTION_\d+:\d+)$/;

const argumentRefusals: JsonRefusals = {
  code: "bad_request:action",
  tooDeep: `The action's arguments nest deeper than ${MAX_JSON_DEPTH} levels.`,
  invalid: "The action's arguments are not valid JSON.",
  unsafeText: "The action's arguments hold a control character (such as NUL) in a string.",
};

function checkJsonField(text: string, options: { argumentList: boolean }): void {
  const value = parseJsonText(text, argumentRefusals);
  // The root chunk is the argument list Next spreads into the call: anything but an array throws there.
  if (options.argumentList && !Array.isArray(value)) {
    throw new AppError("bad_request:action", "The action's arguments must be a list.");
  }
}

/** True for a request Next would treat as a server action call: a POST with `Next-Action`, or a no-JS form post. */
export function looksLikeServerAction(request: Request): boolean {
  if (request.method !== "POST") return false;
  if (request.headers.has("next-action")) return true;
  return (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
}

/** Next's action ids: 42 hex digits. Anything else it refuses too, but with a stack trace in the log per request. */
const ACTION_ID = /^[0-9a-f]{42}$/i;

/** Throws an AppError (400/413) when Next could not decode this server action request. */
export async function checkServerActionRequest(request: Request): Promise<void> {
  const actionId = request.headers.get("next-action");
  if (actionId !== null && !ACTION_ID.test(actionId)) throw new AppError("bad_request:action", "There is no such action.");
  const contentType = request.headers.get("content-type") ?? "";
  const type = contentType.toLowerCase();
  const bytes = await readBodyBytes(request, MAX_BODY_BYTES);
  if (type.startsWith("multipart/form-data")) {
    // The boundary is case-sensitive: parse with the header as sent.
    const form = await parseMultipart(bytes, contentType);
    for (const [key, value] of form.entries()) {
      if (typeof value === "string" && JSON_FIELD.test(key)) checkJsonField(value, { argumentList: key === "0" });
    }
    return;
  }
  if (request.headers.has("next-action") && !type.startsWith("application/x-www-form-urlencoded")) {
    // A JavaScript call sends its arguments as one JSON text.
    checkJsonField(decodeUtf8(bytes), { argumentList: true });
  }
}
