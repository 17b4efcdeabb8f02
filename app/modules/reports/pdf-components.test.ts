import { describe, expect, it } from "vitest";
import { breakWord } from "./pdf-components";

describe("breaking words in the PDFs", () => {
  it("leaves ordinary words whole and breaks long ones at Swedish syllables", () => {
    expect(breakWord("självvärdering")).toEqual(["självvärdering"]);
    const compound = "Verksamhetsutvecklingsinsatserna";
    const pieces = breakWord(compound);
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join("")).toBe(compound);
  });

  it("cuts pieces no syllable rule can break, so nothing runs out of a narrow column", () => {
    const link = `https://example.org/${"a".repeat(95)}`;
    const pieces = breakWord(link);
    expect(pieces.join("")).toBe(link);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(14);
  });
});
