/**
 * Calibration computed by hand on a small fixture: 3 published reviews (2, 3 and 2 reviewers)
 * × 3 criteria on the 0–3 scale. Every expected number is worked out in the comments.
 */
import { describe, expect, it } from "vitest";
import { CALIBRATION_RULE, calibrate, parseCalibrationQuery, summarize, type CalibrationInput, type ReviewerScoreRow, type ScoreRow } from "./calibration";

const criterion = (id: number, key: string) => ({ id, key, number: `1.${id}`, position: id, dimensionKey: "d", textSv: key, textEn: key });

/** Reviewer scores per review and criterion; "E" is "cannot assess". */
const SCORES: Record<number, Record<number, (number | "E")[]>> = {
  //            A (1)      B (2)      C (3)
  1: { 1: [2, 2], 2: [1, 3], 3: [2, "E"] },
  2: { 1: [1, 1, 1], 2: [2, 2, 2], 3: [0, 1, 1] },
  3: { 1: [3, 3], 2: [1, 3], 3: [3, 2] },
};
/** [self, consensus] per review and criterion. */
const SELF_CONSENSUS: Record<number, Record<number, [number | "E", number | "E"]>> = {
  1: { 1: [3, 2], 2: [3, 2], 3: [1, 2] },
  2: { 1: [1, 1], 2: [3, 2], 3: [2, 1] },
  3: { 1: [3, 3], 2: ["E", 2], 3: [3, "E"] },
};

function fixture(): CalibrationInput {
  const reviewerScores: ReviewerScoreRow[] = [];
  const selfScores: ScoreRow[] = [];
  const consensus: ScoreRow[] = [];
  const row = (reviewId: number, criterionId: number, value: number | "E") => ({
    reviewId,
    criterionId,
    score: value === "E" ? null : value,
    cannotAssess: value === "E",
  });
  for (const [review, byCriterion] of Object.entries(SCORES)) {
    for (const [crit, values] of Object.entries(byCriterion)) {
      values.forEach((value, r) => reviewerScores.push({ ...row(Number(review), Number(crit), value), reviewerId: Number(review) * 10 + r }));
    }
  }
  for (const [review, byCriterion] of Object.entries(SELF_CONSENSUS)) {
    for (const [crit, [self, agreed]] of Object.entries(byCriterion)) {
      selfScores.push(row(Number(review), Number(crit), self));
      consensus.push(row(Number(review), Number(crit), agreed));
    }
  }
  return {
    scaleValues: [0, 1, 2, 3],
    criteria: [criterion(1, "a"), criterion(2, "b"), criterion(3, "c")],
    reviewIds: [1, 2, 3],
    reviewerScores,
    selfScores,
    consensus,
  };
}

const RULE_3 = { ...CALIBRATION_RULE, minReviews: 3 };

describe("calibrate (hand-computed)", () => {
  const results = calibrate(fixture(), RULE_3);
  const of = (key: string) => results.find((r) => r.criterion.key === key)!;

  it("criterion A: reviewers always agree, units differ → range 0, alpha 1", () => {
    // Ranges per review: 2−2 = 0, 1−1 = 0, 3−3 = 0 → mean 0, no review ≥ 2 steps apart.
    // Alpha: observed disagreement is 0 (all pairs within a review equal), expected > 0
    // (values 1, 2 and 3 occur) → alpha = 1 − 0 = 1.
    const a = of("a");
    expect(a.comparedReviews).toBe(3);
    expect(a.meanRange).toBe(0);
    expect(a.wideReviews).toBe(0);
    expect(a.wideShare).toBe(0);
    expect(a.alpha).toMatchObject({ computable: true, value: 1 });
    // Self − consensus: 3−2 = +1, 1−1 = 0, 3−3 = 0 → 1 of 3 differ, mean +1/3.
    expect(a.self).toEqual({ compared: 3, differing: 1, differingShare: 1 / 3, meanDifference: 1 / 3, higher: 1, lower: 0 });
    expect(a.flagged).toBe(false);
  });

  it("criterion B: two reviews with reviewers 2 steps apart → negative alpha, flagged for both reasons", () => {
    // Ranges: 3−1 = 2, 2−2 = 0, 3−1 = 2 → mean 4/3; 2 of 3 reviews ≥ 2 steps apart (share 2/3).
    // Alpha (ordinal): coincidences o13 = o31 = 1 + 1 = 2 (two pairable units {1,3}, weight 1/(2−1)),
    // o22 = 6 ordered pairs × 1/(3−1) = 3. Marginals n1 = 2, n2 = 3, n3 = 2, n = 7.
    // δ²(1,3) = (n1+n2+n3 − (n1+n3)/2)² = (7 − 2)² = 25; δ²(1,2) = δ²(2,3) = (5 − 2.5)² = 6.25.
    // Observed Σ o·δ² = 2·25 + 2·25 = 100. Expected Σ n_c·n_k·δ² = 2·(2·3·6.25 + 2·2·25 + 3·2·6.25) = 350.
    // alpha = 1 − (n − 1)·100/350 = 1 − 600/350 = −5/7 ≈ −0.714.
    const b = of("b");
    expect(b.comparedReviews).toBe(3);
    expect(b.meanRange).toBeCloseTo(4 / 3, 12);
    expect(b.wideReviews).toBe(2);
    expect(b.wideShare).toBeCloseTo(2 / 3, 12);
    expect(b.alpha.computable && b.alpha.value).toBeCloseTo(-5 / 7, 12);
    // Self − consensus: 3−2 = +1, 3−2 = +1; review 3's self-score is "cannot assess" → 2 compared, both differ, mean +1.
    expect(b.self).toEqual({ compared: 2, differing: 2, differingShare: 1, meanDifference: 1, higher: 2, lower: 0 });
    expect(b.flagged).toBe(true);
    expect(b.reasons).toEqual(["alpha", "wide"]);
  });

  it("criterion C: a 'cannot assess' leaves too few compared reviews to flag", () => {
    // Review 1 has one scale score and one "cannot assess": no range, counted as mixed.
    // Ranges: 1−0 = 1 (review 2), 3−2 = 1 (review 3) → 2 compared reviews, mean 1, none ≥ 2.
    // Alpha: units {0,1,1} and {3,2}. From {0,1,1} (weight 1/2): o01 = o10 = 2·½ = 1, o11 = 2·½ = 1;
    // from {3,2} (weight 1): o23 = o32 = 1. Marginals n0 = 1, n1 = 2, n2 = 1, n3 = 1, n = 5.
    // δ²: (0,1) = (3 − 1.5)² = 2.25; (2,3) = (2 − 1)² = 1; (0,2) = (4 − 1)² = 9; (0,3) = (5 − 1)² = 16;
    // (1,2) = (3 − 1.5)² = 2.25; (1,3) = (4 − 1.5)² = 6.25.
    // Observed = 2·1·2.25 + 2·1·1 = 6.5. Expected = 2·(1·2·2.25 + 1·1·9 + 1·1·16 + 2·1·2.25 + 2·1·6.25 + 1·1·1) = 95.
    // alpha = 1 − 4·6.5/95 = 69/95 ≈ 0.726.
    const c = of("c");
    expect(c.comparedReviews).toBe(2);
    expect(c.mixedCannotAssess).toBe(1);
    expect(c.meanRange).toBe(1);
    expect(c.wideShare).toBe(0);
    expect(c.alpha.computable && c.alpha.value).toBeCloseTo(69 / 95, 12);
    // Self − consensus: 1−2 = −1, 2−1 = +1; review 3's consensus is "cannot assess" → 2 compared, both differ, mean 0.
    expect(c.self).toEqual({ compared: 2, differing: 2, differingShare: 1, meanDifference: 0, higher: 1, lower: 1 });
    expect(c.tooFewReviews).toBe(true);
    expect(c.flagged).toBe(false);
  });

  it("sorts flagged criteria first, then in the manual's order", () => {
    expect(results.map((r) => r.criterion.key)).toEqual(["b", "a", "c"]);
    expect(summarize(results)).toEqual({ criteria: 3, flagged: 1, reviews: 3, judged: 2 });
  });

  it("with the page's rule (at least 5 reviews) nothing in three reviews is flagged", () => {
    const withDefault = calibrate(fixture());
    expect(withDefault.every((r) => r.tooFewReviews && !r.flagged)).toBe(true);
    expect(withDefault.map((r) => r.criterion.key)).toEqual(["a", "b", "c"]);
  });
});

describe("calibrate: edge cases", () => {
  it("counts ranges and differences in steps of the scale, not in values", () => {
    // Scale 0, 5, 10: scores 0 and 10 are 2 steps apart; self 10 vs consensus 5 is +1 step.
    const [result] = calibrate(
      {
        scaleValues: [10, 0, 5],
        criteria: [criterion(1, "a")],
        reviewIds: [1],
        reviewerScores: [
          { reviewId: 1, criterionId: 1, reviewerId: 1, score: 0, cannotAssess: false },
          { reviewId: 1, criterionId: 1, reviewerId: 2, score: 10, cannotAssess: false },
        ],
        selfScores: [{ reviewId: 1, criterionId: 1, score: 10, cannotAssess: false }],
        consensus: [{ reviewId: 1, criterionId: 1, score: 5, cannotAssess: false }],
      },
      { ...CALIBRATION_RULE, minReviews: 1 },
    );
    expect(result!.meanRange).toBe(2);
    expect(result!.self.meanDifference).toBe(1);
    expect(result!.reasons).toContain("wide");
  });

  it("reports alpha as not computable without data or without variation, and ignores unpublished reviews", () => {
    const base = { scaleValues: [0, 1, 2, 3], criteria: [criterion(1, "a")], selfScores: [], consensus: [] };
    const [empty] = calibrate({ ...base, reviewIds: [1], reviewerScores: [] });
    expect(empty!.alpha).toEqual({ computable: false, reason: "no-pairable-scores" });
    expect(empty!.meanRange).toBeNull();
    expect(empty!.self.meanDifference).toBeNull();
    const same = (reviewId: number, reviewerId: number) => ({ reviewId, criterionId: 1, reviewerId, score: 2, cannotAssess: false });
    const [flat] = calibrate({ ...base, reviewIds: [1, 2], reviewerScores: [same(1, 1), same(1, 2), same(2, 3), same(2, 4), { ...same(9, 5), score: 0 }, same(9, 6)] });
    expect(flat!.alpha).toEqual({ computable: false, reason: "no-variation" });
    expect(flat!.comparedReviews).toBe(2);
    expect(flat!.meanRange).toBe(0);
  });
});

describe("parseCalibrationQuery", () => {
  const parse = (text: string) => parseCalibrationQuery(new URLSearchParams(text), [1, 2]);
  it("accepts a published version or nothing", () => {
    expect(parse("")).toEqual({ ok: true, version: null });
    expect(parse("version=")).toEqual({ ok: true, version: null });
    expect(parse("version=2")).toEqual({ ok: true, version: 2 });
  });
  it("refuses malformed, repeated and unknown versions", () => {
    expect(parse("version=abc")).toMatchObject({ ok: false, messageKey: "calibration.error.version" });
    expect(parse("version=02")).toMatchObject({ ok: false, messageKey: "calibration.error.version" });
    expect(parse("version=1&version=2")).toMatchObject({ ok: false, messageKey: "calibration.error.version" });
    expect(parse("version=3")).toMatchObject({ ok: false, messageKey: "calibration.error.versionUnknown" });
  });
});
