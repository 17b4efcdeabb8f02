import { describe, expect, it } from "vitest";
import { scoreAutosavePath } from "~/modules/scoring/score-fields";
import { autosaveReviewIdOf } from "./autosave";

describe("autosaveReviewIdOf (the endpoint's address, matched before Express)", () => {
  it("matches the scoring page's autosave address as Express's route would", () => {
    expect(autosaveReviewIdOf("POST", scoreAutosavePath(12))).toBe("12");
    expect(autosaveReviewIdOf("POST", `${scoreAutosavePath(12)}/`)).toBe("12");
    expect(autosaveReviewIdOf("POST", `${scoreAutosavePath(12)}?x=1`)).toBe("12");
    expect(autosaveReviewIdOf("POST", "/Reviews/12/Scoring/Autosave")).toBe("12");
    // The segment decoded, unparsed: the endpoint's zod check answers 404 for anything but an id.
    expect(autosaveReviewIdOf("POST", "/reviews/a%20b/scoring/autosave")).toBe("a b");
    expect(autosaveReviewIdOf("POST", "/reviews/%E0%A4%A/scoring/autosave")).toBe("%E0%A4%A");
  });

  it("leaves every other request to Express", () => {
    expect(autosaveReviewIdOf("GET", scoreAutosavePath(12))).toBeNull();
    expect(autosaveReviewIdOf("PUT", scoreAutosavePath(12))).toBeNull();
    expect(autosaveReviewIdOf("POST", "/reviews/12/scoring")).toBeNull();
    expect(autosaveReviewIdOf("POST", "/reviews/12/scoring/autosave/x")).toBeNull();
    expect(autosaveReviewIdOf("POST", "/reviews//scoring/autosave")).toBeNull();
    expect(autosaveReviewIdOf("POST", "/x/reviews/12/scoring/autosave")).toBeNull();
    expect(autosaveReviewIdOf("POST", undefined)).toBeNull();
  });
});
