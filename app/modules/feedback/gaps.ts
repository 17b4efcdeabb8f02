/**
 * Gaps between a unit's consensus scores and the top of the manual's scale (product.md, "Criteria
 * manuals"): a gap is any consensus score below the top step, a major gap one of the two lowest
 * steps (0 Saknas and 1 Påbörjat on the v1 scale). "Ej bedömbart" is no gap; a criterion without a
 * consensus score yet is "missing". Pure: the feedback page orders criteria with it and flags gaps
 * that no recommendation addresses.
 */

export type GapLevel = "major" | "gap" | "missing" | "none" | "cannotAssess";

export interface ConsensusValue {
  score: number | null;
  cannotAssess: boolean;
}

/** The gap level of one criterion. `scaleValues` are the scale's step values, lowest first. */
export function gapLevel(consensus: ConsensusValue | null | undefined, scaleValues: readonly number[]): GapLevel {
  if (!consensus) return "missing";
  if (consensus.cannotAssess) return "cannotAssess";
  if (consensus.score === null) return "missing";
  const top = scaleValues[scaleValues.length - 1];
  if (top === undefined || consensus.score >= top) return "none";
  const majorLimit = scaleValues[Math.min(1, scaleValues.length - 2)] ?? scaleValues[0]!;
  return consensus.score <= majorLimit ? "major" : "gap";
}

export function isGap(level: GapLevel) {
  return level === "major" || level === "gap";
}

const ORDER: Record<GapLevel, number> = { major: 0, gap: 1, missing: 2, none: 3, cannotAssess: 4 };

/** Criteria with gaps first (major before minor), then the rest; reading order within each level. */
export function orderByGap<T extends { gap: GapLevel; position: number }>(criteria: readonly T[]): T[] {
  return [...criteria].sort((a, b) => ORDER[a.gap] - ORDER[b.gap] || a.position - b.position);
}

/** Gap criteria that no recommendation is linked to. */
export function gapsWithoutRecommendation<T extends { id: number; gap: GapLevel }>(
  criteria: readonly T[],
  recommendations: readonly { criterionIds: readonly number[] }[],
): T[] {
  const covered = new Set(recommendations.flatMap((r) => r.criterionIds));
  return criteria.filter((c) => isGap(c.gap) && !covered.has(c.id));
}
