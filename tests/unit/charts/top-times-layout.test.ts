import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TopTimesChart } from "@/components/charts/top-times-chart";
import {
  TOP_TIMES_LAYOUT,
  topTimesChartHeight,
  topTimesLabelBoxes,
  topTimesRowLabel,
  type LabelBox,
} from "@/components/charts/top-times-layout";

// The map page's "Top 10 times" chart: driver labels never overlap one another or the plot, however
// close the times or dates, at any width (the labels' places do not depend on it).

const intersects = (a: LabelBox, b: LabelBox) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** A board where everyone drove on the same day within a few hundredths: the case that stacked #6 on #9. */
function crowdedBoard(count: number, name: (index: number) => string) {
  return Array.from({ length: count }, (_, index) => topTimesRowLabel(index + 1, name(index)));
}

describe("top-10 chart labels", () => {
  it("never intersect, for 1 to 10 drivers with short, long and wide names", () => {
    const names = [(i: number) => `D${i}`, (i: number) => `BigMapperBea${i}TheSecond`, () => "WWWWWWWWWWWWWWWWWWWWWWWW", () => "BigMapperBea"];
    for (const name of names) {
      for (let count = 1; count <= 10; count++) {
        const boxes = topTimesLabelBoxes(crowdedBoard(count, name));
        for (let a = 0; a < boxes.length; a++) {
          for (let b = a + 1; b < boxes.length; b++) {
            expect(intersects(boxes[a]!, boxes[b]!), `${count} drivers: #${a + 1} and #${b + 1}`).toBe(false);
          }
        }
      }
    }
  });

  it("stay inside their column, left of the plot, and inside the drawing's height", () => {
    const { labelColumnWidth, margin, dateAxisHeight } = TOP_TIMES_LAYOUT;
    for (let count = 1; count <= 10; count++) {
      const labels = crowdedBoard(count, () => "AnExtremelyLongTrackmaniaName");
      const height = topTimesChartHeight(count);
      for (const box of topTimesLabelBoxes(labels)) {
        expect(box.left).toBeGreaterThanOrEqual(margin.left);
        expect(box.right).toBeLessThanOrEqual(margin.left + labelColumnWidth);
        expect(box.top).toBeGreaterThanOrEqual(margin.top);
        expect(box.bottom).toBeLessThanOrEqual(height - margin.bottom - dateAxisHeight);
      }
    }
  });

  it("leaves the plot at least 150 px at 375 px (a phone) and more at 1280 px", () => {
    // 375: page padding 2×16, card padding 2×16; 1280: half of the max-w-6xl page (1152 less 2×16
    // padding and the 24 px gap), less the card's 2×24 padding.
    for (const [cardWidth, min] of [[375 - 64, 150], [(1152 - 32 - 24) / 2 - 48, 300]] as const) {
      const { labelColumnWidth, margin } = TOP_TIMES_LAYOUT;
      expect(cardWidth - labelColumnWidth - margin.left - margin.right, `card ${cardWidth} px`).toBeGreaterThanOrEqual(min);
    }
  });

  it("name the driver with their position, shortening only names that would not fit", () => {
    expect(topTimesRowLabel(1, "Bea")).toBe("#1 Bea");
    expect(topTimesRowLabel(10, "BigMapperBea")).toBe("#10 BigMapperBea");
    const long = topTimesRowLabel(10, "AnExtremelyLongTrackmaniaName");
    expect(long.startsWith("#10 AnExtremely")).toBe(true);
    expect(long.endsWith("…")).toBe(true);
  });

  it("are what the map page's chart draws: a row per dated driver, in a drawing as tall as the rows need", () => {
    // Ten drivers within 0.09 s of each other on one morning: the board whose labels used to pile up.
    const times = Array.from({ length: 10 }, (_, index) => ({
      position: index + 1,
      score: 42_000 + index * 10,
      displayName: `Driver${index}`,
      drivenAt: index === 4 ? null : new Date(Date.UTC(2026, 10, 25, 8, index)),
    }));
    const html = renderToStaticMarkup(createElement(TopTimesChart, { times, timeZone: "UTC" }));
    expect(html).toContain(`data-testid="chart-drawing"`);
    expect(html).toMatch(new RegExp(`style="height:${topTimesChartHeight(9)}px" data-testid="chart-drawing"`));
    // The text alternative stays: the summary and every driver in the table, undated ones too.
    expect(html).toContain("left off the chart");
    for (const time of times) expect(html).toContain(time.displayName);
  });
});
