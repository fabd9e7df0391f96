import "server-only";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/config";

let cached: string | undefined;

/**
 * AUTH_SECRET from config, or — on the embedded defaults, where nobody has set one — a random secret
 * generated once and kept beside the embedded database, so sessions survive restarts of `npm run dev`.
 */
export function authSecret(): string {
  if (cached) return cached;
  const config = getConfig();
  if (config.AUTH_SECRET) return (cached = config.AUTH_SECRET);
  const dir = config.PGLITE_DATA_DIR.startsWith("memory://") ? ".data" : path.dirname(config.PGLITE_DATA_DIR);
  const file = path.join(dir, "auth-secret");
  try {
    cached = readFileSync(file, "utf8").trim();
  } catch {
    cached = randomBytes(32).toString("base64url");
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, cached, { mode: 0o600 });
  }
  return cached;
}
