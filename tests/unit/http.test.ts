import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  appContentSecurityPolicy,
  checkServerActionRequest,
  parseJsonText,
  readBodyText,
  readFormBody,
  staticSecurityHeaders,
} from "@/lib/http";

const errorOf = async (work: () => Promise<unknown>) => {
  try {
    await work();
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected a refusal");
};

const post = (body: BodyInit, headers: Record<string, string> = {}) => new Request("http://app.test/x", { method: "POST", body, headers });

/** A body that arrives in chunks without any Content-Length, as a chunked upload does. */
function streamed(chunks: number, size: number): Request {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ >= chunks) controller.close();
      else controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
  return new Request("http://app.test/x", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("reading request bodies", () => {
  it("refuses a body over the cap with a 413, whether or not Content-Length tells", async () => {
    expect((await errorOf(() => readBodyText(post("a".repeat(2048)), 1024))).status).toBe(413);
    expect((await errorOf(() => readBodyText(streamed(10, 512), 1024))).status).toBe(413);
    expect(await readBodyText(streamed(2, 512), 1024)).toHaveLength(1024);
  });

  it("refuses invalid UTF-8 with a 400 that says so", async () => {
    const error = await errorOf(() => readBodyText(post(new Uint8Array([0xc3, 0x28, 0xff]))));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/UTF-8/);
  });

  it("refuses malformed and too deeply nested JSON, and parses the rest", () => {
    expect(() => parseJsonText('{"a":')).toThrow(/not valid JSON/);
    expect(() => parseJsonText("[".repeat(65) + "]".repeat(65))).toThrow(/deeper than 64/);
    // Brackets inside strings are text, not nesting.
    expect(parseJsonText(JSON.stringify({ note: "[".repeat(500) }))).toEqual({ note: "[".repeat(500) });
  });

  it("reads urlencoded and multipart forms, and refuses a body that only claims to be multipart", async () => {
    expect((await readFormBody(post("token=abc&return=page", { "content-type": "application/x-www-form-urlencoded" }))).get("return")).toBe("page");
    const form = new FormData();
    form.set("token", "abc");
    expect((await readFormBody(post(form))).get("token")).toBe("abc");
    const error = await errorOf(() => readFormBody(post("not multipart", { "content-type": "multipart/form-data; boundary=x" })));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/not the multipart form it claims/);
    expect([...(await readFormBody(post('{"a":1}', { "content-type": "application/json" })))]).toEqual([]);
  });
});

describe("server action requests", () => {
  // A FormData body brings its own multipart type and boundary.
  const action = (body: BodyInit, type?: string) => post(body, { "next-action": "a".repeat(42), ...(type ? { "content-type": type } : {}) });

  it("lets well-formed calls through to Next", async () => {
    await checkServerActionRequest(action('[{"status":"idle"},"$K1"]', "text/plain;charset=UTF-8"));
    const form = new FormData();
    form.set("0", '[{"status":"idle"},"$K1"]');
    form.set("1_email", "someone@example.com");
    await checkServerActionRequest(action(form));
    // As Chromium sends a form: a mixed-case boundary, which must not be lowercased on the way.
    const boundary = "----WebKitFormBoundaryWCKVgBsAS0ht5S9G";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="0"\r\n\r\n["$K1"]\r\n--${boundary}--\r\n`;
    await checkServerActionRequest(action(body, `multipart/form-data; boundary=${boundary}`));
    expect((await readFormBody(post(body, { "content-type": `multipart/form-data; boundary=${boundary}` }))).get("0")).toBe('["$K1"]');
  });

  it("refuses what Next could not decode with a 4xx instead of its 500", async () => {
    expect((await errorOf(() => checkServerActionRequest(action("[{{", "text/plain")))).status).toBe(400);
    const junkId = post("[]", { "next-action": "junk", "content-type": "text/plain" });
    expect((await errorOf(() => checkServerActionRequest(junkId))).message).toBe("There is no such action.");
    expect((await errorOf(() => checkServerActionRequest(action('"not a list"', "text/plain")))).message).toMatch(/must be a list/);
    expect((await errorOf(() => checkServerActionRequest(action("[".repeat(10_000), "text/plain")))).status).toBe(400);
    expect((await errorOf(() => checkServerActionRequest(action("junk", "multipart/form-data; boundary=x")))).status).toBe(400);
    expect((await errorOf(() => checkServerActionRequest(action(`["${"z".repeat(1_100_000)}"]`, "text/plain")))).status).toBe(413);
    const form = new FormData();
    form.set("0", "[{{");
    expect((await errorOf(() => checkServerActionRequest(action(form)))).status).toBe(400);
  });
});

describe("security headers", () => {
  const options = { appUrl: "https://trackwatch.example", imageOrigins: ["https://core.trackmania.nadeo.live"], formActionOrigins: ["https://api.trackmania.com"], development: false };

  it("allow scripts only with the request's nonce, and nothing to frame the app", () => {
    const csp = appContentSecurityPolicy(options, "abc123");
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("img-src 'self' data: blob: https://core.trackmania.nadeo.live");
    expect(csp).toContain("form-action 'self' https://api.trackmania.com");
  });

  it("send HSTS only over https", () => {
    expect(staticSecurityHeaders({ appUrl: "https://trackwatch.example" })["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(staticSecurityHeaders({ appUrl: "http://localhost:3000" })["Strict-Transport-Security"]).toBeUndefined();
    expect(staticSecurityHeaders({ appUrl: "http://localhost:3000" })).toMatchObject({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
  });
});
