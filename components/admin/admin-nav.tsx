import { AppNav } from "@/components/app/app-nav";
import type { ActingUser } from "@/lib/actor";
import { getConfig } from "@/lib/config";
import { getQueueBacklog } from "@/lib/admin";
import { countUnreadFeedback } from "@/lib/feedback";

const items = [
  { href: "/admin/overview", label: "Overview" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/config", label: "Limits" },
  { href: "/admin/daily-runs", label: "Daily runs" },
  { href: "/admin/outbox", label: "Outbox" },
  { href: "/admin/feedback", label: "Feedback" },
  { href: "/admin/jobs", label: "Jobs" },
];

export async function AdminNav({ admin }: { admin: ActingUser }) {
  // The sandbox page only exists while the sandbox stands in for Trackmania's services.
  const sandbox = getConfig().drivers.trackmania === "sandbox";
  const [unread, backlog] = await Promise.all([countUnreadFeedback(admin), getQueueBacklog(admin)]);
  const failed = backlog.counts.FAILED;
  const all = items.map((item) => {
    if (item.href === "/admin/feedback") return { ...item, label: unread > 0 ? `Feedback (${unread})` : "Feedback", ariaLabel: `Feedback, ${unread} unread` };
    if (item.href === "/admin/jobs") return { ...item, label: failed > 0 ? `Jobs (${failed} failed)` : "Jobs", ariaLabel: `Jobs, ${failed} failed` };
    return item;
  });
  return (
    <div className="mb-6 border-b border-slate-200 pb-2">
      <AppNav label="Admin" menuLabel="Admin pages" items={sandbox ? [...all, { href: "/admin/sandbox", label: "Sandbox" }] : all} />
    </div>
  );
}
