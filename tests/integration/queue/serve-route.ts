import http from "node:http";
import type { AddressInfo } from "node:net";

type RouteHandler = (request: Request, context: { params: Promise<{ job: string }> }) => Promise<Response>;

/**
 * Serves the real `app/api/jobs/[job]/route.ts` POST handler on a local port, the way Next would
 * call it (a web Request, params as a promise), so the QStash fake can deliver to it over HTTP.
 */
export async function serveJobRoute(handler: RouteHandler): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const match = /^\/api\/jobs\/([^/?]+)$/.exec(req.url ?? "");
      if (req.method !== "POST" || !match) {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const request = new Request(`http://${req.headers.host}${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) });
      const response = await handler(request, { params: Promise.resolve({ job: decodeURIComponent(match[1]!) }) });
      res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(599).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
