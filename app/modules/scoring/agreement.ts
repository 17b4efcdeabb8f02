/**
 * How far the reviewers of one review agree (docs/decisions/004-agreement-statistic.md):
 * per criterion the spread of the scores, per review the share of criteria with exact agreement
 * and Krippendorff's alpha for ordinal data. "Ej bedömbart" (cannot assess) and criteria a
 * reviewer left empty are missing values. Degenerate cases are reported as "not computable" with
 * a reason, never as NaN. Pure: the pages hand in the scores.
 */

export type AlphaMetric = "nominal" | "ordinal" | "interval";

export type NotComputableReason =
  /** Fewer than two reviewers have scored anything. */
  | "fewer-than-two-reviewers"
  /** No criterion has at least two scale scores to compare. */
  | "no-pairable-scores"
  /** Every compared score is the same value: agreement is perfect but alpha is undefined (0/0). */
  | "no-variation";

export type NotComputable = { computable: false; reason: NotComputableReason };

export type AlphaResult =
  | {
      computable: true;
      value: number;
      metric: AlphaMetric;
      /** Criteria with at least two scale scores (the units alpha is computed over). */
      units: number;
      /** Scale scores in those criteria (n in Krippendorff's notation). */
      pairableValues: number;
    }
  | NotComputable;

/**
 * Krippendorff's alpha for units (rows) × coders, with null as a missing value.
 * Follows Krippendorff (2011), "Computing Krippendorff's alpha-reliability": coincidence matrix
 * o_ck, marginals n_c, alpha = 1 − (n − 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck.
 */
export function krippendorffAlpha(units: readonly (readonly (number | null)[])[], metric: AlphaMetric = "ordinal"): AlphaResult {
  const pairable = units.map((unit) => unit.filter((v): v is number => v !== null && Number.isFinite(v))).filter((unit) => unit.length >= 2);
  if (pairable.length === 0) return { computable: false, reason: "no-pairable-scores" };

  const values = [...new Set(pairable.flat())].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const size = values.length;
  const coincidences = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (const unit of pairable) {
    const weight = 1 / (unit.length - 1);
    for (let i = 0; i < unit.length; i++) {
      for (let j = 0; j < unit.length; j++) {
        if (i !== j) coincidences[index.get(unit[i]!)!]![index.get(unit[j]!)!]! += weight;
      }
    }
  }
  const marginals = coincidences.map((row) => row.reduce((sum, v) => sum + v, 0));
  const n = marginals.reduce((sum, v) => sum + v, 0);

  const delta2 = (c: number, k: number): number => {
    if (c === k) return 0;
    switch (metric) {
      case "nominal":
        return 1;
      case "interval":
        return (values[c]! - values[k]!) ** 2;
      case "ordinal": {
        const [lo, hi] = c < k ? [c, k] : [k, c];
        let between = 0;
        for (let g = lo; g <= hi; g++) between += marginals[g]!;
        return (between - (marginals[c]! + marginals[k]!) / 2) ** 2;
      }
    }
  };

  let observed = 0;
  let expected = 0;
  for (let c = 0; c < size; c++) {
    for (let k = 0; k < size; k++) {
      const d = delta2(c, k);
      observed += coincidences[c]![k]! * d;
      expected += marginals[c]! * marginals[k]! * d;
    }
  }
  if (expected === 0) return { computable: false, reason: "no-variation" };
  const value = 1 - ((n - 1) * observed) / expected;
  return { computable: true, value, metric, units: pairable.length, pairableValues: n };
}

/** One reviewer's answer on one criterion. `score` null with cannotAssess false: not scored yet. */
export interface ReviewerAnswer {
  reviewerId: number;
  score: number | null;
  cannotAssess: boolean;
}

export interface CriterionAnswers {
  criterionId: number;
  answers: readonly ReviewerAnswer[];
}

export interface CriterionSpread {
  criterionId: number;
  /** max − min of the scale scores; null with fewer than two scale scores. */
  spread: number | null;
  min: number | null;
  max: number | null;
  /** Scale scores given (cannot-assess and empty answers not counted). */
  scored: number;
  cannotAssess: number;
  /** Some reviewers scored, others answered "cannot assess": a disagreement the spread does not show. */
  mixedCannotAssess: boolean;
  /** All reviewers who scored gave the same score (at least two scale scores). */
  exactAgreement: boolean;
}

function scaleScores(answers: readonly ReviewerAnswer[]): number[] {
  return answers.filter((a) => !a.cannotAssess && a.score !== null).map((a) => a.score!);
}

export function criterionSpread({ criterionId, answers }: CriterionAnswers): CriterionSpread {
  const scores = scaleScores(answers);
  const cannotAssess = answers.filter((a) => a.cannotAssess).length;
  const min = scores.length ? Math.min(...scores) : null;
  const max = scores.length ? Math.max(...scores) : null;
  const spread = scores.length >= 2 ? max! - min! : null;
  return {
    criterionId,
    spread,
    min,
    max,
    scored: scores.length,
    cannotAssess,
    mixedCannotAssess: scores.length > 0 && cannotAssess > 0,
    exactAgreement: spread === 0,
  };
}

/**
 * Largest disagreement first: by spread (criteria without a spread last), then criteria where
 * some answered "cannot assess" and others scored, then the manual's order (the input order).
 */
export function sortByDisagreement<T extends { spread: CriterionSpread }>(items: readonly T[]): T[] {
  return items
    .map((item, position) => ({ item, position }))
    .sort((a, b) => {
      const spreadA = a.item.spread.spread ?? -1;
      const spreadB = b.item.spread.spread ?? -1;
      if (spreadA !== spreadB) return spreadB - spreadA;
      const mixedA = a.item.spread.mixedCannotAssess ? 1 : 0;
      const mixedB = b.item.spread.mixedCannotAssess ? 1 : 0;
      if (mixedA !== mixedB) return mixedB - mixedA;
      return a.position - b.position;
    })
    .map(({ item }) => item);
}

export type ExactAgreement = { computable: true; agreeing: number; compared: number; share: number } | NotComputable;

export interface ReviewAgreement {
  /** Reviewers with at least one answer. */
  reviewers: number;
  /** Criteria with at least two scale scores. */
  comparedCriteria: number;
  exactAgreement: ExactAgreement;
  alpha: AlphaResult;
  /** Criteria whose spread is 2 or more steps. */
  largeSpreadCount: number;
}

/** Agreement statistics of one review. Criteria are the units, reviewers the coders. */
export function reviewAgreement(criteria: readonly CriterionAnswers[]): ReviewAgreement {
  const reviewerIds = new Set(criteria.flatMap((c) => c.answers.filter((a) => a.cannotAssess || a.score !== null).map((a) => a.reviewerId)));
  const spreads = criteria.map(criterionSpread);
  const compared = spreads.filter((s) => s.spread !== null);
  const largeSpreadCount = compared.filter((s) => s.spread! >= 2).length;
  if (reviewerIds.size < 2) {
    const notComputable: NotComputable = { computable: false, reason: "fewer-than-two-reviewers" };
    return { reviewers: reviewerIds.size, comparedCriteria: compared.length, exactAgreement: notComputable, alpha: notComputable, largeSpreadCount };
  }
  const agreeing = compared.filter((s) => s.exactAgreement).length;
  const exactAgreement: ExactAgreement =
    compared.length === 0
      ? { computable: false, reason: "no-pairable-scores" }
      : { computable: true, agreeing, compared: compared.length, share: agreeing / compared.length };
  const units = criteria.map((c) => c.answers.map((a) => (a.cannotAssess ? null : a.score)));
  return { reviewers: reviewerIds.size, comparedCriteria: compared.length, exactAgreement, alpha: krippendorffAlpha(units, "ordinal"), largeSpreadCount };
}
