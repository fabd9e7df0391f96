import { Badge } from "@/components/ui/badge";
import type { DigestStatus } from "@/lib/generated/prisma/enums";

const labels: Record<DigestStatus, { label: string; tone: "success" | "neutral" | "danger" | "info" }> = {
  SENT: { label: "sent", tone: "success" },
  EMPTY: { label: "no new records", tone: "neutral" },
  FAILED: { label: "failed", tone: "danger" },
  PENDING: { label: "pending", tone: "info" },
  COMPOSED: { label: "pending", tone: "info" },
  NOT_EMAILED: { label: "not emailed", tone: "neutral" },
  MAYBE_SENT: { label: "may have been sent", tone: "neutral" },
};

export function digestStatusLabel(status: DigestStatus): string {
  return labels[status].label;
}

export function DigestStatusBadge({ status }: { status: DigestStatus }) {
  const { label, tone } = labels[status];
  return <Badge tone={tone}>{label}</Badge>;
}

const sentFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * A FAILED digest that was never composed is a check that failed, not an email that failed: there
 * are no records and no email to show, only the reason.
 */
export function isFailedCheck(digest: { status: DigestStatus; composedAt: Date | null }): boolean {
  return digest.status === "FAILED" && digest.composedAt === null;
}

/** One line saying where the digest stands, in the reader's words; `clockLabel` names the clock its times are on. */
export function digestStatusLine(
  digest: {
    status: DigestStatus;
    error: string | null;
    sentAt: Date | null;
    composedAt: Date | null;
    recordCount: number;
  },
  clockLabel: string,
): string {
  switch (digest.status) {
    case "SENT":
      return `Emailed${digest.sentAt ? ` ${sentFormat.format(digest.sentAt)} (${clockLabel})` : ""}.`;
    case "EMPTY":
      return "Checked: nothing new on your watched maps, so no email was sent.";
    case "FAILED":
      if (digest.error) return digest.error;
      return isFailedCheck(digest)
        ? "Your maps could not be checked this time. Anything new will be in your next digest."
        : "The email could not be sent.";
    case "PENDING":
      return "Your maps are being checked.";
    case "COMPOSED":
      return digest.error ?? "Ready and waiting to be emailed.";
    case "NOT_EMAILED":
      return "Kept here, not emailed: email notifications were off. Turn them on in Settings to get the next one by email.";
    case "MAYBE_SENT":
      return digest.error ?? "This email may have been sent: the email service never confirmed it, so it is not sent again (you could get it twice).";
  }
}
