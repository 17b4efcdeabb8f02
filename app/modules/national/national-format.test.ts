import { describe, expect, it } from "vitest";
import { formatDecimal, formatShare, joinOr } from "./national-format";

describe("national number formats", () => {
  it("uses a decimal comma in Swedish and a point in English", () => {
    expect(formatDecimal("sv", 1.75, 1)).toBe("1,8");
    expect(formatDecimal("en", 1.75, 1)).toBe("1.8");
    expect(formatDecimal("sv", 2, 2)).toBe("2,00");
  });

  it("formats shares as whole percentages", () => {
    expect(formatShare("sv", 0.5).replace(/\s/g, " ")).toBe("50 %");
    expect(formatShare("en", 2 / 3)).toBe("67%");
  });

  it("joins lists with 'eller' / 'or'", () => {
    expect(joinOr(["0", "1"], "eller")).toBe("0 eller 1");
    expect(joinOr(["0", "1", "2"], "or")).toBe("0, 1 or 2");
    expect(joinOr(["0"], "or")).toBe("0");
    expect(joinOr([], "or")).toBe("");
  });
});
