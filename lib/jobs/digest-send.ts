import { z } from "zod";
import { defineJob } from "@/lib/queue";

// digest-send: makes sure one COMPOSED digest is sent (lib/daily-run/send-digest.ts). The first
// message to run sends its digest in a batch with up to 99 others; theirs then find them SENT.
// Queued by user-check with the deduplication id `digest-send:<digestId>`; safe to deliver more than once.

export const digestSendPayloadSchema = z.object({ digestId: z.string().min(1).max(64) });
export type DigestSendPayload = z.infer<typeof digestSendPayloadSchema>;

export const DIGEST_SEND_RETRIES = 3;

export const digestSendJob = defineJob({
  name: "digest-send",
  schema: digestSendPayloadSchema,
  retries: DIGEST_SEND_RETRIES,
});
