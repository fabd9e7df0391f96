import { randomBytes } from "node:crypto";
import { POST } from "@/app/api/jobs/[job]/route";
import { startQStashFake, type QStashFake, type QStashFakeOptions } from "@/tests/fakes/qstash";
import { serveJobRoute } from "./serve-route";

/**
 * The QStash side of the queue tests: the real job route served over HTTP, the local QStash fake
 * delivering signed requests to it, and the environment that makes the app's config choose QStash.
 * The route verifies signatures with the real Receiver using the keys from getConfig(), which parses
 * the environment once per test file: start this before anything in the file calls getConfig().
 */

export const randomSecret = (prefix: string) => `${prefix}_${randomBytes(16).toString("hex")}`;

export interface QStashKeys {
  currentSigningKey: string;
  nextSigningKey: string;
  token: string;
}

export interface QStashEnvironment {
  keys: QStashKeys;
  /** Where the job route is served: APP_URL. */
  appUrl: string;
  fake: QStashFake;
  /** A request to the route as QStash would send it, with a signature the test controls. */
  post(job: string, body: string, signature?: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startQStashEnvironment(
  fakeOptions: Omit<QStashFakeOptions, keyof QStashKeys> = {},
): Promise<QStashEnvironment> {
  const keys: QStashKeys = {
    currentSigningKey: randomSecret("sig_current"),
    nextSigningKey: randomSecret("sig_next"),
    token: randomSecret("qstash_token"),
  };
  const app = await serveJobRoute(POST);
  const fake = await startQStashFake({ ...keys, ...fakeOptions });
  process.env.APP_URL = app.url;
  process.env.QSTASH_URL = fake.url;
  process.env.QSTASH_TOKEN = keys.token;
  process.env.QSTASH_CURRENT_SIGNING_KEY = keys.currentSigningKey;
  process.env.QSTASH_NEXT_SIGNING_KEY = keys.nextSigningKey;

  return {
    keys,
    appUrl: app.url,
    fake,
    post: (job, body, signature, headers = {}) =>
      fetch(`${app.url}/api/jobs/${job}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(signature ? { "upstash-signature": signature } : {}), ...headers },
        body,
      }),
    async close() {
      await fake.close();
      await app.close();
    },
  };
}
