/**
 * Calibration of a manual version's criteria (docs/decisions/009-library-and-calibration.md):
 * across all published reviews that used the version, per criterion
 *  (a) how far the reviewers' independent scores were apart before consensus — the mean range
 *      (max − min, in scale steps) per review, the share of reviews with a range of 2 steps or
 *      more, and Krippendorff's alpha (ordinal, decision 004) with reviews as units and reviewers
 *      as coders;
 *  (b) how often the unit's self-score differed from the consensus, and by how much on average
 *      (self − consensus, in steps: positive means the unit rated itself higher);
 *  (c) a flag "read differently — candidate for rewording" by the rule in CALIBRATION_RULE.
 * Pure: statistics only, no reviewer or unit names go in or out.
 */
import { z } from "zod";
import { krippendorffAlpha, type AlphaResult } from "~/modules/scoring/agreement";

/** The flag rule, shown on the page. */
export interface CalibrationRule {
  /** Reviews with at least two reviewer scale scores on the criterion needed before flagging. */
  minReviews: number;
  /** Flag when alpha is computable and below this. */
  alphaBelow: number;
  /** A review "disagrees widely" when its range is at least this many steps … */
  wideSteps: number;
  /** … and the criterion is flagged when at least this share of its reviews disagree widely. */
  wideShareAtLeast: number;
}

export const CALIBRATION_RULE: CalibrationRule = { minReviews: 5, alphaBelow: 0.5, wideSteps: 2, wideShareAtLeast: 0.25 };

export interface CalibrationCriterion {
  id: number;
  key: string;
  number: string;
  position: number;
  dimensionKey: string;
  textSv: string;
  textEn: string;
}

export interface ScoreRow {
  reviewId: number;
  criterionId: number;
  score: number | null;
  cannotAssess: boolean;
}

export interface ReviewerScoreRow extends ScoreRow {
  /** Only to tell reviewers apart within a review; never part of the result. */
  reviewerId: number;
}

export interface CalibrationInput {
  /** The scale's values; ranges and differences are counted in steps of this ladder. */
  scaleValues: readonly number[];
  criteria: readonly CalibrationCriterion[];
  /** The published reviews that used the version. */
  reviewIds: readonly number[];
  reviewerScores: readonly ReviewerScoreRow[];
  selfScores: readonly ScoreRow[];
  consensus: readonly ScoreRow[];
}

export type FlagReason = "alpha" | "wide";

export interface CriterionCalibration {
  criterion: CalibrationCriterion;
  /** Published reviews in the input. */
  reviews: number;
  /** Reviews with at least two reviewer scale scores on this criterion (the disagreement base). */
  comparedReviews: number;
  /** Mean of max − min (in steps) over the compared reviews; null without any. */
  meanRange: number | null;
  /** Compared reviews whose range is at least rule.wideSteps. */
  wideReviews: number;
  wideShare: number | null;
  /** Reviews where some reviewers scored and others answered "cannot assess". */
  mixedCannotAssess: number;
  alpha: AlphaResult;
  self: {
    /** Reviews with both a self-score and a consensus score on the scale. */
    compared: number;
    differing: number;
    differingShare: number | null;
    /** Mean of self − consensus in steps; positive: the units rated themselves higher. */
    meanDifference: number | null;
    higher: number;
    lower: number;
  };
  flagged: boolean;
  reasons: FlagReason[];
  /** Fewer compared reviews than rule.minReviews: never flagged. */
  tooFewReviews: boolean;
}

function scaleScore(row: ScoreRow): number | null {
  return !row.cannotAssess && row.score !== null ? row.score : null;
}

/** Per-criterion calibration, flagged criteria first, then in the manual's order. */
export function calibrate(input: CalibrationInput, rule: CalibrationRule = CALIBRATION_RULE): CriterionCalibration[] {
  const steps = [...new Set(input.scaleValues)].sort((a, b) => a - b);
  const stepOf = new Map(steps.map((v, i) => [v, i]));
  const reviewSet = new Set(input.reviewIds);
  const keyOf = (reviewId: number, criterionId: number) => `${reviewId}:${criterionId}`;
  const byCell = <T extends ScoreRow>(rows: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      if (!reviewSet.has(row.reviewId)) continue;
      const k = keyOf(row.reviewId, row.criterionId);
      map.set(k, [...(map.get(k) ?? []), row]);
    }
    return map;
  };
  const reviewerCells = byCell(input.reviewerScores);
  const selfCells = byCell(input.selfScores);
  const consensusCells = byCell(input.consensus);
  const reviewIds = [...reviewSet].sort((a, b) => a - b);

  const results = input.criteria.map((criterion): CriterionCalibration => {
    const ranges: number[] = [];
    let mixed = 0;
    const alphaUnits: (number | null)[][] = [];
    const differences: number[] = [];
    for (const reviewId of reviewIds) {
      const answers = reviewerCells.get(keyOf(reviewId, criterion.id)) ?? [];
      const scored = answers.map(scaleScore).filter((v): v is number => v !== null && stepOf.has(v));
      if (scored.length > 0 && answers.some((a) => a.cannotAssess)) mixed++;
      if (scored.length >= 2) {
        const stepValues = scored.map((v) => stepOf.get(v)!);
        ranges.push(Math.max(...stepValues) - Math.min(...stepValues));
      }
      alphaUnits.push(scored);
      const self = scaleScore(selfCells.get(keyOf(reviewId, criterion.id))?.[0] ?? { reviewId, criterionId: criterion.id, score: null, cannotAssess: true });
      const agreed = scaleScore(consensusCells.get(keyOf(reviewId, criterion.id))?.[0] ?? { reviewId, criterionId: criterion.id, score: null, cannotAssess: true });
      if (self !== null && agreed !== null && stepOf.has(self) && stepOf.has(agreed)) differences.push(stepOf.get(self)! - stepOf.get(agreed)!);
    }
    const compared = ranges.length;
    const wide = ranges.filter((r) => r >= rule.wideSteps).length;
    const alpha = krippendorffAlpha(alphaUnits, "ordinal");
    const wideShare = compared ? wide / compared : null;
    const tooFewReviews = compared < rule.minReviews;
    const reasons: FlagReason[] = [];
    if (!tooFewReviews) {
      if (alpha.computable && alpha.value < rule.alphaBelow) reasons.push("alpha");
      if (wideShare !== null && wideShare >= rule.wideShareAtLeast) reasons.push("wide");
    }
    const differing = differences.filter((d) => d !== 0).length;
    return {
      criterion,
      reviews: reviewIds.length,
      comparedReviews: compared,
      meanRange: compared ? ranges.reduce((a, b) => a + b, 0) / compared : null,
      wideReviews: wide,
      wideShare,
      mixedCannotAssess: mixed,
      alpha,
      self: {
        compared: differences.length,
        differing,
        differingShare: differences.length ? differing / differences.length : null,
        meanDifference: differences.length ? differences.reduce((a, b) => a + b, 0) / differences.length : null,
        higher: differences.filter((d) => d > 0).length,
        lower: differences.filter((d) => d < 0).length,
      },
      flagged: reasons.length > 0,
      reasons,
      tooFewReviews,
    };
  });
  return results.sort((a, b) => Number(b.flagged) - Number(a.flagged) || a.criterion.position - b.criterion.position);
}

export interface CalibrationSummary {
  criteria: number;
  flagged: number;
  reviews: number;
  /** Criteria with enough compared reviews to be judged by the rule. */
  judged: number;
}

export function summarize(results: readonly CriterionCalibration[]): CalibrationSummary {
  return {
    criteria: results.length,
    flagged: results.filter((r) => r.flagged).length,
    reviews: results[0]?.reviews ?? 0,
    judged: results.filter((r) => !r.tooFewReviews).length,
  };
}

export type CalibrationQueryResult =
  | { ok: true; version: number | null }
  | { ok: false; messageKey: "calibration.error.version" | "calibration.error.versionUnknown"; value: string };

const VersionSchema = z.string().regex(/^[1-9]\d{0,5}$/).transform(Number);

/**
 * `?version=N` of the calibration page: empty or missing means the default version; a malformed
 * or repeated value, or a number that is not a published version of the manual, is an error.
 */
export function parseCalibrationQuery(search: URLSearchParams, publishedVersions: readonly number[]): CalibrationQueryResult {
  const all = search.getAll("version");
  const raw = (all[0] ?? "").trim();
  if (all.length > 1) return { ok: false, messageKey: "calibration.error.version", value: raw.slice(0, 20) };
  if (raw === "") return { ok: true, version: null };
  const parsed = VersionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, messageKey: "calibration.error.version", value: raw.slice(0, 20) };
  if (!publishedVersions.includes(parsed.data)) return { ok: false, messageKey: "calibration.error.versionUnknown", value: raw };
  return { ok: true, version: parsed.data };
}
