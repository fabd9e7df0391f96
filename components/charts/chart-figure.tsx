import type { ReactNode } from "react";

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

/** The plain table under a chart. */
export function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="sticky top-0 bg-slate-50 text-xs font-semibold uppercase tracking-wide text-slate-600">
        <tr>
          {head.map((cell) => (
            <th key={cell} scope="col" className="px-3 py-2">
              {cell}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((row, index) => (
          <tr key={index}>
            {row.map((cell, column) => (
              <td key={column} className="px-3 py-1.5 tabular-nums text-slate-800">
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The box a chart's tooltip draws in. */
export function TooltipBox({ children }: { children: ReactNode }) {
  return <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs text-slate-800 shadow-md">{children}</div>;
}
