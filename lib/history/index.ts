import "server-only";

/**
 * Record history, read for charts: a map's world-record progression and current top, and a
 * catalogue's activity (records per day, drivers per week, busiest maps). The history itself is
 * written by `lib/checks` as it reads tops; this concern only reads it.
 */

export { getMapCharts, type MapCharts, type NamedWorldRecordStep, type TopTime } from "./get-map-charts";
export {
  ACTIVITY_MAX_DAYS,
  activitySince,
  getMapperActivity,
  type ActiveMap,
  type DriversPerWeek,
  type GetMapperActivityOptions,
  type MapperActivity,
  type RecordsPerDay,
} from "./get-mapper-activity";
export { worldRecordProgression, type WorldRecordStep } from "./world-record-progression";
export * from "./schemas";
