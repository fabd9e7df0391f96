import "server-only";
import type { ActingUser } from "@/lib/actor";
import { getAppConfig } from "@/lib/app-config";
import { BEFORE_ANY_OBSERVATION, trackmaniaNow } from "@/lib/checks/clock";
import { loadMapperCatalogue, type Mapper } from "@/lib/checks/mapper-catalogue";
import { modeForCatalogue } from "@/lib/checks/modes";
import { initialiseBaselines } from "@/lib/checks/position-check";
import { getDb } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { getTrackmania, withTrackmaniaPriority, type TrackmaniaClient } from "@/lib/trackmania";
import { createMapperAlertSchema, type CreateMapperAlertInput } from "./schemas";

export type CreateMapperAlertOptions = {
  /** The client to ask; the process's own by default. */
  trackmania?: TrackmaniaClient;
};

/**
 * Starts watching a mapper's catalogue for the acting user: their own linked account, or any player
 * by display name. The maps are the mapper's confirmed catalogue (TMX listing checked against
 * Nadeo's author). Nothing already on the leaderboards is news: each map's watch starts now
 * (`addedAt`), and whatever Trackwatch had already observed counts as reported.
 */
export function createMapperAlert(actor: ActingUser, input: CreateMapperAlertInput, options: CreateMapperAlertOptions = {}) {
  // The person creating it waits for its first look at the catalogue: first in the Trackmania budget's queue.
  return withTrackmaniaPriority("interactive", () => createAlert(actor, input, options));
}

async function createAlert(actor: ActingUser, input: CreateMapperAlertInput, options: CreateMapperAlertOptions) {
  const data = createMapperAlertSchema.parse(input);
  const trackmania = options.trackmania ?? getTrackmania();
  const db = await getDb();
  const limits = await getAppConfig();
  // Cheap refusals first, before any call to Trackmania; both are checked again when writing.
  assertBelowLimit(await db.mapperAlert.count({ where: { userId: actor.id } }), limits.maxMapperAlerts);

  const mapper = await resolveMapper(actor, data, trackmania);
  const duplicate = await db.mapperAlert.findUnique({
    where: { userId_mapperAccountId: { userId: actor.id, mapperAccountId: mapper.accountId } },
    select: { id: true },
  });
  if (duplicate) throw duplicateError(mapper);

  const catalogue = await loadMapperCatalogue(mapper, { trackmania });
  const checked = await db.map.findMany({ where: { uid: { in: catalogue } }, select: { uid: true, checkedAt: true } });
  const checkedAtByUid = new Map(checked.map((map) => [map.uid, map.checkedAt]));
  const now = trackmaniaNow();
  const mode = modeForCatalogue(catalogue.length, limits.positionModeThreshold);

  const alert = await db.$transaction(async (tx) => {
    // Two creations racing past the count above: the lock makes the second see the first.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`mapper-alerts:${actor.id}`}::text))`;
    assertBelowLimit(await tx.mapperAlert.count({ where: { userId: actor.id } }), limits.maxMapperAlerts);
    try {
      return await tx.mapperAlert.create({
        data: {
          userId: actor.id,
          mapperAccountId: mapper.accountId,
          mapperDisplayName: mapper.displayName,
          mode,
          mapsRefreshedAt: now,
          maps: {
            createMany: {
              data: catalogue.map((mapUid) => ({
                mapUid,
                addedAt: now,
                // Observations made before this alert existed are not its news (and not null: null means "new map").
                reportedUntil: checkedAtByUid.get(mapUid) ?? BEFORE_ANY_OBSERVATION,
              })),
            },
          },
        },
        select: { id: true, mapperAccountId: true, mapperDisplayName: true, mode: true },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateError(mapper);
      throw error;
    }
  });

  if (mode === "POSITION") {
    try {
      await initialiseBaselines(catalogue, now);
    } catch (error) {
      // The alert stands; maps still without a baseline get one in the next run.
      console.warn("[alerts] baselines not initialised at creation:", (error as Error).message);
    }
  }
  return { ...alert, mapCount: catalogue.length };
}

async function resolveMapper(
  actor: ActingUser,
  data: ReturnType<typeof createMapperAlertSchema.parse>,
  trackmania: TrackmaniaClient,
): Promise<Mapper> {
  if (data.mapper === "self") {
    const db = await getDb();
    const user = await db.user.findUnique({ where: { id: actor.id }, select: { tmAccountId: true, tmDisplayName: true } });
    if (!user?.tmAccountId) {
      throw new AppError(
        "bad_request:mapper",
        "Your Trackmania account is not linked yet. Link it in Settings, or enter a mapper's display name.",
      );
    }
    const current = await trackmania.getDisplayNames([user.tmAccountId]);
    return { accountId: user.tmAccountId, displayName: current.get(user.tmAccountId) ?? user.tmDisplayName ?? user.tmAccountId };
  }
  const accountId = await trackmania.getAccountId(data.displayName);
  if (!accountId) {
    throw new AppError("not_found:mapper_name", `No Trackmania player is called "${data.displayName}". Check the spelling.`);
  }
  // The service matches names case-insensitively; keep the name as the player writes it.
  const current = await trackmania.getDisplayNames([accountId]);
  return { accountId, displayName: current.get(accountId) ?? data.displayName };
}

function assertBelowLimit(count: number, limit: number): void {
  if (count >= limit) {
    throw new AppError(
      "limit_reached:mapper_alerts",
      `You already use ${count} of ${limit} mapper alerts. Delete one to watch another mapper.`,
    );
  }
}

function duplicateError(mapper: Mapper): AppError {
  return new AppError("conflict:mapper_alert", `You already have an alert for ${mapper.displayName}.`);
}
