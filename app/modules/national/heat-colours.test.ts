import { describe, expect, it } from "vitest";
import { contrastRatio, heatColour, relativeLuminance, viridis } from "./heat-colours";

describe("heat colours", () => {
  it("sample viridis at its ends and in between", () => {
    expect(viridis(0)).toBe("#440154");
    expect(viridis(1)).toBe("#fde725");
    expect(viridis(0.5)).toBe("#21918c");
    expect(viridis(-1)).toBe("#440154");
    expect(viridis(2)).toBe("#fde725");
  });

  it("computes WCAG contrast ratios", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBe(1);
    expect(relativeLuminance("#ffffff")).toBe(1);
  });

  it("gives every step of every scale size (2–11 steps) text with at least AA contrast", () => {
    for (let count = 2; count <= 11; count++) {
      for (let index = 0; index < count; index++) {
        const { background, text } = heatColour(index, count);
        expect(contrastRatio(text, background), `${index}/${count} ${background}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it("is sequential: each higher step is lighter, and the default scale's four colours differ", () => {
    for (let count = 2; count <= 11; count++) {
      const luminances = Array.from({ length: count }, (_, i) => relativeLuminance(heatColour(i, count).background));
      luminances.slice(1).forEach((l, i) => expect(l).toBeGreaterThan(luminances[i]!));
    }
    const four = [0, 1, 2, 3].map((i) => heatColour(i, 4));
    expect(new Set(four.map((c) => c.background)).size).toBe(4);
    expect(four[0]!.text).toBe("#ffffff");
    expect(four[3]!.text).toBe("#000000");
  });
});
