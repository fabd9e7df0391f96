import type { CheckMode } from "@/lib/generated/prisma/enums";

/** The mode an alert follows while the user has not picked one: position mode past the threshold. */
export function modeForCatalogue(mapCount: number, positionModeThreshold: number): CheckMode {
  return mapCount > positionModeThreshold ? "POSITION" : "ACCURATE";
}
