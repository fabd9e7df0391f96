// scripts/sandbox.ts – serves the Trackmania sandbox world over HTTP (wall clock) for local runs and demos.
//
//   tsx scripts/sandbox.ts [--port 4010] [--host 127.0.0.1] [--seed 20201] [--faults "429=0.1,slow=0.02"]
//
// Flags win over SANDBOX_PORT / SANDBOX_SEED / SANDBOX_FAULTS (read through lib/config, so the defaults
// are the app's: the served world is the one the app embeds). Point a client at it with base URLs
// `${url}/core`, `${url}/live`, `${url}/oauth`, `${url}/tmx` and the credentials printed below.
import { parseArgs } from "node:util";
import { loadConfig } from "@/lib/config";
import { createSandbox, parseSandboxFaults, serveSandbox } from "@/lib/trackmania/sandbox";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    seed: { type: "string" },
    faults: { type: "string" },
  },
});

function integer(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

const config = loadConfig(process.env);
const port = integer(values.port, "--port") ?? config.SANDBOX_PORT;
const seed = integer(values.seed, "--seed") ?? config.SANDBOX_SEED;
const faults = parseSandboxFaults(values.faults ?? config.SANDBOX_FAULTS);

// The special maps (Stunt, Platform, clones, hidden times) are on here; tests ask for them with `specialMaps: true`.
const sandbox = createSandbox({ seed, clock: "wall", faults, specialMaps: true });
const server = await serveSandbox(sandbox, { port, host: values.host ?? "127.0.0.1" });
const { smallMapper, bigMapper, specialMapper, topDriver, midPackDriver, official, maps } = sandbox.wellKnown;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  return [line(rows[0]!), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.slice(1).map(line)].join("\n");
}

console.log(`Trackmania sandbox (seed ${seed}, wall clock) listening on ${server.url}\n`);
console.log(
  table([
    ["service", "base URL"],
    ["Core", `${server.url}/core`],
    ["Live", `${server.url}/live`],
    ["OAuth (api.trackmania.com)", `${server.url}/oauth`],
    ["Trackmania Exchange", `${server.url}/tmx`],
    ["Sign-in page", `${server.url}/oauth/oauth/authorize`],
  ]),
);
console.log();
console.log(
  table([
    ["credential", "value"],
    ["NADEO_SERVER_LOGIN", sandbox.credentials.serverLogin],
    ["NADEO_SERVER_PASSWORD", sandbox.credentials.serverPassword],
    ["TM_OAUTH_CLIENT_ID", sandbox.credentials.oauthClientId],
    ["TM_OAUTH_CLIENT_SECRET", sandbox.credentials.oauthClientSecret],
  ]),
);
console.log();
console.log(
  table([
    ["well-known", "display name", "account id", "maps"],
    ["small mapper", smallMapper.displayName, smallMapper.accountId, `${smallMapper.mapUids.length} (${smallMapper.mapUids.join(", ")})`],
    ["big mapper", bigMapper.displayName, bigMapper.accountId, `${bigMapper.mapUids.length} (busy map ${maps.busy}, empty map ${maps.empty})`],
    ["top driver", topDriver.displayName, topDriver.accountId, `top 5 on ${topDriver.mapUids.length} (${topDriver.mapUids.join(", ")}), first on official maps`],
    ["mid-pack driver", midPackDriver.displayName, midPackDriver.accountId, `ranked 1,200–2,100 on every campaign map (current: ${midPackDriver.mapUids[0] ?? "none"} …)`],
    ["official maps", official.displayName, official.accountId, `${sandbox.world.officialMaps().length} campaign and Track of the Day maps so far`],
    ...(specialMapper ? [["special mapper", specialMapper.displayName, specialMapper.accountId, `${specialMapper.mapUids.length} maps that are not plain race maps (below)`]] : []),
  ]),
);
if (specialMapper) {
  console.log();
  console.log(
    table([
      ["special map", "uid", "what it is"],
      ["stunt", maps.stunt ?? "", "TM_Stunt: points, higher is better; Core needs gameMode=Stunt"],
      ["stunt2", maps.stunt2 ?? "", "TM_Stunt, a second one"],
      ["platform", maps.platform ?? "", "TM_Platform: respawns then time; Core needs gameMode=Platform; Live score = respawns*1,000,000 + ms (sandbox's own encoding)"],
      ["clones", maps.clones ?? "", "race map with clones (hasClones): Core answers [] unless gameMode=TimeAttackClone"],
      ["hidden", maps.hidden ?? "", "hidden times: Live top score -1, Core time 4294967295"],
    ]),
  );
}
console.log(`\n${sandbox.world.players().length} players, ${sandbox.world.mappers().length} mappers, ${sandbox.world.maps().length} maps. Ctrl-C to stop.`);

async function shutdown() {
  await server.close();
  process.exit(0);
}
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
