/**
 * The review's stages (5.4: inhämtning → analys → bedömning → återföring, then uppföljning) and
 * what must hold before each step forward. Pure: the repository supplies the facts.
 */
import type { ReviewStage } from "#db/schema";

export const STAGE_ORDER: ReviewStage[] = ["planned", "gathering", "analysis", "assessment", "feedback", "factual_check", "published"];

export function stageIndex(stage: ReviewStage) {
  return STAGE_ORDER.indexOf(stage);
}

export function isAtOrPast(stage: ReviewStage, reference: ReviewStage) {
  return stageIndex(stage) >= stageIndex(reference);
}

export function nextStage(stage: ReviewStage): ReviewStage | null {
  return STAGE_ORDER[stageIndex(stage) + 1] ?? null;
}

export interface StageFacts {
  teamReady: boolean;
  selfAssessmentSubmitted: boolean;
  reviewerCount: number;
  submittedReviewerCount: number;
  criteriaCount: number;
  consensusCount: number;
}

export type StageBlocker =
  | "team-not-ready"
  | "self-assessment-not-submitted"
  | "scores-not-submitted"
  | "consensus-incomplete"
  | "already-published";

/** What stops the review from moving to the next stage; an override reason lifts the soft blockers. */
export function advanceBlockers(stage: ReviewStage, facts: StageFacts): StageBlocker[] {
  switch (stage) {
    case "planned":
      return facts.teamReady ? [] : ["team-not-ready"];
    case "gathering":
      return facts.selfAssessmentSubmitted ? [] : ["self-assessment-not-submitted"];
    case "analysis":
      return facts.reviewerCount > 0 && facts.submittedReviewerCount >= facts.reviewerCount ? [] : ["scores-not-submitted"];
    case "assessment":
      return facts.consensusCount >= facts.criteriaCount ? [] : ["consensus-incomplete"];
    case "feedback":
    case "factual_check":
      return [];
    case "published":
      return ["already-published"];
  }
}

/** Blockers a lead or coordinator may override with a written reason (logged in the audit trail). */
export const OVERRIDABLE: ReadonlySet<StageBlocker> = new Set(["self-assessment-not-submitted", "scores-not-submitted"]);

export interface RoundDeadlines {
  self_assessment_due: string | null;
  scoring_due: string | null;
  consensus_due: string | null;
  factual_check_due: string | null;
  publication_due: string | null;
  follow_up_due: string | null;
}

/** The deadline that applies to a review in its current stage (null when none or done). */
export function currentDeadline(stage: ReviewStage, round: RoundDeadlines): string | null {
  switch (stage) {
    case "planned":
    case "gathering":
      return round.self_assessment_due;
    case "analysis":
      return round.scoring_due;
    case "assessment":
      return round.consensus_due;
    case "feedback":
      return round.publication_due;
    case "factual_check":
      return round.factual_check_due;
    case "published":
      return round.follow_up_due;
  }
}

export function isOverdue(deadline: string | null, today: string): boolean {
  return deadline !== null && deadline < today;
}
