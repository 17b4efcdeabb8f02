import { describe, expect, it } from "vitest";
import { gapLevel, gapsWithoutRecommendation, orderByGap } from "./gaps";

const SCALE = [0, 1, 2, 3];

describe("gap levels", () => {
  it("classifies consensus scores against the top of the scale", () => {
    expect(gapLevel({ score: 0, cannotAssess: false }, SCALE)).toBe("major");
    expect(gapLevel({ score: 1, cannotAssess: false }, SCALE)).toBe("major");
    expect(gapLevel({ score: 2, cannotAssess: false }, SCALE)).toBe("gap");
    expect(gapLevel({ score: 3, cannotAssess: false }, SCALE)).toBe("none");
    expect(gapLevel({ score: null, cannotAssess: true }, SCALE)).toBe("cannotAssess");
    expect(gapLevel({ score: null, cannotAssess: false }, SCALE)).toBe("missing");
    expect(gapLevel(null, SCALE)).toBe("missing");
  });

  it("works on other scales", () => {
    expect(gapLevel({ score: 4, cannotAssess: false }, [0, 2, 4])).toBe("none");
    expect(gapLevel({ score: 2, cannotAssess: false }, [0, 2, 4])).toBe("major");
    expect(gapLevel({ score: 0, cannotAssess: false }, [0, 1])).toBe("major");
  });

  it("orders gaps first, major before minor, reading order within", () => {
    const criteria = [
      { id: 1, position: 1, gap: "none" as const },
      { id: 2, position: 2, gap: "gap" as const },
      { id: 3, position: 3, gap: "major" as const },
      { id: 4, position: 4, gap: "cannotAssess" as const },
      { id: 5, position: 5, gap: "gap" as const },
      { id: 6, position: 6, gap: "missing" as const },
    ];
    expect(orderByGap(criteria).map((c) => c.id)).toEqual([3, 2, 5, 6, 1, 4]);
  });

  it("flags gap criteria without a recommendation", () => {
    const criteria = [
      { id: 1, gap: "major" as const },
      { id: 2, gap: "gap" as const },
      { id: 3, gap: "none" as const },
    ];
    expect(gapsWithoutRecommendation(criteria, [{ criterionIds: [2, 3] }]).map((c) => c.id)).toEqual([1]);
    expect(gapsWithoutRecommendation(criteria, [])).toHaveLength(2);
  });
});
