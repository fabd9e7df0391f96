import { describe, expect, it } from "vitest";
import { setUserDisabled } from "@/lib/admin";
import { authenticateWithPassword } from "@/lib/accounts/authenticate-with-password";
import { getUserState } from "@/lib/sessions";
import { GOOD_PASSWORD, signUp, uniqueIp } from "./support";

const admin = { id: "admin-id", email: "admin@example.com", role: "ADMIN" as const };

describe("disabling an account", () => {
  it("ends its sessions at once and refuses sign-in until enabled again", async () => {
    const user = await signUp();
    const before = await getUserState(user.id);
    expect(before).toMatchObject({ disabled: false });

    await setUserDisabled(admin, { userId: user.id, disabled: true });
    const after = await getUserState(user.id);
    // The jwt callback ends any session whose user is disabled or whose version moved on.
    expect(after).toMatchObject({ disabled: true });
    expect(after!.sessionVersion).toBeGreaterThan(before!.sessionVersion);
    await expect(authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip: uniqueIp() })).rejects.toMatchObject({
      code: "forbidden:account-disabled",
    });

    await setUserDisabled(admin, { userId: user.id, disabled: false });
    expect(await getUserState(user.id)).toMatchObject({ disabled: false, sessionVersion: after!.sessionVersion });
    await expect(authenticateWithPassword({ email: user.email, password: GOOD_PASSWORD, ip: uniqueIp() })).resolves.toMatchObject({
      id: user.id,
    });
  });

  it("is for admins only, and an admin cannot lock themselves out", async () => {
    const user = await signUp();
    await expect(setUserDisabled({ ...user, role: "USER" }, { userId: user.id, disabled: true })).rejects.toMatchObject({
      code: "forbidden:admin",
    });
    await expect(setUserDisabled({ ...user, role: "ADMIN" }, { userId: user.id, disabled: true })).rejects.toMatchObject({
      code: "bad_request:user",
    });
    await expect(setUserDisabled(admin, { userId: "no-such-user", disabled: true })).rejects.toMatchObject({
      code: "not_found:user",
    });
  });
});
