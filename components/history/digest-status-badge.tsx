import { Badge } from "@/components/ui/badge";
import type { DigestStatus } from "@/lib/generated/prisma/enums";

const labels: Record<DigestStatus, { label: string; tone: "success" | "neutral" | "danger" | "info" }> = {
  SENT: { label: "sent", tone: "success" },
  EMPTY: { label: "no new records", tone: "neutral" },
  FAILED: { label: "failed", tone: "danger" },
  PENDING: { label: "pending", tone: "info" },
  COMPOSED: { label: "pending", tone: "info" },
};

export function DigestStatusBadge({ status }: { status: DigestStatus }) {
  const { label, tone } = labels[status];
  return <Badge tone={tone}>{label}</Badge>;
}

const sentFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** One line saying where the digest stands, in the reader's words. */
export function digestStatusLine(digest: { status: DigestStatus; error: string | null; sentAt: Date | null; recordCount: number }): string {
  switch (digest.status) {
    case "SENT":
      return `Emailed${digest.sentAt ? ` ${sentFormat.format(digest.sentAt)} UTC` : ""}.`;
    case "EMPTY":
      return "Checked: nothing new on your watched maps, so no email was sent.";
    case "FAILED":
      return digest.error ?? "The email could not be sent.";
    case "PENDING":
      return "Your maps are being checked.";
    case "COMPOSED":
      return digest.error ?? "Ready and waiting to be emailed.";
  }
}
