import { Card } from "@/components/ui/card";

/** Shown on sections whose feature has not shipped yet, saying plainly what will be here. */
export function NotYetAvailable({ what }: { what: string }) {
  return (
    <Card className="border-dashed text-center">
      <p className="font-medium text-slate-900">Not available yet</p>
      <p className="mx-auto mt-1 max-w-lg text-sm text-slate-600">{what}</p>
    </Card>
  );
}
