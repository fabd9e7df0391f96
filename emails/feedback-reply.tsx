import { Section, Text } from "@react-email/components";
import { EmailHeading, EmailLayout, Paragraph, emailColors } from "./components/layout";

export type FeedbackReplyProps = {
  /** Who the email greets ("Hi Sam,"): always `greetingName(user)` from lib/users, the one rule Settings promises. */
  name: string;
  /** The admin's answer, as typed (line breaks kept). */
  reply: string;
  /** The user's original message, quoted below the answer. */
  original: string;
  /** "Bug", "Idea" or "Other". */
  kindLabel: string;
  /** When the original was sent, already formatted ("2 Dec 2026, 09:14 UTC"). */
  sentAt: string;
};

export const subject = "Re: your feedback to Trackwatch";

/** Realistic data for the React Email preview and for tests. */
export const previewProps: FeedbackReplyProps = {
  name: "Scrapie",
  reply:
    "Thanks for the report! The digest was cut short because the map had more than 20 new records that day; the full list is in your history.\n\nWe will add a link to it in the email.",
  original: "My digest this morning only listed 20 records on Winter Sprint 04, but the leaderboard shows 27 new ones since yesterday.",
  kindLabel: "Bug",
  sentAt: "2 Dec 2026, 09:14 UTC",
};

const quoteStyle = {
  borderLeft: `3px solid ${emailColors.rule}`,
  color: emailColors.muted,
  fontSize: "14px",
  lineHeight: "22px",
  margin: "8px 0 16px",
  padding: "0 0 0 12px",
  whiteSpace: "pre-wrap" as const,
};

export function FeedbackReply({
  name = previewProps.name,
  reply = previewProps.reply,
  original = previewProps.original,
  kindLabel = previewProps.kindLabel,
  sentAt = previewProps.sentAt,
}: FeedbackReplyProps) {
  return (
    <EmailLayout
      preview="An answer to the feedback you sent Trackwatch."
      reason="You get this email because you sent feedback from your Trackwatch account. To add something, send more feedback from Trackwatch."
    >
      <EmailHeading>An answer to your feedback</EmailHeading>
      <Paragraph>Hi {name},</Paragraph>
      <Text style={{ color: emailColors.ink, fontSize: "15px", lineHeight: "24px", margin: "12px 0", whiteSpace: "pre-wrap" }}>{reply}</Text>
      <Section>
        <Text style={{ color: emailColors.muted, fontSize: "13px", margin: "16px 0 0" }}>
          You wrote ({kindLabel.toLowerCase()}, {sentAt}):
        </Text>
        <Text style={quoteStyle}>{original}</Text>
      </Section>
    </EmailLayout>
  );
}

// React Email's preview server renders the default export with these.
FeedbackReply.PreviewProps = previewProps;

export default FeedbackReply;
