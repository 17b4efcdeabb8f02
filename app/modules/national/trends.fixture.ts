/** Hand-made manual versions and rounds for the trend tests (not shipped: only tests import it). */
import type { CrosswalkEntry } from "~/modules/manuals/manual-schema";
import { aggregateRound, type AggregationInput, type CriterionInput, type ScoreInput } from "./aggregation";
import { SCALE, bi } from "./aggregation.fixture";
import type { TrendInput, TrendVersionInput } from "./trends";

type Cell = number | null | "ca";

/** One round: criteria (key, dimension) in manual order and each unit's scores in the same order. */
function roundInput(
  id: number,
  dimensions: string[],
  criteria: [key: string, dimension: string, demand?: string][],
  units: Record<string, Cell[]>,
): AggregationInput {
  const criterionInputs: CriterionInput[] = criteria.map(([key, dimensionKey, demand], i) => ({
    id: id * 100 + i,
    key,
    dimensionKey,
    position: i + 1,
    number: String(i + 1),
    demand: demand ?? "basic",
    text: bi(`Kriterium ${key}`),
  }));
  const scores: ScoreInput[] = [];
  const unitInputs = Object.entries(units).map(([code, cells], u) => {
    const reviewId = id * 1000 + u;
    cells.forEach((cell, i) =>
      scores.push({ reviewId, criterionId: criterionInputs[i]!.id, score: cell === "ca" ? null : cell, cannotAssess: cell === "ca" }),
    );
    return { unitId: Number(code), reviewId, code, name: bi(`Enhet ${code}`), regionIds: [] };
  });
  return {
    scale: SCALE,
    dimensions: dimensions.map((key, i) => ({ key, number: String(i + 1), title: bi(`Dimension ${key}`) })),
    criteria: criterionInputs,
    regions: [],
    units: unitInputs,
    scores,
    recommendations: [],
  };
}

const SCALE_VALUES = [0, 1, 2, 3];

/**
 * Version 1: D1 = a, b, c, g, h; D2 = d, e. Version 2 (crosswalk below): a same, b reworded,
 * c split into c1 + c2, g + h merged into gh, d retired, e moved to D1, f new in D2.
 *
 *   2025 (v1)   a  b   c  g  h  d  e         2026 (v2)  a  b  c1 c2 gh  e  f
 *   01          3  2   1  2  2  0  3         01         3  3  2  1  2   3  1
 *   02          1  2   3  1  1  1  2         02         2  2  3  3  2   1  0
 *   03          2  E/B 2  0  3  2  –         04         0  1  1  1  1   2  3
 */
export const CROSSWALK_V2: CrosswalkEntry[] = [
  { type: "same", from: ["a"], to: ["a"] },
  { type: "reworded", from: ["b"], to: ["b"] },
  { type: "split", from: ["c"], to: ["c1", "c2"] },
  { type: "merged", from: ["g", "h"], to: ["gh"] },
  { type: "retired", from: ["d"], to: [] },
  { type: "moved", from: ["e"], to: ["e"] },
  { type: "new", from: [], to: ["f"] },
];

export const VERSIONS: TrendVersionInput[] = [
  { version: 1, keys: ["a", "b", "c", "g", "h", "d", "e"], scaleValues: SCALE_VALUES },
  { version: 2, keys: ["a", "b", "c1", "c2", "gh", "e", "f"], crosswalk: CROSSWALK_V2, scaleValues: SCALE_VALUES },
];

export function round2025() {
  return roundInput(
    1,
    ["D1", "D2"],
    [["a", "D1"], ["b", "D1", "advanced"], ["c", "D1"], ["g", "D1"], ["h", "D1"], ["d", "D2"], ["e", "D2"]],
    { "01": [3, 2, 1, 2, 2, 0, 3], "02": [1, 2, 3, 1, 1, 1, 2], "03": [2, "ca", 2, 0, 3, 2, null] },
  );
}

export function round2026() {
  return roundInput(
    2,
    ["D1", "D2"],
    [["a", "D1"], ["b", "D1", "advanced"], ["c1", "D1"], ["c2", "D1"], ["gh", "D1"], ["e", "D1"], ["f", "D2"]],
    { "01": [3, 3, 2, 1, 2, 3, 1], "02": [2, 2, 3, 3, 2, 1, 0], "04": [0, 1, 1, 1, 1, 2, 3] },
  );
}

export function trendInput(): TrendInput {
  return {
    manualKey: "county",
    versions: VERSIONS,
    // Deliberately newest first: the module orders by period.
    rounds: [
      { round: { id: 2, name: "Omgång 2026", periodStart: "2026-01-01", manualVersion: 2, publishedReviews: 3 }, aggregation: aggregateRound(round2026()) },
      { round: { id: 1, name: "Omgång 2025", periodStart: "2025-01-01", manualVersion: 1, publishedReviews: 3 }, aggregation: aggregateRound(round2025()) },
    ],
  };
}
