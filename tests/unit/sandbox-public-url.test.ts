import { describe, expect, it } from "vitest";
import { createSandbox } from "@/lib/trackmania/sandbox";

describe("sandbox public URL", () => {
  it("builds thumbnail URLs a browser can follow when it is mounted in the app", async () => {
    const sandbox = createSandbox({ publicUrl: "http://localhost:3000/sandbox/" });
    const uid = sandbox.world.maps(sandbox.wellKnown.smallMapper.accountId)[0]!.uid;
    const token = await sandbox
      .fetch(`${sandbox.urls.core}/v2/authentication/token/basic`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${sandbox.credentials.serverLogin}:${sandbox.credentials.serverPassword}`).toString("base64")}`,
          "content-type": "application/json",
          "user-agent": "test",
        },
        body: JSON.stringify({ audience: "NadeoLiveServices" }),
      })
      .then((response) => response.json() as Promise<{ accessToken: string }>);
    const answer = await sandbox
      .fetch(`${sandbox.urls.live}/api/token/map/${uid}`, {
        headers: { authorization: `nadeo_v1 t=${token.accessToken}`, "user-agent": "test" },
      })
      .then((response) => response.json() as Promise<{ thumbnailUrl: string }>);
    expect(answer.thumbnailUrl).toBe(`http://localhost:3000/sandbox/core/thumbnails/${uid}.svg`);

    // …and the sandbox answers that path once the app strips its /sandbox mount.
    const svg = await sandbox.handle(new Request(`http://localhost:3000/core/thumbnails/${uid}.svg`));
    expect(svg.headers.get("content-type")).toContain("image/svg+xml");
  });
});
