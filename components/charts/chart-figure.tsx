import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/**
 * A chart with what a screen reader (or anyone) needs without seeing it: a title, a one-sentence
 * summary, the drawing itself (hidden from assistive technology, which gets the summary and table
 * instead), and the data as a table behind a disclosure.
 */
export function ChartFigure({
  id,
  title,
  summary,
  table,
  height,
  children,
}: {
  id: string;
  title: string;
  summary: string;
  table: ReactNode;
  /** The drawing's height in px, when 256 does not suit (a bar per map). */
  height?: number;
  children: ReactNode;
}) {
  return (
    <figure aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`} className="min-w-0" data-testid={id}>
      <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        {title}
      </h3>
      <p id={`${id}-summary`} className="mt-1 text-sm text-slate-600" data-testid="chart-summary">
        {summary}
      </p>
      <div aria-hidden className="mt-3 h-64 w-full min-w-0" style={height ? { height } : undefined} data-testid="chart-drawing">
        {children}
      </div>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand-700 hover:underline">Show the data as a table</summary>
        <div className="mt-2 max-h-80 overflow-auto rounded-lg border border-slate-200">{table}</div>
      </details>
    </figure>
  );
}

/** Said in words instead of an empty axis. */
export function ChartEmpty({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <figure aria-labelledby={`${id}-title`} className="min-w-0" data-testid={id}>
      <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        {title}
      </h3>
      <p className="mt-3 rounded-lg border border-dashed border-slate-300 bg-slate-50 px-4 py-8 text-center text-sm text-slate-600" data-testid="chart-empty">
        {children}
      </p>
    </figure>
  );
}

/**
 * The plain table under a chart. In a box narrower than 28rem (a phone, or a half-width card) a
 * table of three columns or more stacks instead of scrolling sideways: each row becomes a small
 * card, two cells to a line, each cell under its column's name, so no column is ever out of view.
 * It stays a real table for screen readers: the header row is only hidden from sight, and the
 * explicit roles keep the table's semantics once CSS changes how its parts display (browsers drop
 * them otherwise); the names drawn above stacked cells are hidden from assistive technology, which
 * announces the column headers instead.
 */
export function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: ReactNode[][] }) {
  const stacks = head.length > 2;
  return (
    <div className="@container">
      <table role="table" className={cn("w-full text-left text-sm", stacks && "@max-md:block")}>
        <caption className="sr-only">{caption}</caption>
        <thead role="rowgroup" className={cn("bg-slate-50 text-xs font-semibold uppercase tracking-wide text-slate-600", stacks ? "@max-md:sr-only @md:sticky @md:top-0" : "sticky top-0")}>
          <tr role="row">
            {head.map((cell) => (
              <th key={cell} role="columnheader" scope="col" className="px-3 py-2">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup" className={cn("divide-y divide-slate-100", stacks && "@max-md:block")}>
          {rows.map((row, index) => (
            <tr key={index} role="row" className={stacks ? "@max-md:grid @max-md:grid-cols-2 @max-md:gap-x-4 @max-md:gap-y-1.5 @max-md:px-3 @max-md:py-2" : undefined}>
              {row.map((cell, column) => (
                <td key={column} role="cell" className={cn("px-3 py-1.5 tabular-nums text-slate-800", stacks && "@max-md:block @max-md:min-w-0 @max-md:p-0 @max-md:wrap-anywhere")}>
                  {stacks ? (
                    <span aria-hidden className="hidden text-[11px] font-semibold uppercase tracking-wide text-slate-500 @max-md:block">
                      {head[column]}
                    </span>
                  ) : null}
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The box a chart's tooltip draws in. */
export function TooltipBox({ children }: { children: ReactNode }) {
  return <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs text-slate-800 shadow-md">{children}</div>;
}
