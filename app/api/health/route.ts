// GET /api/health – which driver each service uses and whether it answers (503 when one does not).
import { connection } from "next/server";
import { checkHealth } from "@/lib/health";

export async function GET() {
  await connection();
  const health = await checkHealth();
  return Response.json(
    { ...health, checkedAt: new Date().toISOString() },
    { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
