import "server-only";
import type { ActingUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getAppConfig, type AppConfig } from "./get-app-config";

export type AppConfigForAdmin = {
  config: AppConfig;
  /** Who saved the limits last; null while they are the defaults, or when that admin's account is gone. */
  updatedBy: { email: string } | null;
};

/** The limits as the admin page shows them, with who changed them last — admins only. */
export async function getAppConfigForAdmin(actor: ActingUser): Promise<AppConfigForAdmin> {
  if (actor.role !== "ADMIN") throw new AppError("forbidden:admin");
  const config = await getAppConfig();
  const updatedBy = config.updatedById
    ? await (await getDb()).user.findUnique({ where: { id: config.updatedById }, select: { email: true } })
    : null;
  return { config, updatedBy };
}
