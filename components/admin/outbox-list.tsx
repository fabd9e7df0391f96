import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { OutboxEmailPage } from "@/lib/mail";

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function OutboxList({ page, to }: { page: OutboxEmailPage; to?: string }) {
  if (page.emails.length === 0) {
    return (
      <Card className="text-center text-sm text-slate-600">
        {to ? `No email to ${to} yet.` : "The outbox is empty. Emails appear here as soon as Trackwatch sends one."}
      </Card>
    );
  }
  return (
    <div className="space-y-4">
      <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-500">
            <tr>
              <th className="px-4 py-2 font-medium">Subject</th>
              <th className="px-4 py-2 font-medium">To</th>
              <th className="px-4 py-2 font-medium">Created (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {page.emails.map((email) => (
              <tr key={email.id} className="border-t border-slate-100 hover:bg-slate-50">
                <td className="px-4 py-2">
                  <Link href={`/admin/outbox/${email.id}`} className="font-medium text-brand-700 hover:underline">
                    {email.subject}
                  </Link>
                </td>
                <td className="px-4 py-2 text-slate-600">{email.to.join(", ")}</td>
                <td className="px-4 py-2 whitespace-nowrap text-slate-600">{dateFormat.format(email.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.nextCursor ? (
        <Link
          className="text-sm font-medium text-brand-700 hover:underline"
          href={`/admin/outbox?cursor=${encodeURIComponent(page.nextCursor)}${to ? `&to=${encodeURIComponent(to)}` : ""}`}
        >
          Older emails →
        </Link>
      ) : null}
    </div>
  );
}
