import { cn } from "./cn";

/** Every link in a previewed email opens in a new tab, as it would from a mail client. */
function withLinksInNewTabs(html: string): string {
  const base = '<base target="_blank">';
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => `${head}${base}`) : `${base}${html}`;
}

/**
 * An email shown as its reader sees it. The sandbox runs none of its scripts and keeps it away from
 * this page's session; popups are allowed (and leave the sandbox) so its links and buttons open.
 */
export function EmailFrame({ title, html, className }: { title: string; html: string; className?: string }) {
  return (
    <iframe
      title={title}
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      srcDoc={withLinksInNewTabs(html)}
      className={cn("w-full rounded-xl border border-slate-200 bg-white", className)}
    />
  );
}
