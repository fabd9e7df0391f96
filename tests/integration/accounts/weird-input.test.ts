import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formStateFromError } from "@/lib/actions/form-state";
import { authenticateWithPassword } from "@/lib/accounts/authenticate-with-password";
import { changePassword } from "@/lib/accounts/change-password";
import { readFormFields } from "@/lib/accounts/form-fields";
import { registerUser } from "@/lib/accounts/register-user";
import { requestPasswordReset } from "@/lib/accounts/request-password-reset";
import { resetPassword } from "@/lib/accounts/reset-password";
import { verifyEmail } from "@/lib/accounts/verify-email";
import { AppError, toResponse } from "@/lib/errors";
import { GOOD_PASSWORD, signUp, uniqueIp } from "./support";

// Whatever arrives, each account function answers with a ZodError or an AppError — a field error in
// a form, a 4xx at a route — and never with anything that becomes a 500.

const long = "a".repeat(100_000);
const weird: unknown[] = [
  undefined,
  null,
  "",
  "   ",
  long,
  `${long}@example.com`,
  "ünïcødé@exämple.com",
  "👾👾👾",
  "\u0000\u0007",
  "a@b",
  ["a@example.com", "b@example.com"],
  { email: "a@example.com" },
  42,
  true,
];

async function expectCleanRefusal(call: () => Promise<unknown>, label: string) {
  const error = await call().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, label).not.toBeNull();
  expect(error instanceof z.ZodError || error instanceof AppError, `${label}: ${String(error)}`).toBe(true);
  const status = toResponse(error).status;
  expect(status, label).toBeGreaterThanOrEqual(400);
  expect(status, label).toBeLessThan(500);
  const state = formStateFromError(error);
  expect(state.status === "invalid" || state.status === "error", label).toBe(true);
  expect((state as { message: string }).message, label).not.toContain("Something went wrong");
}

describe("account functions refuse strange input cleanly", () => {
  it("sign-up", async () => {
    for (const value of weird) {
      await expectCleanRefusal(() => registerUser({ name: value, email: value, password: value }, { ip: uniqueIp() }), `all ${String(value).slice(0, 20)}`);
      await expectCleanRefusal(() => registerUser({ name: "Ok", email: value, password: GOOD_PASSWORD }, { ip: uniqueIp() }), `email ${String(value).slice(0, 20)}`);
    }
    for (const input of [null, undefined, [], "text", 5, {}]) {
      await expectCleanRefusal(() => registerUser(input, { ip: uniqueIp() }), `input ${JSON.stringify(input)}`);
    }
    // Unicode names and passwords are fine; control characters in a name are not.
    await expect(registerUser({ name: "Ŝçrâpïé 🏁", email: "unicode-ok@example.com", password: "пароль-секрет-42" }, { ip: uniqueIp() })).resolves.toBeTruthy();
    await expectCleanRefusal(() => registerUser({ name: "bad\u0000name", email: "ctl@example.com", password: GOOD_PASSWORD }, { ip: uniqueIp() }), "control chars");
  });

  it("sign-in", async () => {
    for (const value of weird) {
      await expectCleanRefusal(() => authenticateWithPassword({ email: value, password: value, ip: uniqueIp() }), String(value).slice(0, 20));
    }
  });

  it("verification and reset links", async () => {
    for (const value of weird) {
      await expectCleanRefusal(() => verifyEmail({ token: value }), `verify ${String(value).slice(0, 20)}`);
      await expectCleanRefusal(() => resetPassword({ token: value, password: GOOD_PASSWORD }), `reset ${String(value).slice(0, 20)}`);
      await expectCleanRefusal(() => resetPassword({ token: value, password: value }), `reset both ${String(value).slice(0, 20)}`);
    }
    for (const input of [null, undefined, [], "text"]) await expectCleanRefusal(() => resetPassword(input), `input ${String(input)}`);
  });

  it("forgot password", async () => {
    for (const value of weird) {
      await expectCleanRefusal(() => requestPasswordReset({ email: value }, { ip: uniqueIp() }), String(value).slice(0, 20));
    }
    await expectCleanRefusal(() => requestPasswordReset(null, { ip: uniqueIp() }), "null");
  });

  it("change password", async () => {
    const user = await signUp();
    for (const value of weird) {
      await expectCleanRefusal(() => changePassword(user, { currentPassword: value, newPassword: value }), String(value).slice(0, 20));
    }
    await expectCleanRefusal(() => changePassword(user, null), "null");
  });

  it("field errors land on the field that was wrong", async () => {
    const error = await registerUser({ name: "Ok", email: "nope", password: "short" }, { ip: uniqueIp() }).catch((e: unknown) => e);
    const state = formStateFromError(error);
    expect(state).toMatchObject({
      status: "invalid",
      fieldErrors: { email: ["Enter a valid email address."], password: expect.arrayContaining(["Use at least 10 characters."]) },
    });
  });
});

describe("reading form fields", () => {
  it("gives strings as they are, missing fields and files as undefined, repeated fields as arrays zod refuses", () => {
    const form = new FormData();
    form.append("email", "a@example.com");
    form.append("name", "one");
    form.append("name", "two");
    form.append("password", new Blob(["x"]), "file.txt");
    expect(readFormFields(form, ["email", "name", "password", "missing"])).toEqual({
      email: "a@example.com",
      name: ["one", "two"],
      password: undefined,
      missing: undefined,
    });
  });
});
