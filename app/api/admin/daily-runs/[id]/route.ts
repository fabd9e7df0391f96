import { adminRoute } from "@/lib/actions/door";
import { getDailyRunProgress } from "@/lib/daily-run";

// GET /api/admin/daily-runs/<id> – where a daily run stands (what the Daily runs page polls while it runs).
// The door checks the role on every poll: 401 for anonymous callers, 403 for users who are not admins.
export const GET = adminRoute<{ id: string }>(async (_request, { actor, params }) => {
  const progress = await getDailyRunProgress(actor, params.id);
  return Response.json(progress, { headers: { "Cache-Control": "no-store" } });
});
