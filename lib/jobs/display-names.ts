import { z } from "zod";
import { defineJob } from "@/lib/queue";

// display-names: resolves account ids a page met without a cached name (lib/player-names), in the
// background and within the Trackmania client's shared rate, so no GET waits on or spends a request.

export const displayNamesPayloadSchema = z.object({
  accountIds: z.array(z.string().trim().min(1).max(64)).min(1).max(200),
});
export type DisplayNamesPayload = z.infer<typeof displayNamesPayloadSchema>;

export const displayNamesJob = defineJob({
  name: "display-names",
  schema: displayNamesPayloadSchema,
  retries: 2,
  // One at a time across the site: names are a nicety and never crowd out checks or searches.
  flowControl: { key: "display-names", parallelism: 1 },
});
