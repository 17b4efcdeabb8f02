/**
 * A unit contact's own view of the national picture (decision 013): their unit's published
 * consensus scores beside the national distribution of the same round, without any other unit's
 * name, code, review or row.
 *
 * Per criterion: the unit's score (or cannot assess), and for the round the number of units with a
 * score (n), the national median and the number of units per scale step. Per dimension (and for
 * all criteria): the unit's mean, the national median of the unit means and the number of units
 * whose mean is nearest each step (ties to the lower step, as the heatmap colours).
 *
 * Small groups: the national numbers of a criterion or dimension are shown only when at least
 * MIN_GROUP_SIZE units have a score there (the unit's own included). Below that the distribution
 * would let the unit work out the other units' scores (with two units, the median and the counts
 * give the other's score outright). Suppression is per criterion and per dimension, not per step:
 * suppressing single steps would leave the other steps and n to recover them.
 *
 * Pure: reads the round's aggregation, returns only what the unit may see.
 */
import { median, nearestStepIndex, round, type Bilingual, type NationalAggregation } from "./aggregation";

export const MIN_GROUP_SIZE = 5;

export interface Distribution {
  n: number;
  median: number;
  /** Units per scale step, in the scale's order. */
  counts: number[];
}

export interface UnitComparison {
  unit: { code: string; name: Bilingual; reviewId: number };
  minGroupSize: number;
  /** Units with a published review in the round. */
  units: number;
  scale: NationalAggregation["scale"];
  dimensions: {
    key: string;
    number: string;
    title: Bilingual;
    own: number | null;
    /** Null: fewer than minGroupSize units have a mean in the dimension. */
    national: Distribution | null;
  }[];
  overall: { own: number | null; national: Distribution | null };
  criteria: {
    key: string;
    number: string;
    dimensionKey: string;
    demand: string;
    text: Bilingual;
    own: { score: number | null; cannotAssess: boolean };
    national: Distribution | null;
  }[];
}

function distribution(values: number[], steps: readonly { value: number }[], minGroupSize: number, exact: boolean): Distribution | null {
  if (values.length < minGroupSize) return null;
  const counts = steps.map(() => 0);
  for (const value of values) {
    const index = exact ? steps.findIndex((s) => s.value === value) : nearestStepIndex(steps, value);
    if (index >= 0) counts[index]! += 1;
  }
  return { n: values.length, median: round(median(values)!), counts };
}

/** The comparison for the unit with `unitCode`, or null when the unit has no published review in the round. */
export function unitComparison(aggregation: NationalAggregation, unitCode: string, minGroupSize = MIN_GROUP_SIZE): UnitComparison | null {
  const own = aggregation.units.find((u) => u.code === unitCode);
  if (!own) return null;
  const steps = aggregation.scale.steps;
  const dimensionMeans = (index: number) => aggregation.units.flatMap((u) => (u.dimensions[index]!.mean === null ? [] : [u.dimensions[index]!.mean!]));
  return {
    unit: { code: own.code, name: { sv: own.name.sv, en: own.name.en }, reviewId: own.reviewId },
    minGroupSize,
    units: aggregation.units.length,
    scale: aggregation.scale,
    dimensions: aggregation.dimensions.map((dimension, d) => ({
      key: dimension.key,
      number: dimension.number,
      title: { sv: dimension.title.sv, en: dimension.title.en },
      own: own.dimensions[d]!.mean,
      national: distribution(dimensionMeans(d), steps, minGroupSize, false),
    })),
    overall: {
      own: own.mean,
      national: distribution(
        aggregation.units.flatMap((u) => (u.mean === null ? [] : [u.mean])),
        steps,
        minGroupSize,
        false,
      ),
    },
    criteria: aggregation.criteria.map((criterion, c) => {
      const values = aggregation.units.flatMap((u) => (u.cells[c]!.score === null ? [] : [u.cells[c]!.score!]));
      const cell = own.cells[c]!;
      return {
        key: criterion.key,
        number: criterion.number,
        dimensionKey: criterion.dimensionKey,
        demand: criterion.demand,
        text: { sv: criterion.text.sv, en: criterion.text.en },
        own: { score: cell.score, cannotAssess: cell.cannotAssess },
        national: distribution(values, steps, minGroupSize, true),
      };
    }),
  };
}
