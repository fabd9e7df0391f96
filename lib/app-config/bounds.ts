/**
 * What an admin may set each AppConfig limit to. The server's schema enforces these; the admin form
 * reads the same numbers for its inputs' min/max/step, so the two never disagree. No imports: client
 * components use it too.
 */
export const APP_CONFIG_BOUNDS = {
  maxMapperAlerts: { min: 1, max: 100, step: 1 },
  maxDriverWatches: { min: 1, max: 1000, step: 1 },
  positionModeThreshold: { min: 1, max: 10_000, step: 1 },
  // The top is read in pages of 100 (one Nadeo request each): a depth between two hundreds costs as much as
  // the next hundred, and one under 100 saves nothing while hiding records from top-N alerts (N up to 100).
  accurateDepth: { min: 100, max: 1000, step: 100 },
  maxRecordsPerMapInMail: { min: 1, max: 100, step: 1 },
  // A cold search costs one Nadeo request per map: 500 maps take about ten minutes at 0.8 requests/s.
  maxSearchMaps: { min: 1, max: 5000, step: 1 },
  maxUsers: { min: 1, max: 100_000, step: 1 },
  failureAlertPercent: { min: 1, max: 100, step: 1 },
} as const;

export type AppConfigLimitName = keyof typeof APP_CONFIG_BOUNDS;
