import { userRoute } from "@/lib/actions/door";
import { getMapSearchProgress } from "@/lib/search";

// GET /api/search/<id> – where a map search stands (what its page polls while it runs).
export const GET = userRoute<{ id: string }>(async (_request, { actor, params }) => {
  const progress = await getMapSearchProgress(actor, params.id);
  return Response.json(progress, { headers: { "Cache-Control": "no-store" } });
});
