// POST /api/jobs/[job] – runs one job message delivered by QStash (signature-verified in lib/queue).
import "@/lib/jobs";
import { handleQStashDelivery } from "@/lib/queue";
import { installJobHandlers } from "@/lib/workers";

installJobHandlers();

export async function POST(request: Request, { params }: { params: Promise<{ job: string }> }) {
  return handleQStashDelivery(request, (await params).job);
}
