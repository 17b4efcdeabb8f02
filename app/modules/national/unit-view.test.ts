import { describe, expect, it } from "vitest";
import { aggregateRound } from "./aggregation";
import { fixture } from "./aggregation.fixture";
import { MIN_GROUP_SIZE, unitComparison } from "./unit-view";

/** The aggregation fixture (four units): expectations by hand from its table. */
describe("unitComparison", () => {
  const aggregation = aggregateRound(fixture());

  it("shows the unit's own scores beside the national distribution when the group is large enough", () => {
    const view = unitComparison(aggregation, "12", 3)!;
    expect(view.unit).toEqual({ code: "12", name: { sv: "Skåne", en: "Skåne (en)" }, reviewId: 112 });
    expect(view.units).toBe(4);
    expect(view.criteria.map((c) => [c.key, c.own, c.national])).toEqual([
      // c1: 3, 3, 0, 3.
      ["c1", { score: 3, cannotAssess: false }, { n: 4, median: 3, counts: [1, 0, 0, 3] }],
      // c2: 3, 2, 1 (Norrbotten has none).
      ["c2", { score: 2, cannotAssess: false }, { n: 3, median: 2, counts: [0, 1, 1, 1] }],
      // c3: only two scores (Stockholm 2, Halland 0): fewer than 3 units, not shown.
      ["c3", { score: null, cannotAssess: true }, null],
      // c4: 3, 3, 0, 2.
      ["c4", { score: 3, cannotAssess: false }, { n: 4, median: 2.5, counts: [1, 0, 1, 2] }],
    ]);
  });

  it("per dimension: the unit's mean, the median of the unit means and units per nearest step", () => {
    const view = unitComparison(aggregation, "12", 3)!;
    // A: 3, 2.5, 0.5, 3 (ties go to the lower step: 2.5 → 2, 0.5 → 0). B: 2.5, 3, 0, 2.
    expect(view.dimensions.map((d) => [d.key, d.own, d.national])).toEqual([
      ["dim-a", 2.5, { n: 4, median: 2.75, counts: [1, 0, 1, 2] }],
      ["dim-b", 3, { n: 4, median: 2.25, counts: [1, 0, 2, 1] }],
    ]);
    // Overall: 2.75, 8/3, 0.25, 2.5.
    expect(view.overall.own).toBe(2.6667);
    expect(view.overall.national!.counts).toEqual([1, 0, 1, 2]);
    expect(view.overall.national!.median).toBeCloseTo((2.5 + 2.6667) / 2, 3);
  });

  it("hides every national number below the minimum group size (default 5)", () => {
    expect(MIN_GROUP_SIZE).toBe(5);
    const view = unitComparison(aggregation, "12")!;
    expect(view.criteria.every((c) => c.national === null)).toBe(true);
    expect(view.dimensions.every((d) => d.national === null)).toBe(true);
    expect(view.overall.national).toBeNull();
    // The unit's own numbers stay.
    expect(view.criteria[0]!.own.score).toBe(3);
  });

  it("carries no other unit's name, code or review", () => {
    const text = JSON.stringify(unitComparison(aggregation, "12", 1));
    for (const other of ["Stockholm", "Halland", "Norrbotten", '"01"', '"13"', '"25"', "101", "113", "125"]) expect(text).not.toContain(other);
  });

  it("is null for a unit without a published review in the round", () => {
    expect(unitComparison(aggregation, "03")).toBeNull();
  });
});
