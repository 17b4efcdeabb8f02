import { describe, expect, it } from "vitest";
import {
  aggregateRound,
  mean,
  median,
  nearestStepIndex,
  round,
  standardDeviation,
  type AggregationInput,
} from "./aggregation";
import { SCALE, bi, fixture } from "./aggregation.fixture";

describe("statistics helpers", () => {
  it("mean, median (even and odd counts) and population standard deviation", () => {
    expect(mean([])).toBeNull();
    expect(mean([1, 2, 4])).toBeCloseTo(7 / 3);
    expect(median([])).toBeNull();
    expect(median([3, 0, 3])).toBe(3);
    expect(median([3, 0, 3, 1])).toBe(2);
    expect(median([1, 1, 2, 2])).toBe(1.5);
    expect(standardDeviation([])).toBeNull();
    expect(standardDeviation([2, 2, 2])).toBe(0);
    expect(standardDeviation([0, 2])).toBe(1);
  });

  it("rounds for output without negative zero or binary noise", () => {
    expect(round(0.1 + 0.2)).toBe(0.3);
    expect(round(2 / 3)).toBe(0.6667);
    expect(round(-0.00001)).toBe(0);
    expect(Object.is(round(-0.00001), -0)).toBe(false);
    expect(round(1.00005, 4)).toBe(1.0001);
  });

  it("finds the nearest scale step for a mean, ties to the lower step", () => {
    const steps = SCALE.steps;
    expect(nearestStepIndex(steps, 0)).toBe(0);
    expect(nearestStepIndex(steps, 1.4)).toBe(1);
    expect(nearestStepIndex(steps, 1.5)).toBe(1);
    expect(nearestStepIndex(steps, 1.6)).toBe(2);
    expect(nearestStepIndex(steps, 3)).toBe(3);
  });
});

describe("aggregateRound", () => {
  const result = aggregateRound(fixture());
  const unit = (code: string) => result.units.find((u) => u.code === code)!;
  const stat = (key: string) => result.criterionStats.find((s) => s.criterionKey === key)!;

  it("orders units by code and criteria by manual position", () => {
    expect(result.units.map((u) => u.code)).toEqual(["01", "12", "13", "25"]);
    expect(result.criteria.map((c) => c.key)).toEqual(["c1", "c2", "c3", "c4"]);
    expect(result.dimensions.map((d) => [d.key, d.criterionKeys])).toEqual([
      ["dim-a", ["c1", "c2"]],
      ["dim-b", ["c3", "c4"]],
    ]);
  });

  it("builds the units × criteria matrix with cannot-assess and missing cells", () => {
    expect(unit("12").cells).toEqual([
      { criterionKey: "c1", score: 3, cannotAssess: false },
      { criterionKey: "c2", score: 2, cannotAssess: false },
      { criterionKey: "c3", score: null, cannotAssess: true },
      { criterionKey: "c4", score: 3, cannotAssess: false },
    ]);
    // No row at all (c2) and a row without a score (c3) are both "no score".
    expect(unit("25").cells.map((c) => [c.score, c.cannotAssess])).toEqual([
      [3, false],
      [null, false],
      [null, false],
      [2, false],
    ]);
    expect(unit("25")).toMatchObject({ scored: 2, cannotAssess: 0, missing: 2 });
    expect(unit("12")).toMatchObject({ scored: 3, cannotAssess: 1, missing: 0 });
  });

  it("computes unit × dimension means, ignoring cannot assess", () => {
    expect(unit("01").dimensions).toEqual([
      { dimensionKey: "dim-a", mean: 3, scored: 2, cannotAssess: 0 },
      { dimensionKey: "dim-b", mean: 2.5, scored: 2, cannotAssess: 0 },
    ]);
    // Skåne's c3 is cannot assess: dimension B is its c4 alone.
    expect(unit("12").dimensions[1]).toEqual({ dimensionKey: "dim-b", mean: 3, scored: 1, cannotAssess: 1 });
    expect(unit("12").mean).toBe(round(8 / 3));
    expect(unit("13").mean).toBe(0.25);
  });

  it("says 'not computable' (null) for a dimension without scores", () => {
    const input = fixture();
    input.scores = input.scores.filter((s) => !(s.reviewId === 112 && s.criterionId === 14));
    const only = aggregateRound(input).units.find((u) => u.code === "12")!;
    expect(only.dimensions[1]).toEqual({ dimensionKey: "dim-b", mean: null, scored: 0, cannotAssess: 1 });
  });

  it("counts gaps and major gaps per unit", () => {
    expect(unit("01")).toMatchObject({ gaps: 1, majorGaps: 0 });
    expect(unit("13")).toMatchObject({ gaps: 4, majorGaps: 4 });
    expect(unit("25")).toMatchObject({ gaps: 1, majorGaps: 0 });
  });

  it("computes per-criterion mean, median, shares over units with a score, and counts", () => {
    expect(stat("c1")).toEqual({
      criterionKey: "c1", n: 4, mean: 2.25, median: 3, gaps: 1, gapShare: 0.25, majorGaps: 1, majorGapShare: 0.25, cannotAssess: 0, missing: 0,
    });
    expect(stat("c2")).toEqual({
      criterionKey: "c2", n: 3, mean: 2, median: 2, gaps: 2, gapShare: 0.6667, majorGaps: 1, majorGapShare: 0.3333, cannotAssess: 0, missing: 1,
    });
    // n = 2: the cannot-assess cell and the missing one are outside the denominator.
    expect(stat("c3")).toEqual({
      criterionKey: "c3", n: 2, mean: 1, median: 1, gaps: 2, gapShare: 1, majorGaps: 1, majorGapShare: 0.5, cannotAssess: 1, missing: 1,
    });
    expect(stat("c4")).toEqual({
      criterionKey: "c4", n: 4, mean: 2, median: 2.5, gaps: 2, gapShare: 0.5, majorGaps: 1, majorGapShare: 0.25, cannotAssess: 0, missing: 0,
    });
  });

  it("computes the national mean of unit means and the population standard deviation", () => {
    const means = [2.75, 8 / 3, 0.25, 2.5];
    expect(result.national).toEqual({
      units: 4,
      unitsWithMean: 4,
      mean: round(means.reduce((a, b) => a + b) / 4),
      standardDeviation: round(standardDeviation(means)!),
    });
    expect(result.national.mean).toBeCloseTo(2.0417, 4);
    expect(result.national.standardDeviation).toBeCloseTo(1.0383, 4);
  });

  it("lists general development areas (gap in ≥ 50 %), most common first, the threshold inclusive", () => {
    expect(result.generalAreas).toEqual([
      { criterionKey: "c3", gaps: 2, n: 2, gapShare: 1 },
      { criterionKey: "c2", gaps: 2, n: 3, gapShare: 0.6667 },
      { criterionKey: "c4", gaps: 2, n: 4, gapShare: 0.5 },
    ]);
    const stricter = aggregateRound(fixture(), { rules: { generalGapShare: 0.7 } });
    expect(stricter.generalAreas.map((a) => a.criterionKey)).toEqual(["c3"]);
  });

  it("finds specific cells ≥ 2 steps below the criterion's median (medians of even counts included)", () => {
    expect(result.specificAreas.cells).toEqual([
      { unitCode: "13", criterionKey: "c1", dimensionKey: "dim-a", score: 0, median: 3, stepsBelow: 3 },
      { unitCode: "13", criterionKey: "c4", dimensionKey: "dim-b", score: 0, median: 2.5, stepsBelow: 2.5 },
    ]);
  });

  it("finds units more than 1 standard deviation below the national mean", () => {
    expect(result.specificAreas.units).toEqual([{ unitCode: "13", mean: 0.25, sdBelow: round((2.0416667 - 0.25) / 1.0383279, 4) }]);
  });

  it("breaks down by healthcare region, counting Halland in both of its regions", () => {
    expect(result.regions.breakdown.map((r) => [r.code, r.unitCodes])).toEqual([
      ["norra", ["25"]],
      ["stockholm-gotland", ["01"]],
      ["sodra", ["12", "13"]],
      ["vastra", ["13"]],
    ]);
    const sodra = result.regions.breakdown.find((r) => r.code === "sodra")!;
    expect(sodra.dimensions).toEqual([
      { dimensionKey: "dim-a", mean: 1.5, n: 2 },
      { dimensionKey: "dim-b", mean: 1.5, n: 2 },
    ]);
    expect(sodra.mean).toBe(round((8 / 3 + 0.25) / 2));
    const vastra = result.regions.breakdown.find((r) => r.code === "vastra")!;
    expect(vastra).toMatchObject({ mean: 0.25, n: 1, dimensions: [{ mean: 0.5 }, { mean: 0 }] });
    expect(result.regions.multiRegionUnits).toEqual([{ unitCode: "13", regionCodes: ["sodra", "vastra"] }]);
    expect(unit("13").regionCodes).toEqual(["sodra", "vastra"]);
    expect(result.regions.unitsWithoutRegion).toEqual([]);
  });

  it("leaves units without a region out of the breakdown and says so", () => {
    const input = fixture();
    input.units[0]!.regionIds = [];
    const r = aggregateRound(input);
    expect(r.regions.unitsWithoutRegion).toEqual(["25"]);
    expect(r.regions.breakdown.map((x) => x.code)).toEqual(["stockholm-gotland", "sodra", "vastra"]);
  });

  it("names in-depth candidates with their reasons", () => {
    // Halland: 4 major gaps (< 5) but specific cells in both dimensions.
    expect(result.inDepthCandidates).toEqual([
      { unitCode: "13", majorGaps: 4, specificDimensions: ["dim-a", "dim-b"], reasons: ["specificDimensions"] },
    ]);
    const lower = aggregateRound(fixture(), { rules: { inDepthMajorGaps: 4 } });
    expect(lower.inDepthCandidates[0]!.reasons).toEqual(["majorGaps", "specificDimensions"]);
    const strict = aggregateRound(fixture(), { rules: { inDepthSpecificDimensions: 3 } });
    expect(strict.inDepthCandidates).toEqual([]);
  });

  it("counts recommendation themes per criterion with priorities, only from the round's units", () => {
    expect(result.recommendationThemes).toEqual({
      recommendations: 4,
      unlinked: 1,
      criteria: [
        // c1 and c3 tie on total and high: manual order decides.
        { criterionKey: "c1", total: 2, high: 1, medium: 1, low: 0, units: 1 },
        { criterionKey: "c3", total: 2, high: 1, medium: 0, low: 1, units: 2 },
        { criterionKey: "c2", total: 0, high: 0, medium: 0, low: 0, units: 0 },
        { criterionKey: "c4", total: 0, high: 0, medium: 0, low: 0, units: 0 },
      ],
    });
  });

  it("describes the scale: top step and major-gap values", () => {
    expect(result.scale.topValue).toBe(3);
    expect(result.scale.majorGapValues).toEqual([0, 1]);
    expect(result.rules).toEqual({
      generalGapShare: 0.5,
      specificStepsBelowMedian: 2,
      specificSdBelowMean: 1,
      inDepthMajorGaps: 5,
      inDepthSpecificDimensions: 2,
    });
  });

  it("is deterministic: shuffled input gives the same output", () => {
    const input = fixture();
    const shuffled: AggregationInput = {
      ...input,
      units: [...input.units].reverse(),
      scores: [...input.scores].reverse(),
      criteria: [...input.criteria].reverse(),
      regions: [...input.regions].reverse(),
      recommendations: [...input.recommendations].reverse(),
    };
    expect(JSON.stringify(aggregateRound(shuffled))).toBe(JSON.stringify(result));
  });
});

describe("aggregateRound with a demand filter", () => {
  it("keeps only criteria of that level of demand, and recomputes everything on them", () => {
    const basic = aggregateRound(fixture(), { demand: "basic" });
    expect(basic.filter).toEqual({ demand: "basic" });
    expect(basic.criteria.map((c) => c.key)).toEqual(["c1", "c4"]);
    expect(basic.units.find((u) => u.code === "25")!.mean).toBe(2.5);
    expect(basic.units.find((u) => u.code === "01")!.cells.map((c) => c.criterionKey)).toEqual(["c1", "c4"]);
    expect(basic.recommendationThemes.criteria.map((t) => t.criterionKey)).toEqual(["c1", "c4"]);
  });

  it("drops dimensions the filter leaves empty", () => {
    const advanced = aggregateRound(fixture(), { demand: "advanced" });
    expect(advanced.dimensions.map((d) => d.key)).toEqual(["dim-b"]);
    expect(advanced.units[0]!.dimensions.map((d) => d.dimensionKey)).toEqual(["dim-b"]);
    expect(advanced.regions.breakdown[0]!.dimensions.map((d) => d.dimensionKey)).toEqual(["dim-b"]);
  });
});

describe("aggregateRound edge cases", () => {
  it("an empty round (no published reviews) gives empty results, not errors", () => {
    const empty = aggregateRound({ ...fixture(), units: [], scores: [], recommendations: [] });
    expect(empty.units).toEqual([]);
    expect(empty.national).toEqual({ units: 0, unitsWithMean: 0, mean: null, standardDeviation: null });
    expect(empty.criterionStats.every((s) => s.n === 0 && s.mean === null && s.gapShare === null && s.majorGapShare === null)).toBe(true);
    expect(empty.generalAreas).toEqual([]);
    expect(empty.specificAreas).toEqual({ cells: [], units: [] });
    expect(empty.regions.breakdown).toEqual([]);
    expect(empty.inDepthCandidates).toEqual([]);
    expect(empty.recommendationThemes.recommendations).toBe(0);
  });

  it("a single unit has no spread: no specific units, and no specific cells (it is the median)", () => {
    const input = fixture();
    const single = aggregateRound({ ...input, units: input.units.filter((u) => u.code === "13") });
    expect(single.national.standardDeviation).toBe(0);
    expect(single.specificAreas).toEqual({ cells: [], units: [] });
  });

  it("all units equal: nobody is flagged", () => {
    const input = fixture();
    input.scores = input.units.flatMap((u) => input.criteria.map((c) => ({ reviewId: u.reviewId, criterionId: c.id, score: 2, cannotAssess: false })));
    const equal = aggregateRound(input);
    expect(equal.specificAreas).toEqual({ cells: [], units: [] });
    expect(equal.generalAreas.map((a) => a.gapShare)).toEqual([1, 1, 1, 1]);
    expect(equal.inDepthCandidates).toEqual([]);
  });

  it("ties in the general areas keep manual order", () => {
    const input = fixture();
    input.scores = input.units.flatMap((u) =>
      input.criteria.map((c) => ({ reviewId: u.reviewId, criterionId: c.id, score: u.code === "01" ? 3 : 1, cannotAssess: false })),
    );
    expect(aggregateRound(input).generalAreas.map((a) => a.criterionKey)).toEqual(["c1", "c2", "c3", "c4"]);
  });

  it("a unit with only cannot-assess scores has no mean and stays out of the national mean", () => {
    const input = fixture();
    input.scores = input.scores.map((s) => (s.reviewId === 125 ? { ...s, score: null, cannotAssess: true } : s));
    const r = aggregateRound(input);
    const norrbotten = r.units.find((u) => u.code === "25")!;
    expect(norrbotten.mean).toBeNull();
    expect(norrbotten.dimensions.map((d) => d.mean)).toEqual([null, null]);
    expect(r.national.unitsWithMean).toBe(3);
    expect(r.regions.breakdown.find((x) => x.code === "norra")).toMatchObject({ mean: null, n: 0 });
  });

  it("a value off the scale is not a score", () => {
    const input = fixture();
    input.scores.push({ reviewId: 125, criterionId: 12, score: 7, cannotAssess: false });
    const r = aggregateRound(input);
    expect(r.units.find((u) => u.code === "25")!.cells[1]).toEqual({ criterionKey: "c2", score: null, cannotAssess: false });
  });

  it("measures distances in scale steps and major gaps as the two lowest steps on another scale", () => {
    const input = fixture();
    input.scale = { ...SCALE, steps: [1, 2, 3, 4, 5].map((value) => ({ value, label: bi(String(value)) })) };
    input.scores = [
      { reviewId: 101, criterionId: 11, score: 5, cannotAssess: false },
      { reviewId: 112, criterionId: 11, score: 5, cannotAssess: false },
      { reviewId: 113, criterionId: 11, score: 2, cannotAssess: false },
    ];
    const r = aggregateRound(input);
    expect(r.scale.majorGapValues).toEqual([1, 2]);
    expect(r.scale.topValue).toBe(5);
    expect(r.units.find((u) => u.code === "13")).toMatchObject({ gaps: 1, majorGaps: 1 });
    expect(r.specificAreas.cells).toEqual([{ unitCode: "13", criterionKey: "c1", dimensionKey: "dim-a", score: 2, median: 5, stepsBelow: 3 }]);
  });
});
