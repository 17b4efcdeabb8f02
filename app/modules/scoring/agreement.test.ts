import { describe, expect, it } from "vitest";
import { criterionSpread, krippendorffAlpha, reviewAgreement, sortByDisagreement, type CriterionAnswers } from "./agreement";

const _ = null;

/**
 * Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: four observers,
 * twelve units, values 1–5, with missing values. Published results: nominal .743, ordinal .815,
 * interval .849. Rows are observers; krippendorffAlpha takes units (columns).
 */
const KRIPPENDORFF_OBSERVERS = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];
const KRIPPENDORFF_UNITS = KRIPPENDORFF_OBSERVERS[0]!.map((_v, u) => KRIPPENDORFF_OBSERVERS.map((row) => row[u]!));

function answers(criterionId: number, values: (number | "x" | null)[]): CriterionAnswers {
  return {
    criterionId,
    answers: values.map((v, i) => ({ reviewerId: i + 1, score: typeof v === "number" ? v : null, cannotAssess: v === "x" })),
  };
}

describe("Krippendorff's alpha", () => {
  it("reproduces Krippendorff's worked example with missing values for each metric", () => {
    const nominal = krippendorffAlpha(KRIPPENDORFF_UNITS, "nominal");
    const ordinal = krippendorffAlpha(KRIPPENDORFF_UNITS, "ordinal");
    const interval = krippendorffAlpha(KRIPPENDORFF_UNITS, "interval");
    if (!nominal.computable || !ordinal.computable || !interval.computable) throw new Error("expected computable");
    expect(nominal.value).toBeCloseTo(0.743, 3);
    expect(ordinal.value).toBeCloseTo(0.815, 3);
    expect(interval.value).toBeCloseTo(0.849, 3);
    // Unit 12 has a single value and drops out; the other 11 units hold 40 pairable values.
    expect(ordinal.units).toBe(11);
    expect(ordinal.pairableValues).toBeCloseTo(40, 10);
  });

  it("matches a small example computed by hand", () => {
    // Units (0,0), (1,1), (2,3): o_00 = o_11 = 2, o_23 = o_32 = 1; n_0 = n_1 = 2, n_2 = n_3 = 1, n = 6.
    // Interval: Σ o δ² = 2, Σ n_c n_k (c−k)² = 82 → α = 1 − 5·2/82 = 36/41.
    const interval = krippendorffAlpha(
      [
        [0, 0],
        [1, 1],
        [2, 3],
      ],
      "interval"
    );
    expect(interval.computable && interval.value).toBeCloseTo(36 / 41, 12);
    // Ordinal: δ²_01 = 4, δ²_02 = 12.25, δ²_03 = 20.25, δ²_12 = 2.25, δ²_13 = 6.25, δ²_23 = 1;
    // Σ n_c n_k δ² = 198 → α = 1 − 5·2/198 = 94/99.
    const ordinal = krippendorffAlpha(
      [
        [0, 0],
        [1, 1],
        [2, 3],
      ],
      "ordinal"
    );
    expect(ordinal.computable && ordinal.value).toBeCloseTo(94 / 99, 12);
  });

  it("is 1 for perfect agreement with variation and negative for systematic disagreement", () => {
    const perfect = krippendorffAlpha([
      [0, 0],
      [3, 3],
      [1, 1],
    ]);
    expect(perfect.computable && perfect.value).toBe(1);
    const opposite = krippendorffAlpha([
      [0, 3],
      [3, 0],
    ]);
    expect(opposite.computable && opposite.value).toBeLessThan(0);
  });

  it("reports the degenerate cases instead of NaN", () => {
    expect(krippendorffAlpha([])).toEqual({ computable: false, reason: "no-pairable-scores" });
    expect(krippendorffAlpha([[1, null], [null, 2], [3]])).toEqual({ computable: false, reason: "no-pairable-scores" });
    expect(
      krippendorffAlpha([
        [2, 2],
        [2, 2, 2],
      ])
    ).toEqual({ computable: false, reason: "no-variation" });
  });

  it("does not depend on the order of coders within a unit or of the units", () => {
    const a = krippendorffAlpha(KRIPPENDORFF_UNITS, "ordinal");
    const b = krippendorffAlpha(
      [...KRIPPENDORFF_UNITS].reverse().map((u) => [...u].reverse()),
      "ordinal"
    );
    expect(a.computable && b.computable && Math.abs(a.value - b.value)).toBeLessThan(1e-12);
  });
});

describe("spread per criterion", () => {
  it("is max − min of the scale scores, ignoring cannot-assess and empty answers", () => {
    expect(criterionSpread(answers(1, [0, 3, "x", null]))).toMatchObject({
      spread: 3,
      min: 0,
      max: 3,
      scored: 2,
      cannotAssess: 1,
      mixedCannotAssess: true,
      exactAgreement: false,
    });
    expect(criterionSpread(answers(2, [2, 2]))).toMatchObject({ spread: 0, exactAgreement: true, mixedCannotAssess: false });
  });

  it("has no spread with fewer than two scale scores", () => {
    expect(criterionSpread(answers(1, [2, "x"]))).toMatchObject({ spread: null, scored: 1, mixedCannotAssess: true, exactAgreement: false });
    expect(criterionSpread(answers(1, ["x", "x"]))).toMatchObject({ spread: null, scored: 0, mixedCannotAssess: false });
    expect(criterionSpread(answers(1, []))).toMatchObject({ spread: null, min: null, max: null });
  });

  it("sorts the largest disagreement first, then mixed cannot-assess, then the manual's order", () => {
    const items = [answers(1, [1, 1]), answers(2, [0, 2]), answers(3, [2, "x"]), answers(4, [3, 0]), answers(5, [1, 2]), answers(6, [2, 2, "x"])].map((a) => ({
      id: a.criterionId,
      spread: criterionSpread(a),
    }));
    expect(sortByDisagreement(items).map((i) => i.id)).toEqual([4, 2, 5, 6, 1, 3]);
  });
});

describe("agreement of a review", () => {
  it("counts exact agreement over the criteria with at least two scale scores", () => {
    const result = reviewAgreement([answers(1, [2, 2]), answers(2, [1, 2]), answers(3, [3, 3]), answers(4, ["x", 3]), answers(5, [null, null])]);
    expect(result.reviewers).toBe(2);
    expect(result.comparedCriteria).toBe(3);
    expect(result.exactAgreement).toEqual({ computable: true, agreeing: 2, compared: 3, share: 2 / 3 });
    expect(result.largeSpreadCount).toBe(0);
    expect(result.alpha.computable).toBe(true);
  });

  it("uses the ordinal alpha over criteria × reviewers with cannot-assess as missing", () => {
    const criteria = KRIPPENDORFF_UNITS.map((unit, i) => answers(i + 1, unit));
    const result = reviewAgreement(criteria);
    expect(result.alpha.computable && result.alpha.metric).toBe("ordinal");
    expect(result.alpha.computable && result.alpha.value).toBeCloseTo(0.815, 3);
    const withCannotAssess = reviewAgreement(
      KRIPPENDORFF_UNITS.map((unit, i) =>
        answers(
          i + 1,
          unit.map((v) => (v === null ? "x" : v))
        )
      )
    );
    expect(withCannotAssess.alpha).toEqual(result.alpha);
  });

  it("is not computable with fewer than two reviewers", () => {
    const result = reviewAgreement([answers(1, [2, null]), answers(2, [3, null])]);
    expect(result.reviewers).toBe(1);
    expect(result.exactAgreement).toEqual({ computable: false, reason: "fewer-than-two-reviewers" });
    expect(result.alpha).toEqual({ computable: false, reason: "fewer-than-two-reviewers" });
    expect(reviewAgreement([]).alpha).toEqual({ computable: false, reason: "fewer-than-two-reviewers" });
  });

  it("reports no variation when everyone gave the same score everywhere", () => {
    const result = reviewAgreement([answers(1, [3, 3]), answers(2, [3, 3])]);
    expect(result.exactAgreement).toEqual({ computable: true, agreeing: 2, compared: 2, share: 1 });
    expect(result.alpha).toEqual({ computable: false, reason: "no-variation" });
  });

  it("reports no comparable criteria when the reviewers never scored the same criterion", () => {
    const result = reviewAgreement([answers(1, [3, "x"]), answers(2, ["x", 1])]);
    expect(result.exactAgreement).toEqual({ computable: false, reason: "no-pairable-scores" });
    expect(result.alpha).toEqual({ computable: false, reason: "no-pairable-scores" });
  });
});
