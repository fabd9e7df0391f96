import { Badge } from "@/components/ui/badge";

/** What an admin needs to know of an account at a glance: role, disabled, unconfirmed. */
export function UserStatusBadges({ role, disabled, confirmed }: { role: "USER" | "ADMIN"; disabled: boolean; confirmed: boolean }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {role === "ADMIN" ? <Badge tone="info">admin</Badge> : null}
      {disabled ? <Badge tone="danger">disabled</Badge> : null}
      {confirmed ? null : <Badge tone="warning">unconfirmed</Badge>}
    </span>
  );
}
