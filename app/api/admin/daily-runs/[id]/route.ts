import { requireAdmin } from "@/lib/auth/session";
import { getDailyRunProgress } from "@/lib/daily-run";
import { withErrorResponses } from "@/lib/errors";
import { readPathParams } from "@/lib/http";

// GET /api/admin/daily-runs/<id> – where a daily run stands (what the Daily runs page polls while it runs).
// The role is checked here, on every poll: 401 for anonymous callers, 403 for users who are not admins.
export const GET = withErrorResponses(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const admin = await requireAdmin();
  const { id } = await readPathParams(params);
  const progress = await getDailyRunProgress(admin, id);
  return Response.json(progress, { headers: { "Cache-Control": "no-store" } });
});
