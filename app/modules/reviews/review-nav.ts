/** The sub-pages of a review and who sees a link to each (the pages check access themselves too). */
import type { ReviewStage } from "#db/schema";
import type { MessageKey } from "~/i18n/sv";
import { feedbackAccess } from "../feedback/feedback-access";
import type { ReviewAccess } from "./access";
import { isAtOrPast } from "./stages";

export interface ReviewTab {
  path: string;
  label: MessageKey;
}

export function reviewTabs(reviewId: number, stage: ReviewStage, access: ReviewAccess): ReviewTab[] {
  const base = `/reviews/${reviewId}`;
  const feedback = feedbackAccess(access, stage);
  const tabs: (ReviewTab & { show: boolean })[] = [
    { path: base, label: "reviews.tab.overview", show: true },
    { path: `${base}/self-assessment`, label: "reviews.tab.selfAssessment", show: access.canSeeSelfAssessment && isAtOrPast(stage, "gathering") },
    { path: `${base}/scoring`, label: "reviews.tab.scoring", show: access.isTeamMember && isAtOrPast(stage, "analysis") },
    { path: `${base}/consensus`, label: "reviews.tab.consensus", show: access.isTeamMember && isAtOrPast(stage, "assessment") },
    // The feedback pages' own rules (app/modules/feedback/feedback-access.ts) decide their tabs.
    { path: `${base}/recommendations`, label: "reviews.tab.recommendations", show: feedback.canSeeDraft },
    { path: `${base}/factual-check`, label: "factualCheck.tab", show: feedback.canSeeFactualCheck },
    { path: `${base}/report`, label: "report.tab", show: access.canReadPublishedReport },
    { path: `${base}/follow-up`, label: "reviews.tab.followUp", show: feedback.canSeeFollowUp },
    { path: `${base}/history`, label: "reviews.tab.history", show: access.canSeeHistory },
  ];
  return tabs.filter((tab) => tab.show).map(({ path, label }) => ({ path, label }));
}
