import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every server action passes the one door (lib/actions/door.ts), which checks the session before it
// reads anything: an action written by hand is how a missed check slips in. Read from the source, so
// an action added later is held to it without touching this file.

const DOORS = ["publicAction", "userAction", "adminAction", "userStateAction", "userFormAction", "publicFormAction"];
const dir = path.resolve("lib/actions");
const actionFiles = readdirSync(dir).filter((file) => file.endsWith(".ts") && readFileSync(path.join(dir, file), "utf8").startsWith('"use server"'));

/** Public actions are few and named: anything else must check the session. */
const PUBLIC = [
  "signInAction",
  "signUpAction",
  "signOutAction",
  "requestPasswordResetAction",
  "resetPasswordAction",
  "confirmEmailAction",
  "signInWithTrackmaniaAction",
].sort();

function exportsOf(file: string) {
  const source = readFileSync(path.join(dir, file), "utf8");
  const functions = [...source.matchAll(/^export (?:async )?function (\w+)/gm)].map(([, name]) => name!);
  const built = [...source.matchAll(/^export const (\w+) = (\w+)(?:<[^\n]*>)?\(/gm)].map(([, name, door]) => ({ name: name!, door: door! }));
  const other = [...source.matchAll(/^export const (\w+)/gm)].map(([, name]) => name!).filter((name) => !built.some((action) => action.name === name));
  return { functions, built, other };
}

describe("one door for every server action", () => {
  it("finds the action files", () => {
    expect(actionFiles.length).toBeGreaterThanOrEqual(10);
  });

  it.each(actionFiles)("%s exports only actions built by the door", (file) => {
    const { functions, built, other } = exportsOf(file);
    expect(functions, "hand-written actions").toEqual([]);
    expect(other, "exports that are not door-built actions").toEqual([]);
    for (const { name, door } of built) expect(DOORS, `${name} is built by ${door}`).toContain(door);
  });

  it("lets only the named public actions skip the session check", () => {
    const open = actionFiles.flatMap((file) => exportsOf(file).built.filter(({ door }) => door.startsWith("public")).map(({ name }) => name));
    expect(open.sort()).toEqual(PUBLIC);
  });

  it("has no session check of its own anywhere in lib/actions but the door", () => {
    for (const file of actionFiles) {
      const source = readFileSync(path.join(dir, file), "utf8");
      expect(source, file).not.toMatch(/\b(requireUser|requireAdmin|currentUser)\(|\bas never\b/);
    }
  });
});
