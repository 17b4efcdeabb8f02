import { describe, expect, it } from "vitest";
import { chartGeometry, type ChartLayout } from "./trend-chart";

const LAYOUT: ChartLayout = { width: 140, height: 80, margin: { top: 10, right: 10, bottom: 10, left: 30 } };

describe("chartGeometry", () => {
  it("spreads rounds edge to edge and maps the scale onto the plot height", () => {
    const g = chartGeometry(3, [0, 1, 2, 3], [{ key: "a", values: [0, 1.5, 3] }], LAYOUT);
    // Plot: x 30–130, y 10–70 (60 high, 20 per step).
    expect(g.xs).toEqual([30, 80, 130]);
    expect(g.grid).toEqual([
      { value: 0, y: 70 },
      { value: 1, y: 50 },
      { value: 2, y: 30 },
      { value: 3, y: 10 },
    ]);
    expect(g.series[0]!.paths).toEqual(["M30 70 L80 40 L130 10"]);
    expect(g.series[0]!.points.map((p) => [p.x, p.y, p.value])).toEqual([
      [30, 70, 0],
      [80, 40, 1.5],
      [130, 10, 3],
    ]);
  });

  it("breaks a line at a missing value and keeps lone points as dots", () => {
    const g = chartGeometry(4, [0, 3], [{ key: "a", values: [1, null, 2, 3] }], LAYOUT);
    expect(g.series[0]!.paths).toEqual([`M${g.xs[2]} 30 L130 10`]);
    expect(g.series[0]!.points.map((p) => p.index)).toEqual([0, 2, 3]);
  });

  it("puts a single round in the middle", () => {
    expect(chartGeometry(1, [0, 3], [], LAYOUT).xs).toEqual([80]);
  });
});
