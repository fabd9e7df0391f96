/**
 * Feedback from signed-in users to the admins: users send it (capped and rate-limited), admins read,
 * answer by email and delete it in the inbox.
 */
export { countUnreadFeedback } from "./count-unread-feedback";
export { deleteFeedback } from "./delete-feedback";
export {
  FEEDBACK_KIND_LABELS,
  FEEDBACK_KINDS,
  FEEDBACK_MESSAGE_MAX,
  FEEDBACK_PAGE_SIZE,
  FEEDBACK_REPLY_MAX,
  FEEDBACK_UNREAD_CAP,
  type FeedbackKindName,
} from "./kinds";
export { listFeedbackForAdmin, type FeedbackPage, type FeedbackView } from "./list-feedback-for-admin";
export { sameSitePagePath } from "./page-path";
export { replyToFeedback } from "./reply-to-feedback";
export {
  feedbackFilters,
  feedbackListQuerySchema,
  type FeedbackFilter,
  type FeedbackListQuery,
  type ReplyToFeedbackInput,
  type SendFeedbackInput,
  type SetFeedbackReadInput,
  feedbackIdSchema,
  replyToFeedbackSchema,
  sendFeedbackSchema,
  setFeedbackReadSchema,
} from "./schemas";
export { sendFeedback } from "./send-feedback";
export { setFeedbackRead } from "./set-feedback-read";
