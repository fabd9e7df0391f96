import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { FeedbackInbox } from "@/components/admin/feedback-inbox";
import { requireAdminPage } from "@/lib/auth/session";
import { readSearchParams } from "@/lib/http";
import { countUnreadFeedback, listFeedbackForAdmin } from "@/lib/feedback";

export const metadata: Metadata = { title: "Feedback" };

export default async function FeedbackInboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdminPage("/admin/feedback");
  const { filter, page } = readSearchParams(await searchParams, ["filter", "page"]);
  // The domain reads the query leniently: a missing or malformed filter or page takes its default.
  const [inbox, unreadCount] = await Promise.all([
    listFeedbackForAdmin(admin, { filter: filter as never, page: page as never }),
    countUnreadFeedback(admin),
  ]);
  return (
    <>
      <PageHeader
        title="Feedback"
        description="Messages users sent from the feedback form. Reading one lets its sender send again once they hit the cap of 20 unread; an answer goes to them by email."
      />
      <FeedbackInbox inbox={inbox} unreadCount={unreadCount} />
    </>
  );
}
