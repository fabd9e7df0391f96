/**
 * The IANA time zones a user may pick: what this server's ICU knows (the list the digest scheduler
 * formats dates with), plus "UTC", which `Intl.supportedValuesOf` leaves out but is every account's
 * default. The list comes from the server and is handed to the form, so a browser with a newer or older
 * zone list can never offer a value the server would refuse.
 *
 * No `server-only`: the settings form maps the device's zone with `currentTimeZoneName` in the browser
 * (the list itself is never computed there), and the daily run's clock uses `worksWithIntl`.
 */

/**
 * ICU's canonical ids are still the old names of some renamed zones (Node 20 lists "Asia/Calcutta",
 * "Europe/Kiev"); people look for the current ones. Both spellings name the same zone to ICU.
 */
const CURRENT_NAMES: Readonly<Record<string, string>> = {
  "America/Argentina/ComodRivadavia": "America/Argentina/Catamarca",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

const working = new Set<string>();

/** True for a zone name this runtime's Intl formats dates in ("Europe/Paris", "UTC", "Asia/Calcutta"). */
export function worksWithIntl(zone: string): boolean {
  if (working.has(zone)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
  } catch {
    return false;
  }
  // The daily run asks once per user. Only successes are kept: those are bounded by the zone database.
  working.add(zone);
  return true;
}

/**
 * The current name of a zone ("Asia/Kolkata" for "Asia/Calcutta"); other names unchanged. Chrome reports
 * the device's zone by its ICU id, often the old name: map it before looking it up in the list.
 */
export function currentTimeZoneName(zone: string): string {
  const current = CURRENT_NAMES[zone];
  return current && worksWithIntl(current) ? current : zone;
}

let zones: readonly string[] | undefined;
let known: ReadonlySet<string> | undefined;

export function listTimeZones(): readonly string[] {
  zones ??= [
    "UTC",
    ...[...new Set(Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC").map(currentTimeZoneName))].sort((a, b) => a.localeCompare(b)),
  ];
  return zones;
}

/** Listed names, and the old names they replace (an account saved with one keeps working). */
export function isKnownTimeZone(zone: string): boolean {
  known ??= new Set([...listTimeZones(), ...Intl.supportedValuesOf("timeZone")]);
  return known.has(zone);
}
