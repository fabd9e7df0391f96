import { userRoute } from "@/lib/actions/door";
import { exportAccountData } from "@/lib/settings";

// GET /api/account/export – everything Trackwatch keeps about the signed-in user, as a JSON download
export const GET = userRoute(async (_request, { actor }) => {
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
