/**
 * The national aggregation of one review round (product.md, "National aggregation"): from the
 * consensus scores of the round's PUBLISHED reviews, the units × criteria and units × dimensions
 * matrices, per-criterion gap statistics, general and specific development areas, the breakdown
 * by healthcare region, candidates for an in-depth review (fördjupad granskning) and the
 * recommendation themes per criterion.
 *
 * Pure: the repository (national-repository.server.ts) feeds it plain rows; the page, the CSV
 * and the JSON export all read the one object it returns, so they cannot disagree.
 *
 * Definitions (the page shows each rule in words):
 * - A score is a consensus score on one of the scale's steps. "Cannot assess" and missing scores
 *   are not scores: they are left out of every mean, share and median, and counted separately.
 * - Gap: a score below the scale's top step. Major gap: a score on one of the two lowest steps
 *   (0 or 1 on the default 0–3 scale).
 * - Means are plain arithmetic means. A unit's dimension mean is the mean of its scores on the
 *   dimension's criteria; its overall mean the mean of all its scores. The national mean is the
 *   mean of the unit means (every unit weighs the same) and the standard deviation is the
 *   population standard deviation of the unit means (the round covers all its units, it is not a
 *   sample). A region's dimension mean is likewise the mean of its units' dimension means.
 * - Shares have as denominator the units WITH a score for the criterion (n).
 * - Distances "in steps" are measured between positions on the scale, not raw values.
 * - Ordering: units by code, criteria by manual position, dimensions in manual order, regions in
 *   their reference order; lists that rank something name their tie-breaks below.
 */
import type { Priority } from "#db/schema";
import type { DEMAND_LEVELS } from "~/modules/manuals/manual-schema";

export type Demand = (typeof DEMAND_LEVELS)[number];

export interface Bilingual {
  sv: string;
  en: string;
}

export interface ScaleInput {
  /** Ascending; the last step is "no gap". */
  steps: { value: number; label: Bilingual }[];
  cannotAssess: { label: Bilingual };
}

export interface DimensionInput {
  key: string;
  number: string;
  title: Bilingual;
}

export interface CriterionInput {
  id: number;
  key: string;
  dimensionKey: string;
  position: number;
  /** Reading number as in the manual pages (the source's own, else "<dimension>.<n>"). */
  number: string;
  demand: string;
  text: Bilingual;
}

export interface RegionInput {
  id: number;
  code: string;
  name: Bilingual;
  /** Reference order (north to south as seeded). */
  sortOrder: number;
}

export interface UnitInput {
  unitId: number;
  reviewId: number;
  code: string;
  name: Bilingual;
  regionIds: number[];
}

export interface ScoreInput {
  reviewId: number;
  criterionId: number;
  score: number | null;
  cannotAssess: boolean;
}

export interface RecommendationInput {
  id: number;
  reviewId: number;
  priority: Priority;
  criterionIds: number[];
}

export interface AggregationRules {
  /** General development area: a gap in at least this share of the units with a score. */
  generalGapShare: number;
  /** Specific cell: the unit's score at least this many steps below the criterion's national median. */
  specificStepsBelowMedian: number;
  /** Specific unit: overall mean more than this many standard deviations below the national mean. */
  specificSdBelowMean: number;
  /** In-depth candidate: at least this many major gaps … */
  inDepthMajorGaps: number;
  /** … or specific cells in at least this many dimensions. */
  inDepthSpecificDimensions: number;
}

export const DEFAULT_RULES: AggregationRules = {
  generalGapShare: 0.5,
  specificStepsBelowMedian: 2,
  specificSdBelowMean: 1,
  inDepthMajorGaps: 5,
  inDepthSpecificDimensions: 2,
};

export interface AggregationInput {
  scale: ScaleInput;
  dimensions: DimensionInput[];
  criteria: CriterionInput[];
  regions: RegionInput[];
  units: UnitInput[];
  scores: ScoreInput[];
  recommendations: RecommendationInput[];
}

export interface AggregationOptions {
  demand?: Demand | null;
  rules?: Partial<AggregationRules>;
}

export interface UnitCell {
  criterionKey: string;
  /** The consensus score, or null (cannot assess, or no score). */
  score: number | null;
  cannotAssess: boolean;
}

export interface UnitDimension {
  dimensionKey: string;
  /** Null: not computable (no scores in the dimension). */
  mean: number | null;
  scored: number;
  cannotAssess: number;
}

export interface AggregatedUnit {
  unitId: number;
  reviewId: number;
  code: string;
  name: Bilingual;
  regionCodes: string[];
  mean: number | null;
  scored: number;
  cannotAssess: number;
  missing: number;
  gaps: number;
  majorGaps: number;
  cells: UnitCell[];
  dimensions: UnitDimension[];
}

export interface CriterionStat {
  criterionKey: string;
  /** Units with a score for the criterion: the denominator of the shares. */
  n: number;
  mean: number | null;
  median: number | null;
  gaps: number;
  gapShare: number | null;
  majorGaps: number;
  majorGapShare: number | null;
  cannotAssess: number;
  missing: number;
}

export interface GeneralArea {
  criterionKey: string;
  gaps: number;
  n: number;
  gapShare: number;
}

export interface SpecificCell {
  unitCode: string;
  criterionKey: string;
  dimensionKey: string;
  score: number;
  median: number;
  stepsBelow: number;
}

export interface SpecificUnit {
  unitCode: string;
  mean: number;
  /** The unit's distance below the national mean in standard deviations. */
  sdBelow: number;
}

export interface RegionBreakdown {
  code: string;
  name: Bilingual;
  unitCodes: string[];
  mean: number | null;
  /** Units with an overall mean. */
  n: number;
  dimensions: { dimensionKey: string; mean: number | null; n: number }[];
}

export interface InDepthCandidate {
  unitCode: string;
  majorGaps: number;
  /** Dimensions in which the unit has at least one specific cell, in manual order. */
  specificDimensions: string[];
  reasons: ("majorGaps" | "specificDimensions")[];
}

export interface RecommendationTheme {
  criterionKey: string;
  total: number;
  high: number;
  medium: number;
  low: number;
  /** Units with at least one recommendation linked to the criterion. */
  units: number;
}

export interface NationalAggregation {
  filter: { demand: Demand | null };
  rules: AggregationRules;
  scale: {
    steps: { value: number; label: Bilingual }[];
    topValue: number | null;
    majorGapValues: number[];
    cannotAssess: { label: Bilingual };
  };
  dimensions: (DimensionInput & { criterionKeys: string[] })[];
  criteria: Omit<CriterionInput, "id" | "position">[];
  units: AggregatedUnit[];
  national: { units: number; unitsWithMean: number; mean: number | null; standardDeviation: number | null };
  criterionStats: CriterionStat[];
  generalAreas: GeneralArea[];
  specificAreas: { cells: SpecificCell[]; units: SpecificUnit[] };
  regions: {
    breakdown: RegionBreakdown[];
    /** Units that count in more than one region (Halland). */
    multiRegionUnits: { unitCode: string; regionCodes: string[] }[];
    /** Units that belong to no region (not in the breakdown). */
    unitsWithoutRegion: string[];
  };
  inDepthCandidates: InDepthCandidate[];
  recommendationThemes: {
    /** Distinct recommendations of the round's published reviews. */
    recommendations: number;
    /** … of which linked to no criterion at all. */
    unlinked: number;
    criteria: RecommendationTheme[];
  };
}

const EPSILON = 1e-9;

/** Rounds for output only (comparisons use the exact values): stable JSON, no 0.30000000000000004. */
export function round(value: number, decimals = 4): number {
  const factor = 10 ** decimals;
  const rounded = Math.round((value + Math.sign(value) * EPSILON) * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

function roundOrNull(value: number | null, decimals = 4) {
  return value === null ? null : round(value, decimals);
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Median; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Population standard deviation. */
export function standardDeviation(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null) return null;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / values.length);
}

/** Plain code-point comparison: the same order on every machine and in every locale. */
function compareText(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Grid states besides a step index (0 … steps − 1). */
const MISSING = -2;
const CANNOT_ASSESS = -1;

export function aggregateRound(input: AggregationInput, options: AggregationOptions = {}): NationalAggregation {
  const rules: AggregationRules = { ...DEFAULT_RULES, ...options.rules };
  const demand = options.demand ?? null;
  const steps = [...input.scale.steps].sort((a, b) => a.value - b.value);
  const stepOf = new Map(steps.map((step, index) => [step.value, index]));
  const topStep = steps.length - 1;
  const isGap = (step: number) => step < topStep;
  const isMajorGap = (step: number) => step <= 1 && step < topStep;

  // Criteria in manual order, narrowed by the demand filter; dimensions keep manual order and
  // drop out when the filter leaves them without criteria.
  const criteria = [...input.criteria]
    .filter((c) => demand === null || c.demand === demand)
    .sort((a, b) => a.position - b.position || compareText(a.key, b.key));
  const dimensionOrder = new Map(input.dimensions.map((d, i) => [d.key, i]));
  const dimensions = input.dimensions
    .map((d) => ({ ...d, criterionKeys: criteria.filter((c) => c.dimensionKey === d.key).map((c) => c.key) }))
    .filter((d) => d.criterionKeys.length > 0);

  const regionsById = new Map(input.regions.map((r) => [r.id, r]));
  const sortedRegions = [...input.regions].sort((a, b) => a.sortOrder - b.sortOrder || compareText(a.code, b.code));
  const units = [...input.units].sort((a, b) => compareText(a.code, b.code) || a.unitId - b.unitId);

  // ── One pass over the scores into a grid of scale steps ───────────────────────────────────
  /**
   * units × criteria as one typed array of steps (or MISSING / CANNOT_ASSESS), then plain loops
   * over it: at national scale (310 units × 60 criteria) the objects and Map lookups per cell
   * this replaces were most of the aggregation's time (docs/benchmarks.md).
   */
  const U = units.length;
  const C = criteria.length;
  const S = steps.length;
  const unitIndexOfReview = new Map(units.map((unit, u) => [unit.reviewId, u]));
  const criterionIndexOf = new Map(criteria.map((c, i) => [c.id, i]));
  const grid = new Int8Array(U * C).fill(MISSING);
  for (const row of input.scores) {
    const u = unitIndexOfReview.get(row.reviewId);
    const i = criterionIndexOf.get(row.criterionId);
    if (u === undefined || i === undefined) continue;
    if (row.cannotAssess) grid[u * C + i] = CANNOT_ASSESS;
    else {
      // A value off the scale (or none) cannot be placed: treated like a missing score.
      const step = row.score === null ? undefined : stepOf.get(row.score);
      grid[u * C + i] = step === undefined ? MISSING : step;
    }
  }
  const dimensionIndexOfCriterion = new Int32Array(C);
  criteria.forEach((c, i) => {
    dimensionIndexOfCriterion[i] = dimensions.findIndex((d) => d.key === c.dimensionKey);
  });
  const D = dimensions.length;

  // ── Units: cells, dimension means, overall mean, gap counts; the criteria's step counts ───
  /** How many units scored each step on each criterion (criterion × step). */
  const stepCounts = new Int32Array(C * S);
  const criterionCannotAssess = new Int32Array(C);
  const dimensionSum = new Float64Array(D);
  const dimensionScored = new Int32Array(D);
  const dimensionCannotAssess = new Int32Array(D);
  const aggregatedUnits: AggregatedUnit[] = units.map((unit, u) => {
    dimensionSum.fill(0);
    dimensionScored.fill(0);
    dimensionCannotAssess.fill(0);
    let sum = 0;
    let scored = 0;
    let cannotAssess = 0;
    let gaps = 0;
    let majorGaps = 0;
    const cells: UnitCell[] = new Array(C);
    for (let i = 0; i < C; i++) {
      const step = grid[u * C + i]!;
      const d = dimensionIndexOfCriterion[i]!;
      if (step >= 0) {
        const value = steps[step]!.value;
        sum += value;
        scored++;
        dimensionSum[d] = dimensionSum[d]! + value;
        dimensionScored[d]!++;
        stepCounts[i * S + step]!++;
        if (isGap(step)) gaps++;
        if (isMajorGap(step)) majorGaps++;
        cells[i] = { criterionKey: criteria[i]!.key, score: value, cannotAssess: false };
      } else {
        if (step === CANNOT_ASSESS) {
          cannotAssess++;
          dimensionCannotAssess[d]!++;
          criterionCannotAssess[i]!++;
        }
        cells[i] = { criterionKey: criteria[i]!.key, score: null, cannotAssess: step === CANNOT_ASSESS };
      }
    }
    return {
      unitId: unit.unitId,
      reviewId: unit.reviewId,
      code: unit.code,
      name: { sv: unit.name.sv, en: unit.name.en },
      regionCodes: [...unit.regionIds]
        .map((id) => regionsById.get(id))
        .filter((r): r is RegionInput => r !== undefined)
        .sort((a, b) => a.sortOrder - b.sortOrder || compareText(a.code, b.code))
        .map((r) => r.code),
      mean: scored === 0 ? null : sum / scored,
      scored,
      cannotAssess,
      missing: C - scored - cannotAssess,
      gaps,
      majorGaps,
      cells,
      dimensions: dimensions.map((dimension, d) => ({
        dimensionKey: dimension.key,
        mean: dimensionScored[d] === 0 ? null : dimensionSum[d]! / dimensionScored[d]!,
        scored: dimensionScored[d]!,
        cannotAssess: dimensionCannotAssess[d]!,
      })),
    };
  });

  // ── National mean and spread of the unit means ─────────────────────────────────────────────
  const unitMeans = aggregatedUnits.flatMap((u) => (u.mean === null ? [] : [u.mean]));
  const nationalMean = mean(unitMeans);
  const nationalSd = standardDeviation(unitMeans);

  // ── Per criterion, from its step counts ────────────────────────────────────────────────────
  /** The median position on the scale per criterion (NaN: no scores), for the specific cells. */
  const medianStepOf = new Float64Array(C);
  const criterionStats: CriterionStat[] = criteria.map((c, i) => {
    let n = 0;
    let sum = 0;
    let gaps = 0;
    let majorGaps = 0;
    for (let step = 0; step < S; step++) {
      const count = stepCounts[i * S + step]!;
      n += count;
      sum += count * steps[step]!.value;
      if (isGap(step)) gaps += count;
      if (isMajorGap(step)) majorGaps += count;
    }
    /** The k-th smallest step (0-based) of the criterion's scores, from the cumulative counts. */
    const kthStep = (k: number) => {
      let seen = 0;
      for (let step = 0; step < S; step++) {
        seen += stepCounts[i * S + step]!;
        if (k < seen) return step;
      }
      return S - 1;
    };
    let criterionMedian: number | null = null;
    if (n > 0) {
      const low = kthStep(Math.floor((n - 1) / 2));
      const high = kthStep(Math.floor(n / 2));
      medianStepOf[i] = (low + high) / 2;
      criterionMedian = (steps[low]!.value + steps[high]!.value) / 2;
    } else medianStepOf[i] = Number.NaN;
    return {
      criterionKey: c.key,
      n,
      mean: n === 0 ? null : sum / n,
      median: criterionMedian,
      gaps,
      gapShare: n === 0 ? null : gaps / n,
      majorGaps,
      majorGapShare: n === 0 ? null : majorGaps / n,
      cannotAssess: criterionCannotAssess[i]!,
      missing: U - n - criterionCannotAssess[i]!,
    };
  });

  // ── General development areas: most common gaps first, then manual order ──────────────────
  const generalAreas: GeneralArea[] = criterionStats
    .map((stat, i) => ({ stat, i }))
    .filter(({ stat }) => stat.n > 0 && stat.gaps / stat.n >= rules.generalGapShare - EPSILON)
    .sort((a, b) => b.stat.gaps / b.stat.n - a.stat.gaps / a.stat.n || a.i - b.i)
    .map(({ stat }) => ({ criterionKey: stat.criterionKey, gaps: stat.gaps, n: stat.n, gapShare: round(stat.gaps / stat.n) }));

  // ── Specific development areas: cells in unit then manual order; units lowest mean first ───
  const specificCells: SpecificCell[] = [];
  for (let u = 0; u < U; u++) {
    for (let i = 0; i < C; i++) {
      const step = grid[u * C + i]!;
      const medianStep = medianStepOf[i]!;
      if (step < 0 || Number.isNaN(medianStep)) continue;
      const below = medianStep - step;
      if (below >= rules.specificStepsBelowMedian - EPSILON) {
        specificCells.push({
          unitCode: aggregatedUnits[u]!.code,
          criterionKey: criteria[i]!.key,
          dimensionKey: criteria[i]!.dimensionKey,
          score: steps[step]!.value,
          median: criterionStats[i]!.median!,
          stepsBelow: round(below),
        });
      }
    }
  }
  const specificUnits: SpecificUnit[] =
    nationalMean === null || nationalSd === null || nationalSd <= EPSILON
      ? []
      : aggregatedUnits
          .filter((u) => u.mean !== null && u.mean < nationalMean - rules.specificSdBelowMean * nationalSd - EPSILON)
          .map((u) => ({ unitCode: u.code, mean: u.mean!, sdBelow: (nationalMean - u.mean!) / nationalSd }))
          .sort((a, b) => a.mean - b.mean || compareText(a.unitCode, b.unitCode))
          .map((u) => ({ unitCode: u.unitCode, mean: round(u.mean), sdBelow: round(u.sdBelow) }));

  // ── Healthcare regions: a unit in two regions counts in both ──────────────────────────────
  const breakdown: RegionBreakdown[] = sortedRegions.flatMap((region) => {
    const members = aggregatedUnits.filter((_, u) => units[u]!.regionIds.includes(region.id));
    if (members.length === 0) return [];
    const memberMeans = members.flatMap((u) => (u.mean === null ? [] : [u.mean]));
    return [
      {
        code: region.code,
        name: { sv: region.name.sv, en: region.name.en },
        unitCodes: members.map((u) => u.code),
        mean: roundOrNull(mean(memberMeans)),
        n: memberMeans.length,
        dimensions: dimensions.map((dimension, d) => {
          const values = members.flatMap((u) => (u.dimensions[d]!.mean === null ? [] : [u.dimensions[d]!.mean!]));
          return { dimensionKey: dimension.key, mean: roundOrNull(mean(values)), n: values.length };
        }),
      },
    ];
  });

  // ── In-depth candidates: most major gaps first, then most specific dimensions, then code ──
  const specificDimensionsOf = new Map<string, Set<string>>();
  for (const cell of specificCells) {
    let set = specificDimensionsOf.get(cell.unitCode);
    if (!set) specificDimensionsOf.set(cell.unitCode, (set = new Set()));
    set.add(cell.dimensionKey);
  }
  const inDepthCandidates: InDepthCandidate[] = aggregatedUnits
    .map((u) => {
      const specificDimensions = [...(specificDimensionsOf.get(u.code) ?? [])].sort(
        (a, b) => (dimensionOrder.get(a) ?? 0) - (dimensionOrder.get(b) ?? 0),
      );
      const reasons: InDepthCandidate["reasons"] = [];
      if (u.majorGaps >= rules.inDepthMajorGaps) reasons.push("majorGaps");
      if (specificDimensions.length >= rules.inDepthSpecificDimensions) reasons.push("specificDimensions");
      return { unitCode: u.code, majorGaps: u.majorGaps, specificDimensions, reasons };
    })
    .filter((c) => c.reasons.length > 0)
    .sort(
      (a, b) =>
        b.majorGaps - a.majorGaps ||
        b.specificDimensions.length - a.specificDimensions.length ||
        compareText(a.unitCode, b.unitCode),
    );

  // ── Recommendation themes: most recommendations first, then most high priority, then manual order
  const reviewIds = new Set(units.map((u) => u.reviewId));
  const recommendations = input.recommendations.filter((r) => reviewIds.has(r.reviewId));
  const distinct = new Map(recommendations.map((r) => [r.id, r]));
  // One pass over the recommendations, each counted once per criterion it links to.
  const themes = criteria.map((c, i) => ({ i, theme: { criterionKey: c.key, total: 0, high: 0, medium: 0, low: 0, units: 0 } }));
  const reviewsOfTheme = criteria.map(() => new Set<number>());
  for (const recommendation of distinct.values()) {
    for (const criterionId of new Set(recommendation.criterionIds)) {
      const i = criterionIndexOf.get(criterionId);
      if (i === undefined) continue;
      const theme = themes[i]!.theme;
      theme.total++;
      theme[recommendation.priority]++;
      reviewsOfTheme[i]!.add(recommendation.reviewId);
    }
  }
  themes.forEach(({ theme }, i) => {
    theme.units = reviewsOfTheme[i]!.size;
  });
  themes.sort((a, b) => b.theme.total - a.theme.total || b.theme.high - a.theme.high || a.i - b.i);

  const multiRegionUnits = aggregatedUnits
    .filter((u) => u.regionCodes.length > 1)
    .map((u) => ({ unitCode: u.code, regionCodes: u.regionCodes }));

  return {
    filter: { demand },
    rules,
    scale: {
      steps: steps.map((s) => ({ value: s.value, label: { sv: s.label.sv, en: s.label.en } })),
      topValue: steps[topStep]?.value ?? null,
      majorGapValues: steps.filter((_, i) => isMajorGap(i)).map((s) => s.value),
      cannotAssess: { label: { sv: input.scale.cannotAssess.label.sv, en: input.scale.cannotAssess.label.en } },
    },
    dimensions: dimensions.map((d) => ({
      key: d.key,
      number: d.number,
      title: { sv: d.title.sv, en: d.title.en },
      criterionKeys: d.criterionKeys,
    })),
    criteria: criteria.map((c) => ({
      key: c.key,
      dimensionKey: c.dimensionKey,
      number: c.number,
      demand: c.demand,
      text: { sv: c.text.sv, en: c.text.en },
    })),
    units: aggregatedUnits.map((u) => ({
      ...u,
      mean: roundOrNull(u.mean),
      dimensions: u.dimensions.map((d) => ({ ...d, mean: roundOrNull(d.mean) })),
    })),
    national: {
      units: aggregatedUnits.length,
      unitsWithMean: unitMeans.length,
      mean: roundOrNull(nationalMean),
      standardDeviation: roundOrNull(nationalSd),
    },
    criterionStats: criterionStats.map((s) => ({
      ...s,
      mean: roundOrNull(s.mean),
      median: roundOrNull(s.median),
      gapShare: roundOrNull(s.gapShare),
      majorGapShare: roundOrNull(s.majorGapShare),
    })),
    generalAreas,
    specificAreas: { cells: specificCells, units: specificUnits },
    regions: {
      breakdown,
      multiRegionUnits,
      unitsWithoutRegion: aggregatedUnits.filter((u) => u.regionCodes.length === 0).map((u) => u.code),
    },
    inDepthCandidates,
    recommendationThemes: {
      recommendations: distinct.size,
      unlinked: [...distinct.values()].filter((r) => r.criterionIds.length === 0).length,
      criteria: themes.map((t) => t.theme),
    },
  };
}

/** The scale step nearest to a value (a dimension mean), for colouring; ties go to the lower step. */
export function nearestStepIndex(steps: readonly { value: number }[], value: number): number {
  let best = 0;
  steps.forEach((step, i) => {
    if (Math.abs(step.value - value) < Math.abs(steps[best]!.value - value) - EPSILON) best = i;
  });
  return best;
}
