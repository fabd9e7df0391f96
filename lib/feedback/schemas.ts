import { z } from "zod";
import { inputText } from "@/lib/http/input-text-schemas";
import { FEEDBACK_KINDS, FEEDBACK_MESSAGE_MAX, FEEDBACK_REPLY_MAX } from "./kinds";
import { sameSitePagePath } from "./page-path";

/** Inputs of the feedback domain, parsed at its edge (actions pass raw form values). */

const feedbackId = z.string().trim().min(1, "Which message?").max(64);

/** Form posts send line breaks as CRLF; store them as typed, one "\n" each, so lengths count what the user sees. */
const normalizeLineBreaks = (text: unknown) => (typeof text === "string" ? text.replace(/\r\n?/g, "\n") : text);

export const sendFeedbackSchema = z.object({
  kind: z.enum(FEEDBACK_KINDS, "Choose bug, idea or other."),
  message: z.preprocess(
    normalizeLineBreaks,
    inputText("Write a message.", { multiline: true })
      .trim()
      .min(1, "Write a message.")
      .max(FEEDBACK_MESSAGE_MAX, `Keep it to ${FEEDBACK_MESSAGE_MAX.toLocaleString("en-US")} characters or fewer.`),
  ),
  /** Where the user came from; anything but a same-site path is dropped. */
  page: z.unknown().optional().transform(sameSitePagePath),
});
export type SendFeedbackInput = z.input<typeof sendFeedbackSchema>;

export const feedbackFilters = ["unread", "all"] as const;
export type FeedbackFilter = (typeof feedbackFilters)[number];

/** The inbox's query string, leniently: a missing or malformed value takes its default. */
export const feedbackListQuerySchema = z.object({
  filter: z.enum(feedbackFilters).catch("unread"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type FeedbackListQuery = z.input<typeof feedbackListQuerySchema>;

export const feedbackIdSchema = z.object({ id: feedbackId });

/** `read` as a boolean, or as the inbox's buttons post it ("true"/"false"); anything else is refused. */
export const setFeedbackReadSchema = z.object({
  id: feedbackId,
  read: z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")], "Choose read or unread."),
});
export type SetFeedbackReadInput = z.input<typeof setFeedbackReadSchema>;

export const replyToFeedbackSchema = z.object({
  id: feedbackId,
  message: z.preprocess(
    normalizeLineBreaks,
    inputText("Write your answer.", { multiline: true })
      .trim()
      .min(1, "Write your answer.")
      .max(FEEDBACK_REPLY_MAX, `Keep the answer to ${FEEDBACK_REPLY_MAX.toLocaleString("en-US")} characters or fewer.`),
  ),
});
export type ReplyToFeedbackInput = z.input<typeof replyToFeedbackSchema>;
