/** Hand-made rows for the aggregation's unit tests and the export tests (not shipped: only tests import it). */
import type { AggregationInput, ScoreInput } from "./aggregation";

export const bi = (text: string) => ({ sv: text, en: `${text} (en)` });

export const SCALE = {
  steps: [0, 1, 2, 3].map((value) => ({ value, label: bi(`Steg ${value}`) })),
  cannotAssess: { label: bi("Ej bedömbart") },
};

/**
 * Four units, four criteria in two dimensions. Expectations are computed by hand in aggregation.test.ts.
 *
 *            c1(A) c2(A) c3(B)  c4(B)   mean
 *  01 Sthlm    3     3     2      3     2.75
 *  12 Skåne    3     2    E/B     3     8/3
 *  13 Halland  0     1     0      0     0.25   (in two regions)
 *  25 Norrb.   3     –     –(null) 2    2.5
 */
export function fixture(): AggregationInput {
  const s = (reviewId: number, criterionId: number, score: number | null, cannotAssess = false): ScoreInput => ({
    reviewId,
    criterionId,
    score,
    cannotAssess,
  });
  return {
    scale: SCALE,
    dimensions: [
      { key: "dim-a", number: "1", title: bi("Dimension A") },
      { key: "dim-b", number: "2", title: bi("Dimension B") },
    ],
    criteria: [
      // Deliberately out of order: the module sorts by position.
      { id: 13, key: "c3", dimensionKey: "dim-b", position: 3, number: "2.1", demand: "advanced", text: bi("Kriterium 3") },
      { id: 11, key: "c1", dimensionKey: "dim-a", position: 1, number: "1.1", demand: "basic", text: bi("Kriterium 1") },
      { id: 12, key: "c2", dimensionKey: "dim-a", position: 2, number: "1.2", demand: "developing", text: bi("Kriterium 2") },
      { id: 14, key: "c4", dimensionKey: "dim-b", position: 4, number: "2.2", demand: "basic", text: bi("Kriterium 4") },
    ],
    regions: [
      { id: 6, code: "vastra", name: bi("Västra"), sortOrder: 6 },
      { id: 1, code: "norra", name: bi("Norra"), sortOrder: 1 },
      { id: 3, code: "stockholm-gotland", name: bi("Stockholm–Gotland"), sortOrder: 3 },
      { id: 5, code: "sodra", name: bi("Södra"), sortOrder: 5 },
    ],
    units: [
      { unitId: 25, reviewId: 125, code: "25", name: bi("Norrbotten"), regionIds: [1] },
      { unitId: 13, reviewId: 113, code: "13", name: bi("Halland"), regionIds: [6, 5] },
      { unitId: 1, reviewId: 101, code: "01", name: bi("Stockholm"), regionIds: [3] },
      { unitId: 12, reviewId: 112, code: "12", name: bi("Skåne"), regionIds: [5] },
    ],
    scores: [
      s(101, 11, 3), s(101, 12, 3), s(101, 13, 2), s(101, 14, 3),
      s(112, 11, 3), s(112, 12, 2), s(112, 13, null, true), s(112, 14, 3),
      s(113, 11, 0), s(113, 12, 1), s(113, 13, 0), s(113, 14, 0),
      s(125, 11, 3), s(125, 13, null), s(125, 14, 2),
      // A row of a review that is not in the round's published units is ignored.
      s(999, 11, 0),
    ],
    recommendations: [
      { id: 1, reviewId: 113, priority: "high", criterionIds: [11, 13] },
      { id: 2, reviewId: 113, priority: "medium", criterionIds: [11] },
      { id: 3, reviewId: 101, priority: "low", criterionIds: [13] },
      { id: 4, reviewId: 112, priority: "high", criterionIds: [] },
      // Not a published review of the round: never counted.
      { id: 5, reviewId: 999, priority: "high", criterionIds: [11] },
    ],
  };
}
