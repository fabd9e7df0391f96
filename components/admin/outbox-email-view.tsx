import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmailFrame } from "@/components/ui/email-frame";
import type { OutboxEmail } from "@/lib/mail";

export function OutboxEmailView({ email }: { email: OutboxEmail }) {
  const headers = Object.entries(email.headers);
  return (
    <div className="space-y-6">
      <Link href="/admin/outbox" className="text-sm font-medium text-brand-700 hover:underline">
        ← Outbox
      </Link>
      <Card>
        <h1 className="text-xl font-semibold">{email.subject}</h1>
        <dl className="mt-3 grid grid-cols-1 gap-x-4 text-sm sm:grid-cols-[11rem_minmax(0,1fr)] sm:gap-y-1 [&>dd]:mb-2 sm:[&>dd]:mb-0 [&_dd]:min-w-0 [&_dd]:break-words">
          <dt className="text-slate-500">From</dt>
          <dd>{email.from}</dd>
          <dt className="text-slate-500">To</dt>
          <dd>{email.to.join(", ")}</dd>
          <dt className="text-slate-500">Created</dt>
          <dd>
            <time dateTime={email.createdAt.toISOString()}>{email.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC</time>
          </dd>
          {headers.map(([name, value]) => (
            <div key={name} className="contents">
              <dt className="text-slate-500">{name}</dt>
              <dd className="mb-2 break-all sm:mb-0">{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <section aria-label="HTML preview">
        <h2 className="mb-2 text-sm font-semibold text-slate-700">HTML</h2>
        <EmailFrame title={`Email: ${email.subject}`} html={email.html} className="h-[640px]" />
      </section>
      <section aria-label="Plain text">
        <h2 className="mb-2 text-sm font-semibold text-slate-700">Plain text</h2>
        <pre className="overflow-x-auto rounded-xl border border-slate-200 bg-white p-4 text-sm whitespace-pre-wrap" tabIndex={0} aria-label="The email as plain text">{email.text}</pre>
      </section>
    </div>
  );
}
