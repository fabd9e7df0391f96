import { AppError, type ErrorCode } from "@/lib/errors";
import { holdsUnsafeText, isSafeInputText, SECRET_FIELDS } from "./input-text";

/**
 * Reading request bodies so that nothing a client sends can become a 500: a size cap checked while
 * reading (a lying Content-Length changes nothing), strict UTF-8, a depth cap on JSON, a form that
 * cannot be parsed as a 400 that says so, and every text through the input-text boundary (a NUL or
 * other control character is a 400, see input-text.ts).
 */

/** The default cap: the same 1 MB Next applies to server actions. No Trackwatch form comes close. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Deeper JSON than this is refused before anything recursive walks it. */
export const MAX_JSON_DEPTH = 64;

const tooLarge = (maxBytes: number) =>
  new AppError("too_large:body", `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);

export async function readBodyBytes(request: Request, maxBytes = MAX_BODY_BYTES): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request:body", "The request body could not be read.", { cause: error });
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("bad_request:encoding", "The request body is not valid UTF-8 text.");
  }
}

export async function readBodyText(request: Request, maxBytes = MAX_BODY_BYTES): Promise<string> {
  return decodeUtf8(await readBodyBytes(request, maxBytes));
}

/** How deeply arrays and objects nest in a JSON text (strings skipped), without parsing it. */
function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** How a JSON text a client sent is named in the refusals. */
export type JsonRefusals = { code: ErrorCode; tooDeep: string; invalid: string; unsafeText: string };

const bodyRefusals: JsonRefusals = {
  code: "bad_request:json",
  tooDeep: `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`,
  invalid: "The request body is not valid JSON.",
  unsafeText: "The JSON body holds a control character (such as NUL) in a string.",
};

/**
 * JSON.parse for client input: too deep, malformed, or holding a string (or key) with a control
 * character other than tab and line breaks (the input-text boundary's multi-line rule) is a 400 naming
 * the problem.
 */
export function parseJsonText(text: string, refusals: JsonRefusals = bodyRefusals): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new AppError(refusals.code, refusals.tooDeep);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(refusals.code, refusals.invalid);
  }
  if (holdsUnsafeText(value)) throw new AppError(refusals.code, refusals.unsafeText);
  return value;
}

/**
 * The text fields of an HTML form post (urlencoded or multipart); any other content type gives no
 * fields. Files are ignored. A body that says it is multipart but is not is a 400, and so is a field
 * whose text holds a control character (route handlers' forms are single-line; tokens are handed on
 * as sent, see SECRET_FIELDS).
 */
export async function readFormBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<URLSearchParams> {
  const contentType = request.headers.get("content-type") ?? "";
  const type = contentType.toLowerCase();
  const isUrlEncoded = type.startsWith("application/x-www-form-urlencoded");
  const isMultipart = type.startsWith("multipart/form-data");
  if (!isUrlEncoded && !isMultipart) return new URLSearchParams();
  const bytes = await readBodyBytes(request, maxBytes);
  // The boundary is case-sensitive: parse with the header as sent.
  const fields = isUrlEncoded
    ? new URLSearchParams(decodeUtf8(bytes))
    : new URLSearchParams([...(await parseMultipart(bytes, contentType)).entries()].flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])));
  for (const [name, value] of fields) {
    if (!SECRET_FIELDS.has(name) && !isSafeInputText(value)) {
      throw new AppError("bad_request:text", `The form field ${JSON.stringify(name.slice(0, 40))} holds a control character (such as NUL).`);
    }
  }
  return fields;
}

export async function parseMultipart(bytes: Uint8Array, contentType: string): Promise<FormData> {
  try {
    return await new Response(bytes as BodyInit, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new AppError("bad_request:form", "The form data could not be read: the body is not the multipart form it claims to be.");
  }
}
