import { describe, expect, it } from "vitest";
import { heatColour } from "../national/heat-colours";
import { PROFILE_LAYOUT, profileChart, scoreColour, tickAnchor, wrapText } from "./profile-chart";

const scale = [0, 1, 2, 3].map((value) => ({ value, label: ["Saknas", "Påbörjat", "Delvis på plats", "På plats"][value]! }));

describe("profile chart geometry", () => {
  it("draws each mean as a bar from the scale's lowest to its highest step", () => {
    const chart = profileChart(
      [
        { key: "a", title: "Organisatoriska förutsättningar", mean: 3 },
        { key: "b", title: "Kompetens", mean: 1.5 },
        { key: "c", title: "Arbetssätt", mean: 0 },
      ],
      scale,
    );
    const plotWidth = PROFILE_LAYOUT.width - PROFILE_LAYOUT.marginLeft - PROFILE_LAYOUT.valueWidth;
    expect(chart.rows.map((r) => r.bar?.width)).toEqual([plotWidth, plotWidth / 2, 0]);
    expect(chart.rows.every((r) => r.track.width === plotWidth)).toBe(true);
    // Rows go down the page without overlapping; the axis labels come after the last bar.
    const [a, b, c] = chart.rows;
    expect(b!.titleLines[0]!.y).toBeGreaterThan(a!.track.y + a!.track.height);
    expect(c!.titleLines[0]!.y).toBeGreaterThan(b!.track.y + b!.track.height);
    expect(chart.labelsY).toBeGreaterThan(c!.track.y + c!.track.height);
    expect(chart.height).toBeGreaterThan(chart.labelsY);
    // One grid line per step, at the bar ends' positions.
    expect(chart.ticks.map((t) => t.x)).toEqual([0, 1, 2, 3].map((v) => PROFILE_LAYOUT.marginLeft + (v / 3) * plotWidth));
    expect(chart.ticks.map((t) => t.labelLines.join(" "))).toEqual(scale.map((s) => s.label));
  });

  it("has no bar where the mean cannot be computed, and clamps values outside the scale", () => {
    const chart = profileChart(
      [
        { key: "a", title: "A", mean: null },
        { key: "b", title: "B", mean: 7 },
      ],
      scale,
    );
    expect(chart.rows[0]!.bar).toBeNull();
    expect(chart.rows[1]!.bar!.width).toBe(chart.rows[1]!.track.width);
  });

  it("wraps a long dimension title onto more lines and moves the bar down", () => {
    const long = "Ett mycket långt dimensionsnamn ".repeat(6).trim();
    const chart = profileChart([{ key: "a", title: long, mean: 1 }], scale);
    const row = chart.rows[0]!;
    expect(row.titleLines.length).toBeGreaterThan(1);
    expect(row.titleLines.map((l) => l.text).join(" ")).toBe(long);
    expect(row.track.y).toBeGreaterThan(row.titleLines[row.titleLines.length - 1]!.y);
  });

  it("wraps words and never loses one", () => {
    expect(wrapText("ett två tre fyra", 7)).toEqual(["ett två", "tre", "fyra"]);
    expect(wrapText("ordsomärlängreänraden kort", 5)).toEqual(["ordsomärlängreänraden", "kort"]);
    expect(wrapText("", 5)).toEqual([""]);
  });

  it("anchors the outer tick labels to the chart's edges", () => {
    expect([0, 1, 2, 3].map((i) => tickAnchor(i, 4))).toEqual(["start", "middle", "middle", "end"]);
  });

  it("colours a score like the national heatmap", () => {
    expect(scoreColour(0, scale)).toEqual(heatColour(0, 4));
    expect(scoreColour(3, scale)).toEqual(heatColour(3, 4));
  });
});
