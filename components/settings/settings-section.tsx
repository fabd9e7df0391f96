import type { ReactNode } from "react";
import { Card, CardTitle } from "@/components/ui/card";

/** One settings card: a title, a line saying what it is for, and its own small form. */
export function SettingsSection({
  id,
  title,
  description,
  children,
  tone = "normal",
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  tone?: "normal" | "danger";
}) {
  return (
    <Card id={id} aria-labelledby={`${id}-title`} className={tone === "danger" ? "border-red-200" : undefined}>
      <CardTitle id={`${id}-title`} className={tone === "danger" ? "text-red-800" : undefined}>
        {title}
      </CardTitle>
      {description ? <div className="mt-1 text-sm text-slate-600">{description}</div> : null}
      <div className="mt-5">{children}</div>
    </Card>
  );
}
