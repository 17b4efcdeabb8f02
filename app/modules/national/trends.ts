/**
 * Trends across a series of review rounds of one level (product.md, "National aggregation"):
 * every number is computed only through the crosswalks between manual versions, and a criterion
 * whose meaning changed on the way says "not comparable" with the crosswalk relation instead of a
 * number (decision 012).
 *
 * The rows are anchored in the newest manual version of the series (the target): each earlier
 * round's criterion keys are carried forward version by version (v1 → v2 → …) with
 * `mapCriterionKey`, and a target criterion is compared with the one criterion of the earlier
 * version that maps to it and to nothing else.
 *
 * Which crosswalk relations are comparable (decision 012):
 * - same, moved: comparable (same text; a moved criterion is shown under its new dimension);
 * - reworded: comparable, marked "compare with care" (the manual format says a rewording keeps the
 *   meaning: a change of meaning must be recorded as retired + new);
 * - split, merged, new, retired: not comparable (a score of the whole is not a score of a part,
 *   and the reverse); likewise a different scale between the two versions.
 * Criteria retired before the target version get rows of their own, anchored in the newest
 * version of the series that still has them.
 *
 * Dimensions (and the overall line per unit) are computed over the dimension's **comparable core**:
 * the target criteria that are comparable in every round of the series, so a dimension's line never
 * moves because criteria were added or removed. Means are means of unit means (every unit weighs
 * the same, as in aggregation.ts); a dimension's gap share is the share of scored unit × criterion
 * cells of the core below the scale's top step.
 *
 * Pure: the rounds come with their own aggregation (aggregateRound), the versions with their keys,
 * crosswalks and scale values.
 */
import { crosswalkSteps, mapCriterionKey, type CrosswalkStep } from "~/modules/feedback/crosswalk";
import type { CrosswalkType } from "~/modules/manuals/manual-schema";
import { mean, round, type Bilingual, type Demand, type NationalAggregation } from "./aggregation";

export interface TrendRoundInput {
  round: { id: number; name: string; periodStart: string; manualVersion: number; publishedReviews: number };
  aggregation: NationalAggregation;
}

export interface TrendVersionInput extends CrosswalkStep {
  /** The scale's step values, ascending: two versions with different scales are never compared. */
  scaleValues: readonly number[];
}

export interface TrendInput {
  manualKey: string;
  /** Every version of the manual from the oldest round's up to the newest (gaps are allowed, the walk needs each step). */
  versions: readonly TrendVersionInput[];
  rounds: readonly TrendRoundInput[];
  demand?: Demand | null;
}

/** Why a point is not comparable: the crosswalk relation met on the way, or the scale. */
export type NotComparableReason = "split" | "merged" | "new" | "retired" | "scale" | "unmapped";

export interface TrendValue {
  roundId: number;
  comparable: true;
  /** The criterion's key in the round's own manual version. */
  criterionKey: string;
  /** The crosswalk relations met between the round's version and the row's (empty: the same criterion). */
  relations: CrosswalkType[];
  /** A rewording on the way: comparable, but read with care. */
  caution: boolean;
  n: number;
  mean: number | null;
  median: number | null;
  gaps: number;
  gapShare: number | null;
  majorGaps: number;
  majorGapShare: number | null;
  cannotAssess: number;
}

export interface TrendNotComparable {
  roundId: number;
  comparable: false;
  reason: NotComparableReason;
  /** The criteria of the round's version involved (the predecessors of a split or merge); empty for new and retired. */
  criterionKeys: string[];
}

export type TrendPoint = TrendValue | TrendNotComparable;

export interface TrendCriterionRow {
  /** The criterion's key in the row's anchor version. */
  key: string;
  anchorVersion: number;
  /** "current": in the target version; "retired": left before it. */
  status: "current" | "retired";
  dimensionKey: string;
  number: string;
  demand: string;
  text: Bilingual;
  /** True when every round of the series has a number. */
  comparableAcross: boolean;
  points: TrendPoint[];
}

export interface TrendAggregatePoint {
  roundId: number;
  /** Units with at least one scored core criterion. */
  n: number;
  mean: number | null;
  /** Scored unit × criterion cells of the core, and of them below the top step. */
  cells: number;
  gaps: number;
  gapShare: number | null;
}

export interface TrendDimensionRow {
  key: string;
  number: string;
  title: Bilingual;
  /** Target criteria of the dimension that are comparable in every round (the core). */
  coreKeys: string[];
  /** Target criteria of the dimension left out of the core (not comparable in some round). */
  excludedKeys: string[];
  /** Null when the core is empty: the dimension is not comparable across the series. */
  points: TrendAggregatePoint[] | null;
}

export interface TrendUnitRow {
  code: string;
  name: Bilingual;
  /** The unit's mean over the whole comparable core, per round (null: not in the round or nothing scored). */
  points: { roundId: number; mean: number | null; scored: number }[];
}

export interface NationalTrends {
  manualKey: string;
  targetVersion: number;
  filter: { demand: Demand | null };
  /** Oldest first (period start, then id). */
  rounds: { id: number; name: string; periodStart: string; manualVersion: number; publishedReviews: number; units: number }[];
  criteria: TrendCriterionRow[];
  dimensions: TrendDimensionRow[];
  /** All core criteria together. */
  overall: { coreKeys: string[]; points: TrendAggregatePoint[] | null };
  /** Units in at least one round, by code. */
  units: TrendUnitRow[];
}

const COMPARABLE_CHANGES: readonly CrosswalkType[] = ["reworded", "moved"];

function compareText(a: string, b: string) {
  return a < b ? -1 : a > b ? 1 : 0;
}

type Relation =
  | { comparable: true; fromKey: string; relations: CrosswalkType[]; caution: boolean }
  | { comparable: false; reason: NotComparableReason; fromKeys: string[] };

/**
 * How the criterion `anchorKey` of version `anchorVersion` relates to the criteria of the older
 * (or same) version `fromVersion`: the one comparable predecessor, or why there is none.
 */
function relate(
  versions: readonly TrendVersionInput[],
  anchorVersion: number,
  anchorKey: string,
  fromVersion: number,
): Relation {
  if (fromVersion === anchorVersion) return { comparable: true, fromKey: anchorKey, relations: [], caution: false };
  const from = versions.find((v) => v.version === fromVersion);
  const anchor = versions.find((v) => v.version === anchorVersion);
  const steps = crosswalkSteps(versions, fromVersion, anchorVersion);
  if (!from || !anchor || !steps) return { comparable: false, reason: "unmapped", fromKeys: [] };
  const predecessors = from.keys
    .map((key) => ({ key, mapping: mapCriterionKey(key, steps) }))
    .filter(({ mapping }) => mapping.toKeys.includes(anchorKey));
  if (predecessors.length === 0) return { comparable: false, reason: "new", fromKeys: [] };
  const fromKeys = predecessors.map((p) => p.key);
  if (predecessors.length > 1 || predecessors.some((p) => p.mapping.changes.includes("merged"))) {
    return { comparable: false, reason: "merged", fromKeys };
  }
  const { mapping } = predecessors[0]!;
  if (mapping.toKeys.length > 1 || mapping.changes.includes("split")) return { comparable: false, reason: "split", fromKeys };
  if (!mapping.changes.every((change) => COMPARABLE_CHANGES.includes(change))) return { comparable: false, reason: "unmapped", fromKeys };
  if (!sameScale(from.scaleValues, anchor.scaleValues)) return { comparable: false, reason: "scale", fromKeys };
  return { comparable: true, fromKey: predecessors[0]!.key, relations: mapping.changes, caution: mapping.changes.includes("reworded") };
}

function sameScale(a: readonly number[], b: readonly number[]) {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function valuePoint(roundId: number, aggregation: NationalAggregation, relation: Extract<Relation, { comparable: true }>): TrendValue {
  const stat = aggregation.criterionStats.find((s) => s.criterionKey === relation.fromKey);
  return {
    roundId,
    comparable: true,
    criterionKey: relation.fromKey,
    relations: relation.relations,
    caution: relation.caution,
    n: stat?.n ?? 0,
    mean: stat?.mean ?? null,
    median: stat?.median ?? null,
    gaps: stat?.gaps ?? 0,
    gapShare: stat?.gapShare ?? null,
    majorGaps: stat?.majorGaps ?? 0,
    majorGapShare: stat?.majorGapShare ?? null,
    cannotAssess: stat?.cannotAssess ?? 0,
  };
}

/** Per round: the mean of the unit means over `keysOf(round)` and the share of gaps among the scored cells. */
function aggregatePoints(
  rounds: readonly TrendRoundInput[],
  keysInRound: (roundIndex: number) => string[],
): TrendAggregatePoint[] {
  return rounds.map((entry, r) => {
    const keys = new Set(keysInRound(r));
    const top = entry.aggregation.scale.topValue;
    const unitMeans: number[] = [];
    let cells = 0;
    let gaps = 0;
    for (const unit of entry.aggregation.units) {
      const values = unit.cells.filter((cell) => keys.has(cell.criterionKey) && cell.score !== null).map((cell) => cell.score!);
      cells += values.length;
      gaps += values.filter((value) => top !== null && value < top).length;
      const unitMean = mean(values);
      if (unitMean !== null) unitMeans.push(unitMean);
    }
    const nationalMean = mean(unitMeans);
    return {
      roundId: entry.round.id,
      n: unitMeans.length,
      mean: nationalMean === null ? null : round(nationalMean),
      cells,
      gaps,
      gapShare: cells === 0 ? null : round(gaps / cells),
    };
  });
}

export function computeTrends(input: TrendInput): NationalTrends {
  const demand = input.demand ?? null;
  const rounds = [...input.rounds].sort(
    (a, b) => compareText(a.round.periodStart, b.round.periodStart) || a.round.id - b.round.id,
  );
  const versions = [...input.versions].sort((a, b) => a.version - b.version);
  const targetVersion = Math.max(...rounds.map((r) => r.round.manualVersion));
  const target = rounds.filter((r) => r.round.manualVersion === targetVersion).at(-1)!;

  const rowFor = (
    anchorVersion: number,
    criterion: NationalAggregation["criteria"][number],
    status: TrendCriterionRow["status"],
  ): TrendCriterionRow => {
    const points: TrendPoint[] = rounds.map((entry) => {
      const roundVersion = entry.round.manualVersion;
      if (roundVersion > anchorVersion) return { roundId: entry.round.id, comparable: false, reason: "retired", criterionKeys: [] };
      const relation = relate(versions, anchorVersion, criterion.key, roundVersion);
      return relation.comparable
        ? valuePoint(entry.round.id, entry.aggregation, relation)
        : { roundId: entry.round.id, comparable: false, reason: relation.reason, criterionKeys: relation.fromKeys };
    });
    return {
      key: criterion.key,
      anchorVersion,
      status,
      dimensionKey: criterion.dimensionKey,
      number: criterion.number,
      demand: criterion.demand,
      text: { sv: criterion.text.sv, en: criterion.text.en },
      comparableAcross: points.every((p) => p.comparable),
      points,
    };
  };

  const currentRows = target.aggregation.criteria.map((c) => rowFor(targetVersion, c, "current"));

  // Criteria retired before the target: one row each, anchored in the newest version of the series
  // that has them; an older criterion that is comparable with such a row belongs to it.
  const retiredRows: TrendCriterionRow[] = [];
  const roundVersions = [...new Set(rounds.map((r) => r.round.manualVersion))].filter((v) => v < targetVersion).sort((a, b) => b - a);
  for (const version of roundVersions) {
    const steps = crosswalkSteps(versions, version, targetVersion) ?? [];
    const anchorRound = rounds.filter((r) => r.round.manualVersion === version).at(-1)!;
    for (const criterion of anchorRound.aggregation.criteria) {
      const mapping = mapCriterionKey(criterion.key, steps);
      if (mapping.status !== "retired" && mapping.status !== "unmapped") continue;
      const covered = retiredRows.some((row) => {
        const relation = relate(versions, row.anchorVersion, row.key, version);
        return relation.comparable && relation.fromKey === criterion.key;
      });
      if (!covered) retiredRows.push(rowFor(version, criterion, "retired"));
    }
  }

  const byDemand = (row: TrendCriterionRow) => demand === null || row.demand === demand;
  const criteria = [...currentRows, ...retiredRows].filter(byDemand);
  const core = currentRows.filter(byDemand).filter((row) => row.comparableAcross);
  /** The core's keys as the round at `r` calls them. */
  const coreKeysInRound = (rows: TrendCriterionRow[]) => (r: number) =>
    rows.map((row) => (row.points[r] as TrendValue).criterionKey);

  const dimensions: TrendDimensionRow[] = target.aggregation.dimensions.flatMap((dimension) => {
    const inDimension = currentRows.filter(byDemand).filter((row) => row.dimensionKey === dimension.key);
    if (inDimension.length === 0) return [];
    const dimensionCore = inDimension.filter((row) => row.comparableAcross);
    return [
      {
        key: dimension.key,
        number: dimension.number,
        title: { sv: dimension.title.sv, en: dimension.title.en },
        coreKeys: dimensionCore.map((row) => row.key),
        excludedKeys: inDimension.filter((row) => !row.comparableAcross).map((row) => row.key),
        points: dimensionCore.length === 0 ? null : aggregatePoints(rounds, coreKeysInRound(dimensionCore)),
      },
    ];
  });

  const unitCodes = [...new Set(rounds.flatMap((r) => r.aggregation.units.map((u) => u.code)))].sort(compareText);
  const units: TrendUnitRow[] = unitCodes.map((code) => {
    const latest = [...rounds].reverse().flatMap((r) => r.aggregation.units.filter((u) => u.code === code))[0]!;
    return {
      code,
      name: { sv: latest.name.sv, en: latest.name.en },
      points: rounds.map((entry, r) => {
        const unit = entry.aggregation.units.find((u) => u.code === code);
        const keys = new Set(coreKeysInRound(core)(r));
        const values = unit ? unit.cells.filter((cell) => keys.has(cell.criterionKey) && cell.score !== null).map((cell) => cell.score!) : [];
        const unitMean = mean(values);
        return { roundId: entry.round.id, mean: unitMean === null ? null : round(unitMean), scored: values.length };
      }),
    };
  });

  return {
    manualKey: input.manualKey,
    targetVersion,
    filter: { demand },
    rounds: rounds.map((r) => ({
      id: r.round.id,
      name: r.round.name,
      periodStart: r.round.periodStart,
      manualVersion: r.round.manualVersion,
      publishedReviews: r.round.publishedReviews,
      units: r.aggregation.units.length,
    })),
    criteria,
    dimensions,
    overall: { coreKeys: core.map((row) => row.key), points: core.length === 0 ? null : aggregatePoints(rounds, coreKeysInRound(core)) },
    units,
  };
}
