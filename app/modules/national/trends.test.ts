import { describe, expect, it } from "vitest";
import { aggregateRound } from "./aggregation";
import { CROSSWALK_V2, VERSIONS, round2025, round2026, trendInput } from "./trends.fixture";
import { computeTrends, type TrendCriterionRow, type TrendValue } from "./trends";

/** Expectations computed by hand from the tables in trends.fixture.ts. */
describe("computeTrends across the v1 → v2 manual change", () => {
  const trends = computeTrends(trendInput());
  const row = (key: string) => trends.criteria.find((r) => r.key === key)!;
  const value = (r: TrendCriterionRow, i: number) => r.points[i] as TrendValue;

  it("orders the rounds oldest first and anchors the rows in the newest version", () => {
    expect(trends.targetVersion).toBe(2);
    expect(trends.rounds.map((r) => [r.id, r.manualVersion, r.units])).toEqual([
      [1, 1, 3],
      [2, 2, 3],
    ]);
    // Target criteria in manual order, then the criterion retired on the way.
    expect(trends.criteria.map((r) => [r.key, r.status, r.anchorVersion])).toEqual([
      ["a", "current", 2],
      ["b", "current", 2],
      ["c1", "current", 2],
      ["c2", "current", 2],
      ["gh", "current", 2],
      ["e", "current", 2],
      ["f", "current", 2],
      ["d", "retired", 1],
    ]);
  });

  it("same: the national mean, median and shares of gaps per round", () => {
    // 2025: 3, 1, 2 → mean 2, median 2, gaps 2 of 3, major gaps (0 or 1) 1 of 3.
    expect(value(row("a"), 0)).toEqual({
      roundId: 1,
      comparable: true,
      criterionKey: "a",
      relations: [],
      caution: false,
      n: 3,
      mean: 2,
      median: 2,
      gaps: 2,
      gapShare: 0.6667,
      majorGaps: 1,
      majorGapShare: 0.3333,
      cannotAssess: 0,
    });
    // 2026: 3, 2, 0 → mean 5/3.
    expect(value(row("a"), 1)).toMatchObject({ criterionKey: "a", n: 3, mean: 1.6667, median: 2, gaps: 2, gapShare: 0.6667, majorGaps: 1 });
    expect(row("a").comparableAcross).toBe(true);
  });

  it("reworded: comparable with care; cannot assess stays out of n", () => {
    expect(value(row("b"), 0)).toMatchObject({ relations: ["reworded"], caution: true, n: 2, mean: 2, gaps: 2, gapShare: 1, majorGaps: 0, cannotAssess: 1 });
    expect(value(row("b"), 1)).toMatchObject({ relations: [], caution: false, n: 3, mean: 2, gapShare: 0.6667, majorGapShare: 0.3333 });
    expect(row("b").comparableAcross).toBe(true);
  });

  it("moved: comparable, shown under the new dimension", () => {
    expect(row("e").dimensionKey).toBe("D1");
    // 2025: 3, 2 and a missing score → n 2, mean 2.5, one gap.
    expect(value(row("e"), 0)).toMatchObject({ relations: ["moved"], caution: false, n: 2, mean: 2.5, median: 2.5, gaps: 1, gapShare: 0.5 });
  });

  it("split, merged, new and retired say 'not comparable' with the relation instead of a number", () => {
    expect(row("c1").points[0]).toEqual({ roundId: 1, comparable: false, reason: "split", criterionKeys: ["c"] });
    expect(row("c2").points[0]).toEqual({ roundId: 1, comparable: false, reason: "split", criterionKeys: ["c"] });
    expect(row("gh").points[0]).toEqual({ roundId: 1, comparable: false, reason: "merged", criterionKeys: ["g", "h"] });
    expect(row("f").points[0]).toEqual({ roundId: 1, comparable: false, reason: "new", criterionKeys: [] });
    // The round on the criterion's own version has its number: c2 2026 = 1, 3, 1.
    expect(value(row("c2"), 1)).toMatchObject({ n: 3, mean: 1.6667, median: 1, gaps: 2, majorGaps: 2, majorGapShare: 0.6667 });
    // Retired d: its 2025 number (0, 1, 2), then not comparable.
    expect(value(row("d"), 0)).toMatchObject({ criterionKey: "d", n: 3, mean: 1, gaps: 3, gapShare: 1, majorGaps: 2 });
    expect(row("d").points[1]).toEqual({ roundId: 2, comparable: false, reason: "retired", criterionKeys: [] });
    for (const key of ["c1", "c2", "gh", "f", "d"]) expect(row(key).comparableAcross, key).toBe(false);
  });

  it("dimensions over their comparable core; a dimension without one is not comparable", () => {
    const [d1, d2] = trends.dimensions;
    expect(d1).toMatchObject({ key: "D1", coreKeys: ["a", "b", "e"], excludedKeys: ["c1", "c2", "gh"] });
    // 2025: unit means 8/3 (3, 2, 3), 5/3 (1, 2, 2), 2 (a only) → 19/9; 7 scored cells, 5 gaps.
    // 2026: 3 (3, 3, 3), 5/3 (2, 2, 1), 1 (0, 1, 2) → 17/9; 9 cells, 6 gaps.
    expect(d1!.points).toEqual([
      { roundId: 1, n: 3, mean: 2.1111, cells: 7, gaps: 5, gapShare: 0.7143 },
      { roundId: 2, n: 3, mean: 1.8889, cells: 9, gaps: 6, gapShare: 0.6667 },
    ]);
    expect(d2).toMatchObject({ key: "D2", coreKeys: [], excludedKeys: ["f"], points: null });
    expect(trends.overall.coreKeys).toEqual(["a", "b", "e"]);
    expect(trends.overall.points).toEqual(d1!.points);
  });

  it("per unit: the mean over the core in every round the unit took part in", () => {
    expect(trends.units.map((u) => [u.code, u.points.map((p) => [p.mean, p.scored])])).toEqual([
      ["01", [[2.6667, 3], [3, 3]]],
      ["02", [[1.6667, 3], [1.6667, 3]]],
      ["03", [[2, 1], [null, 0]]],
      ["04", [[null, 0], [1, 3]]],
    ]);
  });

  it("the demand filter narrows the rows and the core to the anchor criterion's level", () => {
    const advanced = computeTrends({ ...trendInput(), demand: "advanced" });
    expect(advanced.criteria.map((r) => r.key)).toEqual(["b"]);
    expect(advanced.overall.coreKeys).toEqual(["b"]);
    expect(advanced.dimensions.map((d) => d.key)).toEqual(["D1"]);
  });
});

describe("computeTrends over more than one step", () => {
  const v3 = {
    version: 3,
    keys: ["a", "b", "c1", "c2", "gh", "f"],
    crosswalk: [
      { type: "reworded" as const, from: ["a"], to: ["a"] },
      { type: "same" as const, from: ["b"], to: ["b"] },
      { type: "same" as const, from: ["c1"], to: ["c1"] },
      { type: "same" as const, from: ["c2"], to: ["c2"] },
      { type: "same" as const, from: ["gh"], to: ["gh"] },
      { type: "retired" as const, from: ["e"], to: [] },
      { type: "same" as const, from: ["f"], to: ["f"] },
    ],
    scaleValues: [0, 1, 2, 3],
  };
  const r2027 = round2026();
  r2027.criteria = r2027.criteria.filter((c) => c.key !== "e");

  it("walks v1 → v2 → v3 and anchors a criterion retired in v3 in v2, once", () => {
    const trends = computeTrends({
      manualKey: "county",
      versions: [...VERSIONS, v3],
      rounds: [
        { round: { id: 1, name: "2025", periodStart: "2025-01-01", manualVersion: 1, publishedReviews: 3 }, aggregation: aggregateRound(round2025()) },
        { round: { id: 2, name: "2026", periodStart: "2026-01-01", manualVersion: 2, publishedReviews: 3 }, aggregation: aggregateRound(round2026()) },
        { round: { id: 3, name: "2027", periodStart: "2027-01-01", manualVersion: 3, publishedReviews: 3 }, aggregation: aggregateRound(r2027) },
      ],
    });
    const a = trends.criteria.find((r) => r.key === "a")!;
    expect(a.points.map((p) => (p.comparable ? p.relations : p.reason))).toEqual([["reworded"], ["reworded"], []]);
    const b = trends.criteria.find((r) => r.key === "b")!;
    expect(b.points.map((p) => (p.comparable ? p.relations : p.reason))).toEqual([["reworded"], [], []]);
    // e (moved in v2, retired in v3) is one row anchored in v2 and carries the v1 score; d is anchored in v1.
    const retired = trends.criteria.filter((r) => r.status === "retired").map((r) => [r.key, r.anchorVersion]);
    expect(retired).toEqual([
      ["e", 2],
      ["d", 1],
    ]);
    const e = trends.criteria.find((r) => r.key === "e")!;
    expect(e.points.map((p) => (p.comparable ? p.mean : p.reason))).toEqual([2.5, 2, "retired"]);
  });

  it("a different scale makes a criterion not comparable", () => {
    const trends = computeTrends({
      ...trendInput(),
      versions: [VERSIONS[0]!, { ...VERSIONS[1]!, crosswalk: CROSSWALK_V2, scaleValues: [0, 1, 2, 3, 4] }],
    });
    expect(trends.criteria.find((r) => r.key === "a")!.points[0]).toMatchObject({ comparable: false, reason: "scale" });
    expect(trends.overall.points).toBeNull();
  });
});
