import "server-only";

/** Digests: composing them from check results, and reading them back for the history pages. */
export { composeDigest, MAX_DIGEST_HTML_BYTES, type ComposeDigestOptions, type ComposedDigest } from "./compose-digest";
export { getDigestForUser, type DigestDetail } from "./get-digest";
export { listDigestsForUser, type DigestSummary, type ListDigestsOptions } from "./list-digests";
export * from "./content";
