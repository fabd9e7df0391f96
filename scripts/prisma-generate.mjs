// Runs `prisma generate` without reaching Prisma's binary host, which these machines (and many CI
// sandboxes) cannot. Generate needs no engine, yet the CLI insists one is present: pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any file satisfies it. The variable is scoped to this one child
// process on purpose: set globally it makes `prisma migrate deploy` report success while doing nothing.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
const result = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate", ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
