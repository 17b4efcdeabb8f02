/**
 * Geometry of the trend line chart, computed on the server so the SVG is complete without client
 * JavaScript: x evenly spaced per round (oldest left), y linear over the scale from its lowest to
 * its highest step, a line per series broken where a value is missing. Pure.
 */
export interface ChartSeriesInput {
  key: string;
  values: readonly (number | null)[];
}

export interface ChartLayout {
  width: number;
  height: number;
  /** Room for the axis labels. */
  margin: { top: number; right: number; bottom: number; left: number };
}

/** Wide side margins: a round's name is centred under its point, also at the edges. */
export const DEFAULT_LAYOUT: ChartLayout = { width: 640, height: 300, margin: { top: 16, right: 84, bottom: 48, left: 84 } };

export interface LineStyle {
  colour: string;
  dash: string;
  marker: "circle" | "square" | "triangle" | "diamond";
}

/** The chart's lines on the page and in the PDF: dark enough for 3:1 against white (WCAG 1.4.11), each with its own dash and marker. */
export const LINE_STYLES: readonly LineStyle[] = [
  { colour: "#1f4e79", dash: "", marker: "circle" },
  { colour: "#a34700", dash: "8 4", marker: "square" },
  { colour: "#2e6b30", dash: "2 3", marker: "triangle" },
  { colour: "#6a1b9a", dash: "10 3 2 3", marker: "diamond" },
  { colour: "#7a5c00", dash: "4 2", marker: "circle" },
];
export const OVERALL_STYLE: LineStyle = { colour: "#1a1a1a", dash: "", marker: "diamond" };

export interface ChartGeometry {
  xs: number[];
  grid: { value: number; y: number }[];
  series: { key: string; paths: string[]; points: { x: number; y: number; value: number; index: number }[] }[];
}

const fixed = (n: number) => Math.round(n * 10) / 10;

export function chartGeometry(
  rounds: number,
  steps: readonly number[],
  series: readonly ChartSeriesInput[],
  layout: ChartLayout = DEFAULT_LAYOUT,
): ChartGeometry {
  const { width, height, margin } = layout;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const min = Math.min(...steps);
  const max = Math.max(...steps);
  const span = max - min || 1;
  // One round sits in the middle; more are spread edge to edge.
  const xs = Array.from({ length: rounds }, (_, i) => fixed(margin.left + (rounds === 1 ? plotWidth / 2 : (plotWidth * i) / (rounds - 1))));
  const y = (value: number) => fixed(margin.top + plotHeight - ((value - min) / span) * plotHeight);
  return {
    xs,
    grid: steps.map((value) => ({ value, y: y(value) })),
    series: series.map((s) => {
      const points = s.values.flatMap((value, index) => (value === null ? [] : [{ x: xs[index]!, y: y(value), value, index }]));
      const paths: string[] = [];
      let current: string[] = [];
      s.values.forEach((value, index) => {
        if (value === null) {
          if (current.length > 1) paths.push(current.join(" "));
          current = [];
          return;
        }
        current.push(`${current.length === 0 ? "M" : "L"}${xs[index]} ${y(value)}`);
      });
      if (current.length > 1) paths.push(current.join(" "));
      return { key: s.key, paths, points };
    }),
  };
}
