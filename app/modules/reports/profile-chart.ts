/**
 * The review report's profile chart — one horizontal bar per dimension, the mean consensus score
 * on the manual's scale — as plain geometry. The HTML report draws it as SVG
 * (report-components.tsx) and the PDF with react-pdf's Svg primitives (pdf-components.tsx) from
 * the same numbers, so the two pictures are the same drawing. Pure.
 *
 * Layout, in the chart's own units (1 unit = 1 px in the browser, 1 pt in the PDF):
 *   dimension title (wrapped to as many lines as it needs) above its bar; the bar runs from the
 *   scale's lowest to its highest step, a light track behind it; the value after the bar's end;
 *   vertical grid lines and step labels (value and name) for every step of the scale below.
 */
import { heatColour } from "../national/heat-colours";
import { REPORT_COLOURS } from "./report-colours";

export interface ProfileInput {
  key: string;
  title: string;
  mean: number | null;
}

export interface ProfileStep {
  value: number;
  label: string;
}

export interface ProfileRow {
  key: string;
  /** The title in lines, each drawn at its own baseline. */
  titleLines: { text: string; y: number }[];
  track: { x: number; y: number; width: number; height: number };
  /** Null when the mean cannot be computed (nothing in the dimension was assessed). */
  bar: { x: number; y: number; width: number; height: number; fill: string } | null;
  value: { x: number; y: number };
  mean: number | null;
}

export interface ProfileTick {
  value: number;
  x: number;
  /** Step value and label, e.g. "2" and "Delvis på plats", drawn on two lines. */
  valueText: string;
  labelLines: string[];
}

export interface ProfileGeometry {
  width: number;
  height: number;
  fontSize: number;
  smallFontSize: number;
  lineHeight: number;
  rows: ProfileRow[];
  ticks: ProfileTick[];
  grid: { y1: number; y2: number };
  labelsY: number;
  colours: typeof REPORT_COLOURS;
}

export const PROFILE_LAYOUT = {
  width: 480,
  /** Room right of the bar area for the value ("2,67" or "kan inte beräknas"). */
  valueWidth: 96,
  marginLeft: 4,
  fontSize: 10,
  smallFontSize: 8,
  lineHeight: 13,
  barHeight: 14,
  rowGap: 10,
  /** Average glyph width as a share of the font size (Helvetica/Arial, mixed Swedish text). */
  charWidth: 0.52,
};

/** Words into lines of at most `maxChars` characters (a longer word gets a line of its own). */
export function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}

/** The chart for dimensions in manual order on a scale (steps ascending or not). */
export function profileChart(dimensions: readonly ProfileInput[], scale: readonly ProfileStep[]): ProfileGeometry {
  const L = PROFILE_LAYOUT;
  const steps = [...scale].sort((a, b) => a.value - b.value);
  const low = steps[0]?.value ?? 0;
  const high = steps[steps.length - 1]?.value ?? 1;
  const span = high - low || 1;
  const plotX = L.marginLeft;
  const plotWidth = L.width - L.marginLeft - L.valueWidth;
  const xOf = (value: number) => plotX + ((Math.min(high, Math.max(low, value)) - low) / span) * plotWidth;
  const titleChars = Math.floor(L.width / (L.fontSize * L.charWidth));

  let y = 0;
  const rows: ProfileRow[] = dimensions.map((dimension) => {
    const lines = wrapText(dimension.title, titleChars);
    const titleLines = lines.map((text, i) => ({ text, y: y + L.fontSize + i * L.lineHeight }));
    const barY = y + lines.length * L.lineHeight + 4;
    const track = { x: plotX, y: barY, width: plotWidth, height: L.barHeight };
    const bar =
      dimension.mean === null
        ? null
        : { x: plotX, y: barY, width: Math.max(0, xOf(dimension.mean) - plotX), height: L.barHeight, fill: REPORT_COLOURS.primary };
    const value = { x: (bar ? plotX + bar.width : plotX) + 6, y: barY + L.barHeight - 3 };
    y = barY + L.barHeight + L.rowGap;
    return { key: dimension.key, titleLines, track, bar, value, mean: dimension.mean };
  });

  const gridTop = rows[0]?.track.y ?? 0;
  const gridBottom = y - L.rowGap + 4;
  const labelsY = gridBottom + L.smallFontSize + 4;
  // Step names under the axis share the room between two grid lines.
  const tickChars = Math.max(6, Math.floor(plotWidth / Math.max(1, steps.length - 1) / (L.smallFontSize * L.charWidth)));
  const ticks: ProfileTick[] = steps.map((step) => ({
    value: step.value,
    x: xOf(step.value),
    valueText: String(step.value),
    labelLines: wrapText(step.label, tickChars),
  }));
  const labelLines = Math.max(1, ...ticks.map((t) => t.labelLines.length));
  const height = labelsY + labelLines * (L.smallFontSize + 2) + L.smallFontSize + 4;
  return {
    width: L.width,
    height,
    fontSize: L.fontSize,
    smallFontSize: L.smallFontSize,
    lineHeight: L.lineHeight,
    rows,
    ticks,
    grid: { y1: gridTop - 4, y2: gridBottom },
    labelsY,
    colours: REPORT_COLOURS,
  };
}

/** Text anchor of a tick label: the outermost ones hug the chart's edges, the rest are centred. */
export function tickAnchor(index: number, count: number): "start" | "middle" | "end" {
  if (index === 0) return "start";
  if (index === count - 1) return "end";
  return "middle";
}

/** Colour of a score badge: the national heatmap's colour for the step (colour-blind safe). */
export function scoreColour(score: number, scale: readonly { value: number }[]) {
  const steps = [...scale].sort((a, b) => a.value - b.value);
  const index = steps.findIndex((s) => s.value === score);
  return heatColour(Math.max(0, index), steps.length);
}
