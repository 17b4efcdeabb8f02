import { describe, expect, it } from "vitest";
import { translator } from "~/i18n/i18n";
import { notComparableReason } from "./trend-text";
import type { NotComparableReason } from "./trends";

const point = (reason: NotComparableReason, criterionKeys: string[] = []) => ({ roundId: 1, comparable: false as const, reason, criterionKeys });

describe("notComparableReason", () => {
  it("names the crosswalk relation and the keys it involves, in both languages", () => {
    const sv = translator("sv");
    expect(notComparableReason(sv, point("split", ["K1.2"]))).toBe("delat från K1.2");
    expect(notComparableReason(sv, point("split"))).toBe("delat");
    expect(notComparableReason(sv, point("merged", ["K1.1", "K1.3"]))).toBe("sammanslaget av K1.1, K1.3");
    expect(notComparableReason(translator("en"), point("split", ["K1.2"]))).toBe("split from K1.2");
    for (const reason of ["new", "retired", "scale", "unmapped"] as const) {
      const text = notComparableReason(sv, point(reason));
      expect(text, reason).not.toMatch(/trends\.reason/);
      expect(text.length, reason).toBeGreaterThan(0);
    }
  });
});
