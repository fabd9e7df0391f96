import { describe, expect, it } from "vitest";
import { z } from "zod";
import { POST } from "@/app/api/jobs/[job]/route";
import { getConfig } from "@/lib/config";
import { defineJob } from "@/lib/queue";
import { signQStashJwt } from "@/tests/fakes/qstash";

// With the in-process driver (no QStash variables, as in this file's environment) nothing outside
// the app may start a job: the callback route refuses every request, however it is signed and whether
// or not the job exists, with the same 401 an unsigned request gets (nothing tells which jobs exist).

for (const name of ["QSTASH_TOKEN", "QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY"]) delete process.env[name];

let ran = 0;
defineJob({
  name: "guarded-test",
  schema: z.object({}),
  handle: async () => {
    ran += 1;
  },
});

describe("POST /api/jobs/[job] without QStash", () => {
  it("refuses signed and unsigned requests alike", async () => {
    expect(getConfig().drivers.queue).toBe("in-process");
    const body = JSON.stringify({ payload: {} });
    const url = `${getConfig().APP_URL}/api/jobs/guarded-test`;
    const answers = new Set<string>();
    for (const job of ["guarded-test", "no-such-job"]) {
      for (const signature of [undefined, signQStashJwt({ key: "any-key", url, body })]) {
        const request = new Request(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...(signature ? { "upstash-signature": signature } : {}) },
          body,
        });
        const response = await POST(request, { params: Promise.resolve({ job }) });
        expect(response.status).toBe(401);
        answers.add(await response.text());
      }
    }
    expect(answers.size).toBe(1);
    expect(ran).toBe(0);
  });
});
