import "server-only";
import { assertAdmin } from "@/lib/actor";
import type { ActingUser } from "@/lib/actor";
import { getDb } from "@/lib/db";
import { getAppConfig, type AppConfig } from "./get-app-config";
import type { AppConfigValues } from "./schemas";

export type AppConfigChangeView = {
  id: string;
  field: keyof AppConfigValues;
  oldValue: string;
  newValue: string;
  changedAt: Date;
  /** Null when that admin's account is gone. */
  changedBy: string | null;
};

export type AppConfigForAdmin = {
  config: AppConfig;
  /** Who saved the limits last; null while they are the defaults, or when that admin's account is gone. */
  updatedBy: { email: string } | null;
  /** The latest change of each value that was ever changed. */
  lastChangeByField: Partial<Record<keyof AppConfigValues, AppConfigChangeView>>;
  /** The latest changes of any value, newest first. */
  recentChanges: AppConfigChangeView[];
};

const RECENT_CHANGES = 20;

/** The limits as the admin page shows them, with who changed what and when — admins only. */
export async function getAppConfigForAdmin(actor: ActingUser): Promise<AppConfigForAdmin> {
  assertAdmin(actor);
  const db = await getDb();
  const config = await getAppConfig();
  const [recent, lastPerField] = await Promise.all([
    db.appConfigChange.findMany({ orderBy: [{ changedAt: "desc" }, { id: "desc" }], take: RECENT_CHANGES }),
    db.appConfigChange.findMany({ distinct: ["field"], orderBy: [{ field: "asc" }, { changedAt: "desc" }] }),
  ]);
  const adminIds = [...new Set([config.updatedById, ...recent.map((c) => c.changedById), ...lastPerField.map((c) => c.changedById)])].filter(
    (id): id is string => id !== null,
  );
  const emails = new Map(
    (await db.user.findMany({ where: { id: { in: adminIds } }, select: { id: true, email: true } })).map((user) => [user.id, user.email]),
  );
  const view = (change: (typeof recent)[number]): AppConfigChangeView => ({
    id: change.id,
    field: change.field as keyof AppConfigValues,
    oldValue: change.oldValue,
    newValue: change.newValue,
    changedAt: change.changedAt,
    changedBy: change.changedById ? (emails.get(change.changedById) ?? null) : null,
  });
  const updatedByEmail = config.updatedById ? emails.get(config.updatedById) : undefined;
  return {
    config,
    updatedBy: updatedByEmail ? { email: updatedByEmail } : null,
    lastChangeByField: Object.fromEntries(lastPerField.map((change) => [change.field, view(change)])),
    recentChanges: recent.map(view),
  };
}
