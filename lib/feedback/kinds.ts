/**
 * What the feedback form and the inbox share, without zod or server code (the form is a client
 * component): the kinds with their labels, and the length limits.
 */
export const FEEDBACK_KINDS = ["BUG", "IDEA", "OTHER"] as const;
export type FeedbackKindName = (typeof FEEDBACK_KINDS)[number];

export const FEEDBACK_KIND_LABELS: Record<FeedbackKindName, string> = { BUG: "Bug", IDEA: "Idea", OTHER: "Other" };

export const FEEDBACK_MESSAGE_MAX = 2_000;
export const FEEDBACK_REPLY_MAX = 5_000;
/** Once this many of a user's messages are unread, they cannot send more until an admin reads one. */
export const FEEDBACK_UNREAD_CAP = 20;
export const FEEDBACK_PAGE_SIZE = 20;
