import { connection } from "next/server";
import { getConfig } from "@/lib/config";

/**
 * Tells everyone when what they see is not real: the sandbox Trackmania world stands in for Nadeo's
 * services, or emails land in the local outbox instead of being sent. Read at request time, so a build
 * made on one machine never shows another machine's drivers.
 */
export async function EnvironmentBanner() {
  await connection();
  const { drivers } = getConfig();
  const notes: string[] = [];
  if (drivers.trackmania === "sandbox") notes.push("Trackmania data comes from the simulated sandbox world, not Nadeo's servers");
  if (drivers.mail === "outbox") notes.push("emails go to the local outbox (Admin → Outbox) instead of being sent");
  if (notes.length === 0) return null;
  return (
    <div role="status" data-testid="environment-banner" className="bg-amber-100 text-amber-950 border-b border-amber-300">
      <p className="mx-auto max-w-6xl px-4 py-2 text-sm">
        <strong className="font-semibold">Sandbox mode:</strong> {notes.join("; ")}.
      </p>
    </div>
  );
}
