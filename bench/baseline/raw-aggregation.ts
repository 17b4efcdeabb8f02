/**
 * The raw baseline of the national aggregation (issue 8, measurement 1): the numbers
 * app/modules/national/aggregation.ts computes for one round, by the fastest hand-written path on
 * this machine — a few prepared statements on a plain better-sqlite3 connection returning compact
 * row arrays (`.raw()`), and one pass of typed-array arithmetic over the round's consensus scores.
 * No query builder, no zod, no intermediate row objects. Decision 019 says why this and not SQL
 * GROUP BY statements (they were measured slower: every GROUP BY is another pass with a sort).
 *
 * `compareAggregations` proves it is the same computation: the bench refuses to time the two
 * unless every number, list and order agrees, and raw-aggregation.test.ts checks it at small
 * scale. The rules are the ones documented at the top of aggregation.ts (default rules, no filter).
 */
import SQLite from "better-sqlite3";
import { round as roundOutput, type NationalAggregation } from "~/modules/national/aggregation";

const RULES = { generalGapShare: 0.5, specificStepsBelowMedian: 2, specificSdBelowMean: 1, inDepthMajorGaps: 5, inDepthSpecificDimensions: 2 };
const EPSILON = 1e-9;
/** Cell states in the grid besides a step index (0 … steps - 1). */
const MISSING = -2;
const CANNOT_ASSESS = -1;

export interface RawRound {
  id: number;
  name: string;
  manualVersionId: number;
  publishedReviews: number;
}

export interface RawAggregation {
  rounds: RawRound[];
  dimensions: { key: string; criterionKeys: string[] }[];
  units: {
    unitId: number;
    reviewId: number;
    code: string;
    regionCodes: string[];
    mean: number | null;
    scored: number;
    cannotAssess: number;
    missing: number;
    gaps: number;
    majorGaps: number;
    cells: { criterionKey: string; score: number | null; cannotAssess: boolean }[];
    dimensions: { dimensionKey: string; mean: number | null; scored: number; cannotAssess: number }[];
  }[];
  national: { units: number; unitsWithMean: number; mean: number | null; standardDeviation: number | null };
  criterionStats: {
    criterionKey: string;
    n: number;
    mean: number | null;
    median: number | null;
    gaps: number;
    gapShare: number | null;
    majorGaps: number;
    majorGapShare: number | null;
    cannotAssess: number;
    missing: number;
  }[];
  generalAreas: { criterionKey: string; gaps: number; n: number; gapShare: number }[];
  specificCells: { unitCode: string; criterionKey: string; dimensionKey: string; score: number; median: number; stepsBelow: number }[];
  specificUnits: { unitCode: string; mean: number; sdBelow: number }[];
  regions: { code: string; unitCodes: string[]; mean: number | null; n: number; dimensions: { dimensionKey: string; mean: number | null; n: number }[] }[];
  multiRegionUnits: { unitCode: string; regionCodes: string[] }[];
  unitsWithoutRegion: string[];
  inDepthCandidates: { unitCode: string; majorGaps: number; specificDimensions: string[]; reasons: ("majorGaps" | "specificDimensions")[] }[];
  recommendationThemes: { recommendations: number; unlinked: number; criteria: { criterionKey: string; total: number; high: number; medium: number; low: number; units: number }[] };
}

const SQL = {
  rounds: `
    SELECT r.id, r.name, r.manual_version_id, COUNT(*)
    FROM rounds r JOIN reviews v ON v.round_id = r.id
    WHERE v.stage = 'published'
    GROUP BY r.id ORDER BY r.period_start DESC, r.id DESC`,
  scale: `SELECT json_extract(j.value, '$.value') FROM manual_versions mv, json_each(mv.content_json, '$.scale.steps') j WHERE mv.id = ?`,
  criteria: "SELECT id, key, dimension_key FROM manual_criteria WHERE manual_version_id = ? ORDER BY position, key",
  units: `
    SELECT r.id, u.id, u.code, u.kind, u.healthcare_region_id, u.host_county_id
    FROM reviews r JOIN units u ON u.id = r.unit_id
    WHERE r.round_id = ? AND r.stage = 'published'
    ORDER BY u.code, u.id`,
  regions: "SELECT id, code FROM healthcare_regions ORDER BY id, code",
  countyRegions: "SELECT county_id, healthcare_region_id FROM county_healthcare_regions",
  // CROSS JOIN fixes the join order: without statistics SQLite may scan every consensus score
  // and probe the round's reviews instead of reading the round's reviews' scores by key.
  scores: `
    SELECT cs.review_id, cs.criterion_id, cs.score, cs.cannot_assess
    FROM reviews r CROSS JOIN consensus_scores cs ON cs.review_id = r.id
    WHERE r.round_id = ? AND r.stage = 'published'`,
  recommendations: `
    SELECT rec.id, rec.review_id, rec.priority, rc.criterion_id
    FROM reviews r CROSS JOIN recommendations rec ON rec.review_id = r.id
    LEFT JOIN recommendation_criteria rc ON rc.recommendation_id = rec.id
    WHERE r.round_id = ? AND r.stage = 'published'`,
};

type Statements = Record<keyof typeof SQL, SQLite.Statement<unknown[], unknown[]>>;

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export class RawAggregator {
  private readonly db: SQLite.Database;
  private readonly st: Statements;

  /** A connection of its own on the database file. */
  constructor(databasePath: string) {
    this.db = new SQLite(databasePath, { readonly: true });
    this.st = Object.fromEntries(Object.entries(SQL).map(([name, text]) => [name, this.db.prepare(text).raw(true)])) as unknown as Statements;
  }

  close() {
    this.db.close();
  }

  rounds(): RawRound[] {
    return (this.st.rounds.all() as [number, string, number, number][]).map(([id, name, manualVersionId, publishedReviews]) => ({ id, name, manualVersionId, publishedReviews }));
  }

  /**
   * The aggregation of one round (default rules, no demand filter), with the round list the page
   * shows; a trend passes the list it read once.
   */
  aggregate(roundId: number, rounds: RawRound[] = this.rounds()): RawAggregation {
    const round = rounds.find((r) => r.id === roundId);
    if (!round) throw new Error(`round ${roundId} has no published reviews`);
    const { st } = this;

    // ── Scale, criteria, dimensions ───────────────────────────────────────────────────────────
    const steps = (st.scale.all(round.manualVersionId) as [number][]).map(([v]) => v).sort((a, b) => a - b);
    const S = steps.length;
    const top = S - 1;
    const stepOf = new Map(steps.map((v, i) => [v, i]));
    const isGap = (s: number) => s < top;
    const isMajor = (s: number) => s <= 1 && s < top;
    const criteria = st.criteria.all(round.manualVersionId) as [number, string, string][];
    const C = criteria.length;
    const criterionIndex = new Map(criteria.map(([id], i) => [id, i]));
    const dimensionKeys: string[] = [];
    const dimensionOf = new Int32Array(C);
    for (const [i, [, , dimension]] of criteria.entries()) {
      let d = dimensionKeys.indexOf(dimension);
      if (d < 0) d = dimensionKeys.push(dimension) - 1;
      dimensionOf[i] = d;
    }
    const D = dimensionKeys.length;

    // ── Units and their regions ───────────────────────────────────────────────────────────────
    const unitRows = st.units.all(roundId) as [number, number, string, string, number | null, number | null][];
    const U = unitRows.length;
    const unitIndex = new Map(unitRows.map(([reviewId], i) => [reviewId, i]));
    const regionRows = st.regions.all() as [number, string][];
    const regionsOfCounty = new Map<number, number[]>();
    for (const [county, region] of st.countyRegions.all() as [number, number][]) regionsOfCounty.set(county, [...(regionsOfCounty.get(county) ?? []), region]);
    const regionOrder = new Map(regionRows.map(([id], i) => [id, i]));
    const unitRegions = unitRows.map(([, unitId, , kind, regionId, hostCounty]) => {
      const ids = kind === "county" ? (regionsOfCounty.get(unitId) ?? []) : kind === "resource_centre" ? (regionId === null ? [] : [regionId]) : kind === "node" && hostCounty !== null ? (regionsOfCounty.get(hostCounty) ?? []) : [];
      return [...new Set(ids)].filter((id) => regionOrder.has(id)).sort((a, b) => regionOrder.get(a)! - regionOrder.get(b)!);
    });

    // ── One pass over the consensus scores into a grid of steps ──────────────────────────────
    const grid = new Int8Array(U * C).fill(MISSING);
    for (const [reviewId, criterionId, score, cannotAssess] of st.scores.all(roundId) as [number, number, number | null, number][]) {
      const u = unitIndex.get(reviewId);
      const c = criterionIndex.get(criterionId);
      if (u === undefined || c === undefined) continue;
      if (cannotAssess === 1) grid[u * C + c] = CANNOT_ASSESS;
      else if (score !== null) {
        const s = stepOf.get(score);
        if (s !== undefined) grid[u * C + c] = s;
      }
    }

    // ── Units ────────────────────────────────────────────────────────────────────────────────
    const histogram = new Int32Array(C * S);
    const criterionCannot = new Int32Array(C);
    const dimensionSum = new Float64Array(D);
    const dimensionCount = new Int32Array(D);
    const dimensionCannot = new Int32Array(D);
    const units: RawAggregation["units"] = unitRows.map(([reviewId, unitId, code], u) => {
      dimensionSum.fill(0);
      dimensionCount.fill(0);
      dimensionCannot.fill(0);
      let sum = 0;
      let scored = 0;
      let cannot = 0;
      let gaps = 0;
      let major = 0;
      const cells: RawAggregation["units"][number]["cells"] = new Array(C);
      for (let c = 0; c < C; c++) {
        const s = grid[u * C + c]!;
        const d = dimensionOf[c]!;
        if (s >= 0) {
          const value = steps[s]!;
          sum += value;
          scored++;
          dimensionSum[d] = dimensionSum[d]! + value;
          dimensionCount[d]!++;
          histogram[c * S + s]!++;
          if (isGap(s)) gaps++;
          if (isMajor(s)) major++;
          cells[c] = { criterionKey: criteria[c]![1], score: value, cannotAssess: false };
        } else {
          if (s === CANNOT_ASSESS) {
            cannot++;
            dimensionCannot[d]!++;
            criterionCannot[c]!++;
          }
          cells[c] = { criterionKey: criteria[c]![1], score: null, cannotAssess: s === CANNOT_ASSESS };
        }
      }
      return {
        unitId,
        reviewId,
        code,
        regionCodes: unitRegions[u]!.map((id) => regionRows[regionOrder.get(id)!]![1]),
        mean: scored ? sum / scored : null,
        scored,
        cannotAssess: cannot,
        missing: C - scored - cannot,
        gaps,
        majorGaps: major,
        cells,
        dimensions: dimensionKeys.map((key, d) => ({
          dimensionKey: key,
          mean: dimensionCount[d] ? dimensionSum[d]! / dimensionCount[d]! : null,
          scored: dimensionCount[d]!,
          cannotAssess: dimensionCannot[d]!,
        })),
      };
    });

    const unitMeans = units.flatMap((u) => (u.mean === null ? [] : [u.mean]));
    const nationalMean = mean(unitMeans);
    const nationalSd = nationalMean === null ? null : Math.sqrt(unitMeans.reduce((s, v) => s + (v - nationalMean) ** 2, 0) / unitMeans.length);

    // ── Criteria: counts, means and medians from the step histogram ─────────────────────────
    const medianStep = new Float64Array(C);
    const criterionStats: RawAggregation["criterionStats"] = criteria.map(([, key], c) => {
      let n = 0;
      let sum = 0;
      let gaps = 0;
      let major = 0;
      for (let s = 0; s < S; s++) {
        const count = histogram[c * S + s]!;
        n += count;
        sum += count * steps[s]!;
        if (isGap(s)) gaps += count;
        if (isMajor(s)) major += count;
      }
      // The k-th smallest step of the column, from the cumulative counts.
      const kth = (k: number) => {
        let seen = 0;
        for (let s = 0; s < S; s++) {
          seen += histogram[c * S + s]!;
          if (k < seen) return s;
        }
        return S - 1;
      };
      let median: number | null = null;
      if (n > 0) {
        const lo = kth(Math.floor((n - 1) / 2));
        const hi = kth(Math.floor(n / 2));
        medianStep[c] = (lo + hi) / 2;
        median = (steps[lo]! + steps[hi]!) / 2;
      } else medianStep[c] = Number.NaN;
      return {
        criterionKey: key,
        n,
        mean: n ? sum / n : null,
        median,
        gaps,
        gapShare: n ? gaps / n : null,
        majorGaps: major,
        majorGapShare: n ? major / n : null,
        cannotAssess: criterionCannot[c]!,
        missing: U - n - criterionCannot[c]!,
      };
    });
    const generalAreas = criterionStats
      .map((stat, i) => ({ stat, i }))
      .filter(({ stat }) => stat.n > 0 && stat.gaps / stat.n >= RULES.generalGapShare - EPSILON)
      .sort((a, b) => b.stat.gaps / b.stat.n - a.stat.gaps / a.stat.n || a.i - b.i)
      .map(({ stat }) => ({ criterionKey: stat.criterionKey, gaps: stat.gaps, n: stat.n, gapShare: stat.gaps / stat.n }));

    // ── Specific development areas and in-depth candidates ───────────────────────────────────
    const specificCells: RawAggregation["specificCells"] = [];
    const specificDimensions: Set<number>[] = units.map(() => new Set());
    for (let u = 0; u < U; u++) {
      for (let c = 0; c < C; c++) {
        const s = grid[u * C + c]!;
        if (s < 0 || Number.isNaN(medianStep[c]!)) continue;
        const below = medianStep[c]! - s;
        if (below >= RULES.specificStepsBelowMedian - EPSILON) {
          specificCells.push({ unitCode: units[u]!.code, criterionKey: criteria[c]![1], dimensionKey: dimensionKeys[dimensionOf[c]!]!, score: steps[s]!, median: criterionStats[c]!.median!, stepsBelow: below });
          specificDimensions[u]!.add(dimensionOf[c]!);
        }
      }
    }
    const specificUnits =
      nationalMean === null || nationalSd === null || nationalSd <= EPSILON
        ? []
        : units
            .filter((u) => u.mean !== null && u.mean < nationalMean - RULES.specificSdBelowMean * nationalSd - EPSILON)
            .map((u) => ({ unitCode: u.code, mean: u.mean!, sdBelow: (nationalMean - u.mean!) / nationalSd }))
            .sort((a, b) => a.mean - b.mean || compareText(a.unitCode, b.unitCode));
    const inDepthCandidates = units
      .map((u, i) => {
        const dims = [...specificDimensions[i]!].sort((a, b) => a - b).map((d) => dimensionKeys[d]!);
        const reasons: RawAggregation["inDepthCandidates"][number]["reasons"] = [];
        if (u.majorGaps >= RULES.inDepthMajorGaps) reasons.push("majorGaps");
        if (dims.length >= RULES.inDepthSpecificDimensions) reasons.push("specificDimensions");
        return { unitCode: u.code, majorGaps: u.majorGaps, specificDimensions: dims, reasons };
      })
      .filter((c) => c.reasons.length > 0)
      .sort((a, b) => b.majorGaps - a.majorGaps || b.specificDimensions.length - a.specificDimensions.length || compareText(a.unitCode, b.unitCode));

    // ── Healthcare regions ───────────────────────────────────────────────────────────────────
    const regions = regionRows.flatMap(([regionId, code]) => {
      const members = units.filter((_, u) => unitRegions[u]!.includes(regionId));
      if (members.length === 0) return [];
      const memberMeans = members.flatMap((m) => (m.mean === null ? [] : [m.mean]));
      return [
        {
          code,
          unitCodes: members.map((m) => m.code),
          mean: mean(memberMeans),
          n: memberMeans.length,
          dimensions: dimensionKeys.map((key, d) => {
            const values = members.flatMap((m) => (m.dimensions[d]!.mean === null ? [] : [m.dimensions[d]!.mean!]));
            return { dimensionKey: key, mean: mean(values), n: values.length };
          }),
        },
      ];
    });

    // ── Recommendation themes ────────────────────────────────────────────────────────────────
    const byCriterion = criteria.map(() => ({ ids: new Set<number>(), high: 0, medium: 0, low: 0, reviews: new Set<number>() }));
    const linkedCount = new Map<number, number>();
    for (const [id, reviewId, priority, criterionId] of st.recommendations.all(roundId) as [number, number, string, number | null][]) {
      linkedCount.set(id, (linkedCount.get(id) ?? 0) + (criterionId === null ? 0 : 1));
      const c = criterionId === null ? undefined : criterionIndex.get(criterionId);
      if (c === undefined) continue;
      const theme = byCriterion[c]!;
      if (theme.ids.has(id)) continue;
      theme.ids.add(id);
      theme.reviews.add(reviewId);
      if (priority === "high") theme.high++;
      else if (priority === "medium") theme.medium++;
      else theme.low++;
    }
    const themes = byCriterion
      .map((t, i) => ({ i, theme: { criterionKey: criteria[i]![1], total: t.ids.size, high: t.high, medium: t.medium, low: t.low, units: t.reviews.size } }))
      .sort((a, b) => b.theme.total - a.theme.total || b.theme.high - a.theme.high || a.i - b.i)
      .map((t) => t.theme);

    return {
      rounds,
      dimensions: dimensionKeys.map((key, d) => ({ key, criterionKeys: criteria.filter((_, c) => dimensionOf[c] === d).map(([, k]) => k) })),
      units,
      national: { units: U, unitsWithMean: unitMeans.length, mean: nationalMean, standardDeviation: nationalSd },
      criterionStats,
      generalAreas,
      specificCells,
      specificUnits,
      regions,
      multiRegionUnits: units.filter((u) => u.regionCodes.length > 1).map((u) => ({ unitCode: u.code, regionCodes: u.regionCodes })),
      unitsWithoutRegion: units.filter((u) => u.regionCodes.length === 0).map((u) => u.code),
      inDepthCandidates,
      recommendationThemes: { recommendations: linkedCount.size, unlinked: [...linkedCount.values()].filter((n) => n === 0).length, criteria: themes },
    };
  }
}

/**
 * Every difference between an app value and a raw one, as readable lines (at most 20): numbers
 * agree when the app's value is the raw one rounded to 4 decimals (within half a unit of the 4th
 * decimal), integers, strings, lists and orders exactly; every field the raw side has must be in
 * the app's value.
 */
export function differences(app: unknown, raw: unknown, path: string, found: string[] = []): string[] {
  const walk = (a: unknown, r: unknown, path: string) => {
    if (found.length >= 20) return;
    if (typeof a === "number" && typeof r === "number") {
      const same = Number.isInteger(a) && Number.isInteger(r) ? a === r : a === roundOutput(r) || Math.abs(a - r) <= 0.5e-4 + EPSILON;
      if (!same) found.push(`${path}: app ${a}, raw ${r}`);
      return;
    }
    if (a === null || r === null || typeof a !== "object" || typeof r !== "object") {
      if (a !== r) found.push(`${path}: app ${JSON.stringify(a)}, raw ${JSON.stringify(r)}`);
      return;
    }
    if (Array.isArray(a) !== Array.isArray(r)) {
      found.push(`${path}: array vs object`);
      return;
    }
    if (Array.isArray(a) && Array.isArray(r)) {
      if (a.length !== r.length) found.push(`${path}: app ${a.length} items, raw ${r.length}`);
      for (let i = 0; i < Math.min(a.length, r.length); i++) walk(a[i], r[i], `${path}[${i}]`);
      return;
    }
    // Every field the raw side computed must be in the app's answer with the same value.
    for (const key of Object.keys(r as object)) walk((a as Record<string, unknown>)[key], (r as Record<string, unknown>)[key], `${path}.${key}`);
  };
  walk(app, raw, path);
  return found;
}

/**
 * Every difference between the app's aggregation and the raw one, as readable lines (empty:
 * the same numbers). The app rounds its outputs to 4 decimals; a raw value agrees when the app's
 * value is its rounding (within half a unit of the 4th decimal); counts, keys and orders exactly.
 */
export function compareAggregations(app: { rounds: { id: number; publishedReviews: number }[]; aggregation: NationalAggregation }, raw: RawAggregation): string[] {
  const found: string[] = [];
  const walk = (a: unknown, r: unknown, path: string) => differences(a, r, path, found);
  const agg = app.aggregation;
  walk(
    app.rounds.map((r) => ({ id: r.id, publishedReviews: r.publishedReviews })),
    raw.rounds.map((r) => ({ id: r.id, publishedReviews: r.publishedReviews })),
    "rounds",
  );
  walk(
    agg.dimensions.map((d) => ({ key: d.key, criterionKeys: d.criterionKeys })),
    raw.dimensions,
    "dimensions",
  );
  walk(agg.units, raw.units, "units");
  walk(agg.national, raw.national, "national");
  walk(agg.criterionStats, raw.criterionStats, "criterionStats");
  walk(agg.generalAreas, raw.generalAreas, "generalAreas");
  walk(agg.specificAreas.cells, raw.specificCells, "specificAreas.cells");
  walk(agg.specificAreas.units, raw.specificUnits, "specificAreas.units");
  walk(
    agg.regions.breakdown.map((r) => ({ code: r.code, unitCodes: r.unitCodes, mean: r.mean, n: r.n, dimensions: r.dimensions })),
    raw.regions,
    "regions.breakdown",
  );
  walk(agg.regions.multiRegionUnits, raw.multiRegionUnits, "regions.multiRegionUnits");
  walk(agg.regions.unitsWithoutRegion, raw.unitsWithoutRegion, "regions.unitsWithoutRegion");
  walk(agg.inDepthCandidates, raw.inDepthCandidates, "inDepthCandidates");
  walk(agg.recommendationThemes, raw.recommendationThemes, "recommendationThemes");
  return found;
}
