import { requireUser } from "@/lib/auth/session";
import { withErrorResponses } from "@/lib/errors";
import { readPathParams } from "@/lib/http";
import { getMapSearchProgress } from "@/lib/search";

// GET /api/search/<id> – where a map search stands (what its page polls while it runs).
export const GET = withErrorResponses(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser();
  const { id } = await readPathParams(params);
  const progress = await getMapSearchProgress(user, id);
  return Response.json(progress, { headers: { "Cache-Control": "no-store" } });
});
