import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `npm run tm` (scripts/tm.ts) as a user runs it, one process per command, on the in-process sandbox.
// The ids are README's "The sandbox world" table: the same for every seed.

const root = fileURLToPath(new URL("../..", import.meta.url));
// What `npx tsx` runs, minus npx's own start-up.
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const run = promisify(execFile);

// An empty working directory and no inherited env: the CLI reads .env/.env.local from its working
// directory and would switch to the real services (or a fault spec) if they named NADEO_* credentials.
let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), "trackwatch-tm-cli-"));
});

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function tm(...args: string[]) {
  return run(tsx, ["--tsconfig", path.join(root, "tsconfig.json"), path.join(root, "scripts", "tm.ts"), ...args], {
    cwd,
    // NODE_ENV as lib/config defaults it; Next's types make ProcessEnv require it.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "development" },
    timeout: 30_000,
  });
}

describe("npm run tm", () => {
  it("lists SmallMapperSam's 3 maps from Trackmania Exchange", async () => {
    const { stdout, stderr } = await tm("maps-by-author", "SmallMapperSam");
    for (const uid of ["1e4oTVFZAuqpKh5Z1FbfFZcFQeI", "2eDmdeNOCYQSUtjWuY_hAnp_mFC", "7EY6aVMPu3SKZNNabVVki6WlYwh"]) {
      expect(stdout).toContain(uid);
    }
    expect(stdout).toContain('3 map(s) by "SmallMapperSam" on Trackmania Exchange');
    expect(stderr).toMatch(/^\[sandbox\] 1 request\(s\) \(tmx\.maps×1\)/m);
  });

  it("prints the top 5 of the busiest map, with display names", async () => {
    const { stdout, stderr } = await tm("top", "oaJAe410mnaqwc3nlp3meZAVi9m", "5");
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^pos\s+time\s+player\s+zone\s+driven$/);
    expect(lines[1]).toMatch(/^-+(\s+-+)+$/);
    const rows = lines.slice(2);
    expect(rows).toHaveLength(5);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(["1", "2", "3", "4", "5"]);
    for (const row of rows) expect(row).toMatch(/^\d\s+\d+:\d{2}\.\d{3}\s+\S+/);
    expect(stderr).toMatch(/^\[sandbox\] \d+ request\(s\) .*live\.top×1/m);
  });

  // The sandbox runs on the wall clock here: which season and month are current depends on the day.
  it("shows the running campaign and last month's Tracks of the Day", async () => {
    const campaign = await tm("campaign");
    const lines = campaign.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^(Winter|Spring|Summer|Fall) \d{4}: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d → /);
    expect(lines[1]).toMatch(/^#\s+uid\s+name\s+AT$/);
    expect(lines.slice(3)).toHaveLength(25);
    expect(lines[3]).toMatch(/^1\s+[A-Za-z0-9_]{27}\s+(Winter|Spring|Summer|Fall) \d{4} - 01\s+\d:\d\d\.\d{3}$/);
    expect(campaign.stderr).toMatch(/live\.officialCampaigns×1/);

    const totd = await tm("totd", "1");
    expect(totd.stdout).toMatch(/^(28|29|30|31) Track\(s\) of the Day in \d{4}-\d\d$/m);
    expect(totd.stderr).toMatch(/live\.totd×1/);
  });

  it("finds a map on Trackmania Exchange by uid, name and TMX id", async () => {
    const uid = "1e4oTVFZAuqpKh5Z1FbfFZcFQeI";
    const map = JSON.parse((await tm("tmx", uid, "--json")).stdout) as { tmxId: number; name: string; authors: string[] };
    expect(map.authors).toEqual(["SmallMapperSam"]);
    expect((await tm("search", map.name)).stdout).toContain(uid);
    const byId = await tm("tmx", String(map.tmxId));
    expect(byId.stdout).toContain(uid);
    expect(byId.stderr).toMatch(/^\[sandbox\] 1 request\(s\) \(tmx\.maps×1\)/m);
  });

  it("names the drivers around MidPackMia's time on a campaign map", async () => {
    const stats = JSON.parse((await tm("stats", "--json")).stdout) as { sandbox: { wellKnown: Array<{ role: string; accountId: string; firstMap: string }> } };
    const mia = stats.sandbox.wellKnown.find((account) => account.role === "midPackDriver")!;
    const [record] = JSON.parse((await tm("records", mia.accountId, mia.firstMap, "--json")).stdout) as Array<{ time: number }>;
    const surround = await tm("surround", mia.firstMap, String(record!.time), "--json");
    const result = JSON.parse(surround.stdout) as { position: number; above: { position: number; displayName: string }; below: { position: number; displayName: string } };
    expect(result.position).toBeGreaterThanOrEqual(1_000);
    expect(result.above).toMatchObject({ position: result.position - 1, displayName: expect.any(String) });
    expect(result.below).toMatchObject({ position: result.position + 1, displayName: expect.any(String) });
    expect(surround.stderr).toMatch(/live\.surround×1/);
  });
});
