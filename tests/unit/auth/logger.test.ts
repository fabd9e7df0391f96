import { JWTSessionError, UnknownAction, CredentialsSignin, MissingCSRF } from "@auth/core/errors";
import { afterEach, describe, expect, it, vi } from "vitest";
import { logAuthError } from "@/lib/auth/logger";

// Junk Auth.js URLs and forged session cookies are what any public site gets all day: they must not
// bury real failures under stack traces.

afterEach(() => vi.restoreAllMocks());

describe("Auth.js's error log", () => {
  it("says one warn line for errors a client causes, with no stack", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    logAuthError(new UnknownAction("Cannot parse action at /api/auth/junk"));
    logAuthError(new JWTSessionError("Read more at https://errors.authjs.dev#jwtsessionerror", { cause: new Error("Invalid Compact JWE") }));
    logAuthError(new MissingCSRF("CSRF token was missing during an action callback"));
    expect(error).not.toHaveBeenCalled();
    expect(warn.mock.calls.map((call) => call.join(" "))).toEqual([
      "[auth] refused: UnknownAction – Cannot parse action at /api/auth/junk.",
      expect.stringMatching(/^\[auth\] refused: JWTSessionError/),
      "[auth] refused: MissingCSRF – CSRF token was missing during an action callback.",
    ]);
    for (const [line] of warn.mock.calls) expect(String(line)).not.toMatch(/\n\s+at /);
  });

  it("says nothing for a wrong password, and everything for a real failure", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    logAuthError(new CredentialsSignin());
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    const failure = new TypeError("Invalid URL");
    logAuthError(failure);
    expect(error).toHaveBeenCalledWith("[auth]", failure);
  });
});
