import { userRoute } from "@/lib/actions/door";
import { AppError, toResponse } from "@/lib/errors";
import { readFormBody } from "@/lib/http";
import { importDriverWatches, importDriverWatchesSchema, type WatchImportLine } from "@/lib/watches";

const MAX_FORM_BYTES = 4 * 1024;

// POST /api/watches/import – imports the current campaign or this month's Tracks of the Day
// (`source=campaign|totd`, form-encoded), answering NDJSON lines as each map is read.
export const POST = userRoute(async (request, { actor }) => {
  // Cookies ride along on cross-site posts a page could forge; only this app's own pages may start one.
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (origin !== null && (!URL.canParse(origin) || new URL(origin).host !== host)) {
    throw new AppError("forbidden:origin", "This import was started from another site.");
  }
  const fields = await readFormBody(request, MAX_FORM_BYTES);
  const input = importDriverWatchesSchema.parse({ source: fields.get("source") });
  const encoder = new TextEncoder();
  let push: ((line: WatchImportLine) => void) | null = null;
  let firstProgress: () => void = () => {};
  const started = new Promise<void>((resolve) => (firstProgress = resolve));
  const queued: WatchImportLine[] = [];
  let gone = false;

  const work = importDriverWatches(actor, input, {
    onProgress: (progress) => {
      const line: WatchImportLine = { type: "progress", ...progress };
      if (push) push(line);
      else queued.push(line);
      firstProgress();
    },
  });
  // Refusals (no account, limit reached, bad source, rate limit) come before any progress: they are
  // answered with their own status, like any other route. After the first map the answer is a stream.
  const outcome = await Promise.race([started.then(() => "streaming" as const), work.then(() => "finished" as const, () => "failed" as const)]);
  if (outcome === "failed" && queued.length === 0) return toResponse(await work.catch((error: unknown) => error));

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: WatchImportLine) => {
        // A browser that went away stops reading, not the import: its watches are there on the next visit.
        if (!gone) controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      };
      for (const line of queued.splice(0)) send(line);
      push = send;
      try {
        send({ type: "done", result: await work });
      } catch (error) {
        const message = error instanceof AppError ? error.message : "Something went wrong on our side. It has been logged.";
        if (!(error instanceof AppError)) console.error("[watches] import failed:", error);
        send({ type: "error", message });
      } finally {
        push = null;
        if (!gone) controller.close();
      }
    },
    cancel() {
      gone = true;
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "cache-control": "no-store",
      // Proxies that buffer would hold every line until the end.
      "x-accel-buffering": "no",
    },
  });
});
