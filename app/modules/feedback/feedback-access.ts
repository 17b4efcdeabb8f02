/**
 * Who sees and does what on the feedback, factual-check and follow-up pages. Derived from the
 * review's access rules (../reviews/access.ts) and its stage; pure and tested role by role.
 */
import type { ReviewStage } from "#db/schema";
import type { ReviewAccess } from "../reviews/access";
import { isAtOrPast } from "../reviews/stages";

export interface FeedbackAccess {
  /** The draft (later published) report: consensus, strengths, recommendations. Never individual scores. */
  canSeeDraft: boolean;
  /** Strengths marked internal are for the team only. */
  canSeeInternalStrengths: boolean;
  canEditFeedback: boolean;
  canSeeFactualCheck: boolean;
  canCommentFactualCheck: boolean;
  canRespondFactualCheck: boolean;
  canPublish: boolean;
  canSeeFollowUp: boolean;
  canAnswer: boolean;
  /** Open recommendations of the unit's earlier published reviews. */
  canSeeCarryOver: boolean;
}

export function feedbackAccess(access: ReviewAccess, stage: ReviewStage): FeedbackAccess {
  const published = stage === "published";
  return {
    canSeeDraft:
      (access.isTeamMember && isAtOrPast(stage, "feedback")) ||
      (access.isUnitContact && isAtOrPast(stage, "factual_check")) ||
      access.canReadPublishedReport,
    canSeeInternalStrengths: access.isTeamMember,
    canEditFeedback: access.canEditFeedback,
    canSeeFactualCheck:
      ((access.isTeamMember || access.isUnitContact) && isAtOrPast(stage, "factual_check")) || (access.isCoordinator && published),
    canCommentFactualCheck: access.canCommentFactualCheck,
    canRespondFactualCheck: access.isTeamMember && stage === "factual_check",
    canPublish: access.isLead && stage === "factual_check",
    canSeeFollowUp: published && (access.isUnitContact || access.isTeamMember || access.isCoordinator),
    canAnswer: access.canAnswerRecommendations,
    canSeeCarryOver: access.isTeamMember || access.isUnitContact || access.isCoordinator,
  };
}
