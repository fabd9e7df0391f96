import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable } from "@/components/charts/chart-figure";

// The table under each chart: in a narrow box (a 375 px phone) a table of three or more columns
// stacks its rows instead of scrolling sideways, so the world record's Driver and Gain stay in
// view; it stays a table, with headers, for screen readers.

const worldRecords = () =>
  renderToStaticMarkup(
    createElement(DataTable, {
      caption: "Every world record, oldest first",
      head: ["Driven", "Time", "Driver", "Gain"],
      rows: [
        ["24 Nov 2026", "0:42.257", "BigMapperBea", "—"],
        ["25 Nov 2026", "0:42.137", "xXFeralPancakeXx4", "-0.120"],
      ],
    }),
  );

const cells = (html: string) => [...html.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((match) => match[1]!);

describe("chart data tables", () => {
  it("stack in a box narrower than 28rem: rows become grids, the header row is hidden from sight only", () => {
    const html = worldRecords();
    expect(html).toMatch(/<div class="@container">/);
    expect(html).toMatch(/<table role="table" class="[^"]*@max-md:block/);
    expect(html).toMatch(/<thead role="rowgroup" class="[^"]*@max-md:sr-only/);
    expect(html).toMatch(/<tr role="row" class="[^"]*@max-md:grid @max-md:grid-cols-2/);
    // Long names wrap inside their half of the card instead of pushing it wider.
    expect(html).toMatch(/<td role="cell" class="[^"]*@max-md:wrap-anywhere/);
    expect(html).not.toMatch(/overflow-x-(auto|scroll)/);
  });

  it("name each stacked cell's column beside its value, hidden from screen readers, which read the headers", () => {
    const html = worldRecords();
    expect(html).toContain("<caption class=\"sr-only\">Every world record, oldest first</caption>");
    expect([...html.matchAll(/<th role="columnheader" scope="col"[^>]*>(.*?)<\/th>/g)].map((match) => match[1])).toEqual(["Driven", "Time", "Driver", "Gain"]);
    const [driven, time, driver, gain] = cells(html);
    expect(driven).toBe('<span aria-hidden="true" class="hidden text-[11px] font-semibold uppercase tracking-wide text-slate-500 @max-md:block">Driven</span>24 Nov 2026');
    expect(time).toContain(">Time</span>0:42.257");
    expect(driver).toContain(">Driver</span>BigMapperBea");
    expect(gain).toContain(">Gain</span>—");
  });

  it("leave two-column tables as they are: they fit a phone", () => {
    const html = renderToStaticMarkup(createElement(DataTable, { caption: "New records per day (UTC)", head: ["Day (UTC)", "Records"], rows: [["3 Dec 2026", 4]] }));
    expect(html).not.toContain("@max-md");
    expect(html).not.toContain("aria-hidden");
    expect(cells(html)).toEqual(["3 Dec 2026", "4"]);
  });
});
