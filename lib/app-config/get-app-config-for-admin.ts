import "server-only";
import { assertAdmin } from "@/lib/auth/roles";
import type { ActingUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getAppConfig, type AppConfig } from "./get-app-config";

export type AppConfigForAdmin = {
  config: AppConfig;
  /** Who saved the limits last; null while they are the defaults, or when that admin's account is gone. */
  updatedBy: { email: string } | null;
};

/** The limits as the admin page shows them, with who changed them last — admins only. */
export async function getAppConfigForAdmin(actor: ActingUser): Promise<AppConfigForAdmin> {
  assertAdmin(actor);
  const config = await getAppConfig();
  const updatedBy = config.updatedById
    ? await (await getDb()).user.findUnique({ where: { id: config.updatedById }, select: { email: true } })
    : null;
  return { config, updatedBy };
}
