/**
 * The IANA time zones a user may pick: what this server's ICU knows (the list the digest scheduler
 * formats dates with), plus "UTC", which `Intl.supportedValuesOf` leaves out but is every account's
 * default. The list comes from the server and is handed to the form, so a browser with a newer or older
 * zone list can never offer a value the server would refuse.
 */

let zones: readonly string[] | undefined;
let known: ReadonlySet<string> | undefined;

export function listTimeZones(): readonly string[] {
  zones ??= ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
  return zones;
}

export function isKnownTimeZone(zone: string): boolean {
  known ??= new Set(listTimeZones());
  return known.has(zone);
}
