import "server-only";

/**
 * Mapper alerts: a user's watch on a mapper's whole catalogue. Creating, listing and tuning them
 * lives here; checking them is `lib/checks`.
 */

export { createMapperAlert, type CreateMapperAlertOptions } from "./create-mapper-alert";
export { deleteMapperAlert } from "./delete-mapper-alert";
export {
  ALERT_MAPS_PAGE_SIZE,
  getMapperAlert,
  type AlertMapRow,
  type AlertMapWorldRecord,
  type GetMapperAlertOptions,
  type MapperAlertDetail,
} from "./get-mapper-alert";
export { listAlertMapUids } from "./list-alert-map-uids";
export { listMapperAlerts, type MapperAlertList, type MapperAlertSummary } from "./list-mapper-alerts";
export { previewWorldRecords, type PreviewWorldRecordsOptions, type WorldRecord, type WorldRecordPreview } from "./preview-world-records";
export { setAlertMapMuted } from "./set-alert-map-muted";
export { setAlertMode, setAlertModeForUser } from "./set-alert-mode";
export { browserThumbnailSrc } from "./thumbnail";
export { updateAlertFilter } from "./update-alert-filter";
export * from "./schemas";
