import { z } from "zod";
import { defineJob, defineSchedule } from "@/lib/queue";

// map-types: reads stored maps' type and clone flag from Core's map info (lib/checks/map-types.ts),
// a bounded pass each hour, so records are read in the mode each map needs.

export const mapTypesPayloadSchema = z.object({});

export const mapTypesJob = defineJob({
  name: "map-types",
  schema: mapTypesPayloadSchema,
  retries: 2,
  // One at a time: passes never overlap and never crowd out the user checks.
  flowControl: { key: "map-types", parallelism: 1 },
});

// Half past each hour: away from the daily run's trigger on the hour.
export const mapTypesSchedule = defineSchedule({
  id: "map-types-hourly",
  cron: "30 * * * *",
  job: mapTypesJob,
  payload: {},
});
