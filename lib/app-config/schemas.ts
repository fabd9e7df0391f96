import { z } from "zod";
import { APP_CONFIG_BOUNDS, type AppConfigLimitName } from "./bounds";

/**
 * One limit as a whole number within its bounds. Form posts arrive as strings, so digit strings are
 * accepted too ("3"); domain callers pass plain numbers.
 */
function limitSchema(name: AppConfigLimitName) {
  const { min, max, step } = APP_CONFIG_BOUNDS[name];
  const message = step === 1 ? `Enter a whole number from ${min} to ${max}.` : `Enter a multiple of ${step} from ${min} to ${max}.`;
  return z
    .union([z.number(), z.string().trim().regex(/^\d{1,7}$/, message).transform(Number)], { error: message })
    .pipe(z.number().int(message).min(min, message).max(max, message).multipleOf(step, message));
}

const checkboxSchema = z.union([z.boolean(), z.literal("on").transform(() => true), z.literal("off").transform(() => false)], {
  error: "Tick the box or leave it empty.",
});

/** Every admin-editable AppConfig value; all are required, so a form that lost a field is refused, not half-saved. */
export const appConfigSchema = z.object({
  maxMapperAlerts: limitSchema("maxMapperAlerts"),
  maxDriverWatches: limitSchema("maxDriverWatches"),
  positionModeThreshold: limitSchema("positionModeThreshold"),
  accurateDepth: limitSchema("accurateDepth"),
  maxRecordsPerMapInMail: limitSchema("maxRecordsPerMapInMail"),
  maxSearchMaps: limitSchema("maxSearchMaps"),
  maxUsers: limitSchema("maxUsers"),
  failureAlertPercent: limitSchema("failureAlertPercent"),
  registrationOpen: checkboxSchema,
});
export type AppConfigInput = z.input<typeof appConfigSchema>;
export type AppConfigValues = z.output<typeof appConfigSchema>;

/** The form's field names, in the order the admin page shows them. */
export const APP_CONFIG_FIELDS = Object.keys(appConfigSchema.shape) as (keyof AppConfigValues)[];
