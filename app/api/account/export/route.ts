import { requireUser } from "@/lib/auth/session";
import { withErrorResponses } from "@/lib/errors";
import { exportAccountData } from "@/lib/settings";

// GET /api/account/export – everything Trackwatch keeps about the signed-in user, as a JSON download
export const GET = withErrorResponses(async () => {
  const actor = await requireUser();
  const data = await exportAccountData(actor);
  const day = data.exportedAt.slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="trackwatch-export-${day}.json"`,
      // Personal data: never kept by a browser or proxy cache.
      "cache-control": "no-store",
    },
  });
});
