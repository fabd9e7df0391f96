import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readFormFields, refillValues } from "@/lib/accounts/form-fields";
import { formValues } from "@/lib/actions/form-state";
import { AppError } from "@/lib/errors";
import {
  checkInputText,
  checkServerActionRequest,
  holdsUnsafeText,
  inputText,
  isSafeInputText,
  parseJsonText,
  readFormBody,
  readPathParams,
  readSearchParams,
  RefusedText,
  searchText,
  UNSAFE_TEXT_MESSAGE,
} from "@/lib/http";

// The one boundary every text from a request passes before it can reach SQL (lib/http/input-text.ts),
// and each reader built on it: forms, query strings, path segments, JSON and form bodies.

/** Every Unicode control character (Cc): C0, DEL and C1. */
const CONTROLS = [...Array.from({ length: 0x20 }, (_, code) => code), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)].map((code) =>
  String.fromCharCode(code),
);
const LINE_BREAKS = ["\t", "\n", "\r"];
const name = (c: string) => `U+${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

const errorOf = async (work: () => unknown) => {
  try {
    await work();
  } catch (error) {
    return error as AppError & { digest?: string };
  }
  throw new Error("expected a refusal");
};

describe("the input-text rule", () => {
  it("takes what people type: letters of every script, emoji, punctuation, spaces", () => {
    for (const text of ["", "Speedy Sam", "ünïcødé@exämple.com", "Ŝçrâpïé 🏁", "пароль", "日本語のマップ", "$f00Red$z map", "a\u00a0b", "zero\u200bwidth"]) {
      expect(isSafeInputText(text), text).toBe(true);
      expect(isSafeInputText(text, { multiline: true }), text).toBe(true);
    }
  });

  it.each(CONTROLS.map((c) => [name(c), c]))("refuses %s in a single-line text", (_, c) => {
    expect(isSafeInputText(`a${c}b`)).toBe(false);
    expect(isSafeInputText(c)).toBe(false);
  });

  it("lets tab, line feed and carriage return into multi-line text only, and nothing else", () => {
    for (const c of LINE_BREAKS) expect(isSafeInputText(`line one${c}line two`, { multiline: true })).toBe(true);
    for (const c of CONTROLS.filter((c) => !LINE_BREAKS.includes(c))) expect(isSafeInputText(`a${c}b`, { multiline: true }), name(c)).toBe(false);
  });

  it("refuses text that is not well-formed Unicode (a lone surrogate)", () => {
    expect(isSafeInputText("a\ud800b")).toBe(false);
    expect(isSafeInputText("a\udc00", { multiline: true })).toBe(false);
    expect(isSafeInputText("🏁")).toBe(true);
  });

  it("refuses a text whole, never strips it", () => {
    const refused = checkInputText("bad\u0000name");
    expect(refused).toBeInstanceOf(RefusedText);
    expect((refused as RefusedText).text).toBe("bad\u0000name");
    expect(checkInputText("good name")).toBe("good name");
  });

  it("finds an unsafe string anywhere in a JSON value, keys included", () => {
    expect(holdsUnsafeText({ a: [1, { b: "ok\nfine\ttoo" }], c: null })).toBe(false);
    expect(holdsUnsafeText({ a: [1, { b: "nul\u0000" }] })).toBe(true);
    expect(holdsUnsafeText({ "key\u0000": 1 })).toBe(true);
    expect(holdsUnsafeText(["\u001b[31m"])).toBe(true);
  });
});

describe("the zod helpers", () => {
  it("inputText refuses a RefusedText and an unsafe string with the boundary's reason, and keeps the field's own message for the rest", () => {
    const message = inputText("Write a message.", { multiline: true }).trim().min(1, "Write a message.");
    expect(message.safeParse(new RefusedText("x\u0000")).error?.issues[0]?.message).toBe(UNSAFE_TEXT_MESSAGE);
    expect(message.safeParse("x\u0000").error?.issues[0]?.message).toBe(UNSAFE_TEXT_MESSAGE);
    expect(message.safeParse(undefined).error?.issues[0]?.message).toBe("Write a message.");
    expect(message.safeParse("   ").error?.issues[0]?.message).toBe("Write a message.");
    expect(message.parse(" two\nlines ")).toBe("two\nlines");
    expect(inputText().safeParse("a\tb").success).toBe(false);
  });

  it("searchText reads a RefusedText back as its text, for a search that then finds nothing", () => {
    const q = searchText.pipe(z.string().trim().max(10)).optional().catch(undefined);
    expect(q.parse(new RefusedText(" a\u0000 "))).toBe("a\u0000");
    expect(q.parse(" plain ")).toBe("plain");
    expect(q.parse("x".repeat(11))).toBeUndefined();
    expect(q.parse(42)).toBeUndefined();
  });
});

describe("server-action forms (readFormFields)", () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [key, value] of Object.entries(fields)) data.append(key, value);
    return data;
  };

  it("hands on a field holding a control character as a RefusedText, which any string schema refuses", () => {
    const fields = readFormFields(form({ name: "bad\u0000name", email: "a@example.com", id: "cm\u0000" }), ["name", "email", "id"]);
    expect(fields.name).toEqual(new RefusedText("bad\u0000name"));
    expect(fields.email).toBe("a@example.com");
    const schema = z.object({ name: z.string("Tell us what to call you."), email: z.string(), id: z.string().min(1) });
    const error = schema.safeParse(fields).error!;
    expect(z.flattenError(error).fieldErrors).toEqual({ name: ["Tell us what to call you."], id: [expect.any(String)] });
    // Repeated fields are checked one by one.
    expect(readFormFields(form({ name: "x" }), ["name"]).name).toBe("x");
    const repeated = new FormData();
    repeated.append("name", "ok");
    repeated.append("name", "\u0000");
    expect(readFormFields(repeated, ["name"]).name).toEqual(["ok", new RefusedText("\u0000")]);
  });

  it("keeps line breaks in the text areas it is told of, and only there", () => {
    const fields = readFormFields(form({ message: "one\r\ntwo\tthree", kind: "bug\n" }), ["message", "kind"], { multiline: ["message"] });
    expect(fields).toEqual({ message: "one\r\ntwo\tthree", kind: new RefusedText("bug\n") });
    expect(readFormFields(form({ message: "one\u0000" }), ["message"], { multiline: ["message"] }).message).toBeInstanceOf(RefusedText);
  });

  it("never judges passwords, tokens or the delete confirmation: they are hashed or compared, never stored", () => {
    const secrets = { password: "p\u0000ss", currentPassword: "old\tpass", newPassword: "new\u0001", token: "t\u0000k", confirmation: "my\u0000password" };
    expect(readFormFields(form(secrets), Object.keys(secrets))).toEqual(secrets);
  });

  it("puts no refused text back into the form", () => {
    const data = form({ name: "bad\u0000", message: "two\nlines", email: "a@example.com" });
    expect(refillValues(readFormFields(data, ["name", "email"]), ["name", "email"])).toEqual({ name: "", email: "a@example.com" });
    expect(formValues(data, ["name", "message", "email", "missing"])).toEqual({ name: "", message: "two\nlines", email: "a@example.com", missing: "" });
  });
});

describe("page query strings (readSearchParams)", () => {
  it("reads the first value of each named parameter, a control character as a RefusedText, tokens as sent", () => {
    const search = { q: "nul\u0000", page: ["2", "3"], tab: "failed", token: "t\u0000", other: "x" };
    expect(readSearchParams(search, ["q", "page", "tab", "token", "missing"])).toEqual({
      q: new RefusedText("nul\u0000"),
      page: "2",
      tab: "failed",
      token: "t\u0000",
      missing: undefined,
    });
    expect(readSearchParams({ page: ["\u0000", "2"] }, ["page"]).page).toEqual(new RefusedText("\u0000"));
  });

  it("gives a page's lenient schema its default for a refused value", () => {
    const schema = z.object({ cursor: z.string().max(64).optional().catch(undefined), page: z.coerce.number().int().min(1).catch(1) });
    expect(schema.parse(readSearchParams({ cursor: "c\u0000", page: "\u00003" }, ["cursor", "page"]))).toEqual({ cursor: undefined, page: 1 });
  });
});

describe("path segments (readPathParams)", () => {
  it("hands on ordinary segments and answers a control character with a 404, before any query", async () => {
    expect(await readPathParams(Promise.resolve({ id: "cm1234567890abcdef" }))).toEqual({ id: "cm1234567890abcdef" });
    expect(await readPathParams(Promise.resolve({ path: ["a", "b c"] }))).toEqual({ path: ["a", "b c"] });
    const refused: Record<string, string | string[]>[] = [{ id: "\u0000" }, { id: "cm\u0000" }, { id: "a\tb" }, { path: ["ok", "x\u007f"] }];
    for (const params of refused) {
      expect((await errorOf(() => readPathParams(Promise.resolve(params)))).digest, JSON.stringify(params)).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    }
  });
});

describe("request bodies", () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) => new Request("http://app.test/x", { method: "POST", body, headers });

  it("refuses JSON holding a control character in a string or key with a 400, and keeps line breaks", async () => {
    expect(parseJsonText(JSON.stringify({ message: "one\ntwo\tthree\r\n" }))).toEqual({ message: "one\ntwo\tthree\r\n" });
    for (const text of ['{"q":"\\u0000"}', '["a\\u0001"]', '{"\\u0000":1}', '{"deep":[[{"x":"\\u007f"}]]}', '"\\ud800"']) {
      const error = await errorOf(() => parseJsonText(text));
      expect(error, text).toBeInstanceOf(AppError);
      expect(error.status, text).toBe(400);
      expect(error.message, text).toMatch(/control character/);
    }
  });

  it("refuses a route handler's form field holding a control character with a 400, tokens aside", async () => {
    const urlencoded = { "content-type": "application/x-www-form-urlencoded" };
    const error = await errorOf(() => readFormBody(post("source=campaign%00&x=1", urlencoded)));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/"source" holds a control character/);
    const multipart = new FormData();
    multipart.set("return", "page\u0001");
    expect((await errorOf(() => readFormBody(post(multipart)))).status).toBe(400);
    expect((await readFormBody(post("token=t%00k&return=page", urlencoded))).get("token")).toBe("t\u0000k");
  });

  it("refuses a server action whose JSON arguments hold a NUL with a 400, before Next decodes them", async () => {
    const action = (body: BodyInit, type?: string) => post(body, { "next-action": "a".repeat(42), ...(type ? { "content-type": type } : {}) });
    expect((await errorOf(() => checkServerActionRequest(action('[{"status":"idle"},"x\\u0000"]', "text/plain;charset=UTF-8")))).status).toBe(400);
    const form = new FormData();
    form.set("0", '["$K1","\\u0000"]');
    expect((await errorOf(() => checkServerActionRequest(action(form)))).status).toBe(400);
    // Form fields themselves are the action's to refuse, beside the field (readFormFields).
    const fields = new FormData();
    fields.set("0", '[{"status":"idle"},"$K1"]');
    fields.set("1_name", "bad\u0000name");
    await checkServerActionRequest(action(fields));
  });
});
