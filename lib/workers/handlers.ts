import "server-only";
import type { z } from "zod";
import { backfillMapTypes } from "@/lib/checks";
import { checkUserForDigest, recordUserCheckFailure, sendDigest, startDailyRun } from "@/lib/daily-run";
import "@/lib/jobs";
import { dailyRunJob } from "@/lib/jobs/daily-run";
import { DIGEST_SEND_RETRIES, digestSendJob } from "@/lib/jobs/digest-send";
import { displayNamesJob } from "@/lib/jobs/display-names";
import { MAP_SEARCH_RETRIES, mapSearchJob } from "@/lib/jobs/map-search";
import { mapTypesJob } from "@/lib/jobs/map-types";
import { USER_CHECK_RETRIES, userCheckJob } from "@/lib/jobs/user-check";
import { NonRetryableJobError, RetryLaterError, type JobContext, type JobDefinition, type JobHandler } from "@/lib/queue";
import { resolveDisplayNames } from "@/lib/player-names";
import { failMapSearch, runMapSearchSlice } from "@/lib/search";

/** One job's handler, typed by its declaration's schema. */
function handler<S extends z.ZodType>(job: JobDefinition<S>, handle: (payload: z.output<S>, ctx: JobContext) => Promise<void>): [string, JobHandler] {
  return [job.name, handle as JobHandler];
}

export const jobHandlers: Readonly<Record<string, JobHandler>> = Object.fromEntries([
  handler(dailyRunJob, async (payload) => {
    await startDailyRun(payload);
  }),

  handler(userCheckJob, async (payload, ctx) => {
    try {
      await checkUserForDigest(payload);
    } catch (error) {
      if (ctx.attempt > USER_CHECK_RETRIES || error instanceof NonRetryableJobError) {
        const reason = error instanceof Error ? error.message : String(error);
        await recordUserCheckFailure({ ...payload, reason: `check failed after ${ctx.attempt} attempt(s): ${reason}` });
      }
      throw error;
    }
  }),

  handler(digestSendJob, async (payload, ctx) => {
    await sendDigest(payload, { lastDelivery: ctx.attempt > DIGEST_SEND_RETRIES });
  }),

  handler(mapSearchJob, async (payload, ctx) => {
    try {
      await runMapSearchSlice(payload, {
        continueWith: async (next) => {
          await mapSearchJob.enqueue(next, { deduplicationId: `map-search:${next.searchId}:${next.slice}` });
        },
      });
    } catch (error) {
      // A duplicate delivery finding the search held is not the search failing.
      if (!(error instanceof RetryLaterError) && (ctx.attempt > MAP_SEARCH_RETRIES || error instanceof NonRetryableJobError)) {
        await failMapSearch(payload.searchId, error);
      }
      throw error;
    }
  }),

  handler(displayNamesJob, async (payload) => {
    await resolveDisplayNames(payload.accountIds);
  }),

  handler(mapTypesJob, async () => {
    await backfillMapTypes();
  }),
]);
