/**
 * Who sees and does what in one review (product.md, "What each role sees"). Pure, so the same
 * rules drive loaders, actions, exports and the interface, and are tested role by role.
 */
import type { ReviewStage, Role } from "#db/schema";
import { isAtOrPast } from "./stages";

export interface Viewer {
  userId: number;
  roles: readonly Role[];
  homeUnitId: number;
}

export interface ReviewAccessFacts {
  unitId: number;
  stage: ReviewStage;
  teamMemberIds: readonly number[];
  leadId: number | null;
  submittedReviewerIds: readonly number[];
  /** The unit has handed in its self-assessment (it is then read-only until reopened). */
  selfAssessmentSubmitted?: boolean;
}

export interface ReviewAccess {
  canView: boolean;
  isTeamMember: boolean;
  isLead: boolean;
  /** A unit contact of the reviewed unit. */
  isUnitContact: boolean;
  isCoordinator: boolean;
  canManageTeam: boolean;
  canSeeSelfAssessment: boolean;
  /** The unit contact fills in the self-assessment and adds the unit's evidence: gathering, until handed in. */
  canEditSelfAssessment: boolean;
  /** The lead or the coordinator may reopen a handed-in self-assessment while gathering. */
  canReopenSelfAssessment: boolean;
  canAddTeamEvidence: boolean;
  /** The team's own evidence and interview notes: the team and the coordinator, never the unit. */
  canSeeTeamEvidence: boolean;
  canScore: boolean;
  /** Individual reviewers' scores of others: only team members, and only after submitting their own. */
  canSeeOtherReviewerScores: boolean;
  canSeeConsensus: boolean;
  canEditConsensus: boolean;
  canEditFeedback: boolean;
  canCommentFactualCheck: boolean;
  canReadPublishedReport: boolean;
  canAnswerRecommendations: boolean;
  canSeeHistory: boolean;
}

export function reviewAccess(viewer: Viewer, review: ReviewAccessFacts): ReviewAccess {
  const isTeamMember = review.teamMemberIds.includes(viewer.userId);
  const isLead = review.leadId === viewer.userId;
  const isUnitContact = viewer.roles.includes("unit_contact") && viewer.homeUnitId === review.unitId;
  const isCoordinator = viewer.roles.includes("coordinator");
  const isAdvisor = viewer.roles.includes("advisor");
  const published = review.stage === "published";
  const hasSubmitted = review.submittedReviewerIds.includes(viewer.userId);
  const canView = isTeamMember || isUnitContact || isCoordinator || (isAdvisor && published);
  return {
    canView,
    isTeamMember,
    isLead,
    isUnitContact,
    isCoordinator,
    canManageTeam: isCoordinator && review.stage === "planned",
    canSeeSelfAssessment: isUnitContact || isCoordinator || (isTeamMember && isAtOrPast(review.stage, "gathering")),
    canEditSelfAssessment: isUnitContact && review.stage === "gathering" && !review.selfAssessmentSubmitted,
    canReopenSelfAssessment: (isLead || isCoordinator) && review.stage === "gathering" && !!review.selfAssessmentSubmitted,
    canAddTeamEvidence: isTeamMember && (review.stage === "gathering" || review.stage === "analysis"),
    canSeeTeamEvidence: isTeamMember || isCoordinator,
    canScore: isTeamMember && review.stage === "analysis" && !hasSubmitted,
    canSeeOtherReviewerScores: isTeamMember && (hasSubmitted || isAtOrPast(review.stage, "assessment")),
    canSeeConsensus:
      (isTeamMember && isAtOrPast(review.stage, "assessment")) ||
      (isUnitContact && isAtOrPast(review.stage, "factual_check")) ||
      ((isCoordinator || isAdvisor) && published),
    canEditConsensus: isTeamMember && review.stage === "assessment",
    canEditFeedback: isTeamMember && review.stage === "feedback",
    canCommentFactualCheck: isUnitContact && review.stage === "factual_check",
    canReadPublishedReport: published && (isTeamMember || isUnitContact || isCoordinator || isAdvisor),
    canAnswerRecommendations: isUnitContact && published,
    canSeeHistory: isCoordinator || isLead,
  };
}
