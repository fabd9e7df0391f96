/**
 * The top-10 chart's geometry, kept apart from recharts so a test can hold it: one row per driver,
 * fastest on top, each row labelled "#3 BigMapperBea" in a column left of the plot and its dot
 * placed by when the time was driven. A label belongs to a row, never to a point, so two drivers
 * who drove the same day (or whose dots sit on top of each other) still have labels that cannot
 * meet, at any width: rows are a fixed height apart, and every label fits its column.
 */

export const TOP_TIMES_LAYOUT = {
  /** Vertical room per driver, px: well over a label's line (fontSize × 1.2), and ten rows about as tall as the charts beside it. */
  rowHeight: 22,
  /** Fewest rows' worth of height, so a one- or two-time board is not a sliver. */
  minRows: 4,
  labelFontSize: 11,
  /** The label column (recharts' y-axis width), px. */
  labelColumnWidth: 116,
  /** Gap between a label's end and the plot, px (recharts' tickMargin plus the tick line). */
  labelGap: 10,
  /** The date axis under the plot, px (recharts' XAxis height). */
  dateAxisHeight: 30,
  margin: { top: 8, right: 24, bottom: 4, left: 0 },
} as const;
export type TopTimesLayout = typeof TOP_TIMES_LAYOUT;

/**
 * A generous width for one character of the label font, px (0.6 em: wider than an average sans
 * glyph), so a label estimated to fit does fit.
 */
const CHAR_WIDTH = TOP_TIMES_LAYOUT.labelFontSize * 0.6;

/** The most characters a label may have and still fit its column. */
export const TOP_TIMES_LABEL_MAX_CHARS = Math.floor((TOP_TIMES_LAYOUT.labelColumnWidth - TOP_TIMES_LAYOUT.labelGap) / CHAR_WIDTH);

/** A row's label, "#3 BigMapperBea", the name shortened with "…" to fit the label column. */
export function topTimesRowLabel(position: number, displayName: string): string {
  const prefix = `#${position} `;
  const room = TOP_TIMES_LABEL_MAX_CHARS - prefix.length;
  const name = displayName.length > room ? `${displayName.slice(0, Math.max(room - 1, 1))}…` : displayName;
  return prefix + name;
}

/** The drawing's height for `rows` drivers, px. */
export function topTimesChartHeight(rows: number): number {
  const { rowHeight, minRows, dateAxisHeight, margin } = TOP_TIMES_LAYOUT;
  return margin.top + margin.bottom + dateAxisHeight + Math.max(rows, minRows) * rowHeight;
}

/**
 * Rows sit at y = 1…rows on a reversed axis whose domain runs from 0.5 to rows + 0.5: each row gets
 * an equal band of the plot, row 1 at the top.
 */
export function topTimesRowDomain(rows: number): [number, number] {
  return [0.5, rows + 0.5];
}

export type LabelBox = { left: number; right: number; top: number; bottom: number };

/**
 * Where each row's label is drawn, px from the drawing's top left, as recharts places y-axis ticks
 * (right-aligned at the label column's edge, centred on the row's band) with the width estimated
 * generously: what the test holds to "no two labels meet, and none reaches into the plot".
 */
export function topTimesLabelBoxes(labels: readonly string[]): LabelBox[] {
  const { labelFontSize, labelColumnWidth, labelGap, dateAxisHeight, margin } = TOP_TIMES_LAYOUT;
  const plotHeight = topTimesChartHeight(labels.length) - margin.top - margin.bottom - dateAxisHeight;
  const band = plotHeight / labels.length;
  const right = margin.left + labelColumnWidth - labelGap;
  const half = (labelFontSize * 1.2) / 2;
  return labels.map((label, index) => {
    const centre = margin.top + band * (index + 0.5);
    return { left: right - label.length * CHAR_WIDTH, right, top: centre - half, bottom: centre + half };
  });
}
