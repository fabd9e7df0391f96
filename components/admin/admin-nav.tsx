import { AppNav } from "@/components/app/app-nav";
import { getConfig } from "@/lib/config";

const items = [
  { href: "/admin/overview", label: "Overview" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/config", label: "Limits" },
  { href: "/admin/daily-runs", label: "Daily runs" },
  { href: "/admin/outbox", label: "Outbox" },
  { href: "/admin/jobs", label: "Jobs" },
];

export function AdminNav() {
  // The sandbox page only exists while the sandbox stands in for Trackmania's services.
  const sandbox = getConfig().drivers.trackmania === "sandbox";
  return (
    <div className="mb-6 border-b border-slate-200 pb-2">
      <AppNav label="Admin" menuLabel="Admin pages" items={sandbox ? [...items, { href: "/admin/sandbox", label: "Sandbox" }] : items} />
    </div>
  );
}
