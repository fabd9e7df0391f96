import { AppNav } from "@/components/app/app-nav";
import type { ActingUser } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { countUnreadFeedback } from "@/lib/feedback";

const items = [
  { href: "/admin/overview", label: "Overview" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/config", label: "Limits" },
  { href: "/admin/daily-runs", label: "Daily runs" },
  { href: "/admin/outbox", label: "Outbox" },
  { href: "/admin/feedback", label: "Feedback" },
];

export async function AdminNav({ admin }: { admin: ActingUser }) {
  // The sandbox page only exists while the sandbox stands in for Trackmania's services.
  const sandbox = getConfig().drivers.trackmania === "sandbox";
  const unread = await countUnreadFeedback(admin);
  const all = items.map((item) =>
    item.href === "/admin/feedback" ? { ...item, label: unread > 0 ? `Feedback (${unread})` : "Feedback", ariaLabel: `Feedback, ${unread} unread` } : item,
  );
  return (
    <div className="mb-6 border-b border-slate-200 pb-2">
      <AppNav label="Admin" menuLabel="Admin pages" items={sandbox ? [...all, { href: "/admin/sandbox", label: "Sandbox" }] : all} />
    </div>
  );
}
