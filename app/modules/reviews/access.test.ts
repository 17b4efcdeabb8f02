import { describe, expect, it } from "vitest";
import type { ReviewStage, Role } from "#db/schema";
import { reviewAccess, type ReviewAccessFacts, type Viewer } from "./access";

const UPPSALA = 3;
const STOCKHOLM = 1;
const NAT = 100;

const lead: Viewer = { userId: 1, roles: ["reviewer"], homeUnitId: STOCKHOLM };
const member: Viewer = { userId: 2, roles: ["reviewer"], homeUnitId: 12 };
const outsider: Viewer = { userId: 3, roles: ["reviewer"], homeUnitId: 25 };
const contact: Viewer = { userId: 4, roles: ["unit_contact"], homeUnitId: UPPSALA };
const otherContact: Viewer = { userId: 5, roles: ["unit_contact"], homeUnitId: STOCKHOLM };
const role = (r: Role, id: number): Viewer => ({ userId: id, roles: [r], homeUnitId: NAT });

function review(stage: ReviewStage, submitted: number[] = []): ReviewAccessFacts {
  return { unitId: UPPSALA, stage, teamMemberIds: [1, 2], leadId: 1, submittedReviewerIds: submitted };
}

describe("review visibility", () => {
  it("shows a review only to its team, its unit's contacts and the coordinator, and to advisors once published", () => {
    const planned = review("analysis");
    expect(reviewAccess(lead, planned).canView).toBe(true);
    expect(reviewAccess(contact, planned).canView).toBe(true);
    expect(reviewAccess(role("coordinator", 10), planned).canView).toBe(true);
    for (const viewer of [outsider, otherContact, role("advisor", 11), role("editor", 12), role("admin", 13)]) {
      expect(reviewAccess(viewer, planned).canView).toBe(false);
    }
    expect(reviewAccess(role("advisor", 11), review("published")).canView).toBe(true);
    expect(reviewAccess(role("editor", 12), review("published")).canView).toBe(false);
  });

  it("keeps other reviewers' scores hidden until a reviewer has submitted", () => {
    expect(reviewAccess(member, review("analysis")).canSeeOtherReviewerScores).toBe(false);
    expect(reviewAccess(member, review("analysis", [2])).canSeeOtherReviewerScores).toBe(true);
    expect(reviewAccess(member, review("analysis", [2])).canScore).toBe(false);
    expect(reviewAccess(member, review("assessment")).canSeeOtherReviewerScores).toBe(true);
  });

  it("never shows individual reviewer scores to the unit or the national roles", () => {
    for (const stage of ["analysis", "assessment", "published"] as ReviewStage[]) {
      for (const viewer of [contact, role("coordinator", 10), role("advisor", 11)]) {
        expect(reviewAccess(viewer, review(stage, [1, 2])).canSeeOtherReviewerScores).toBe(false);
      }
    }
  });

  it("shows the unit its consensus from the factual check on, and the national roles after publication", () => {
    expect(reviewAccess(contact, review("feedback")).canSeeConsensus).toBe(false);
    expect(reviewAccess(contact, review("factual_check")).canSeeConsensus).toBe(true);
    expect(reviewAccess(role("coordinator", 10), review("factual_check")).canSeeConsensus).toBe(false);
    expect(reviewAccess(role("coordinator", 10), review("published")).canSeeConsensus).toBe(true);
  });

  it("lets each party write only in its own stage", () => {
    expect(reviewAccess(contact, review("gathering")).canEditSelfAssessment).toBe(true);
    expect(reviewAccess(contact, review("analysis")).canEditSelfAssessment).toBe(false);
    expect(reviewAccess(member, review("assessment")).canEditConsensus).toBe(true);
    expect(reviewAccess(contact, review("factual_check")).canCommentFactualCheck).toBe(true);
    expect(reviewAccess(contact, review("published")).canAnswerRecommendations).toBe(true);
    expect(reviewAccess(otherContact, review("published")).canAnswerRecommendations).toBe(false);
    expect(reviewAccess(role("coordinator", 10), review("planned")).canManageTeam).toBe(true);
    expect(reviewAccess(role("coordinator", 10), review("gathering")).canManageTeam).toBe(false);
  });
});

describe("self-assessment and evidence", () => {
  it("lets the unit contact edit only while gathering and until the self-assessment is handed in", () => {
    const submitted = { ...review("gathering"), selfAssessmentSubmitted: true };
    expect(reviewAccess(contact, review("gathering")).canEditSelfAssessment).toBe(true);
    expect(reviewAccess(contact, submitted).canEditSelfAssessment).toBe(false);
    expect(reviewAccess(contact, submitted).canSeeSelfAssessment).toBe(true);
    for (const viewer of [lead, member, role("coordinator", 10)]) expect(reviewAccess(viewer, review("gathering")).canEditSelfAssessment).toBe(false);
  });

  it("lets the lead or the coordinator reopen a handed-in self-assessment while gathering", () => {
    const submitted = { ...review("gathering"), selfAssessmentSubmitted: true };
    expect(reviewAccess(lead, submitted).canReopenSelfAssessment).toBe(true);
    expect(reviewAccess(role("coordinator", 10), submitted).canReopenSelfAssessment).toBe(true);
    expect(reviewAccess(member, submitted).canReopenSelfAssessment).toBe(false);
    expect(reviewAccess(contact, submitted).canReopenSelfAssessment).toBe(false);
    expect(reviewAccess(lead, review("gathering")).canReopenSelfAssessment).toBe(false);
    expect(reviewAccess(lead, { ...review("analysis"), selfAssessmentSubmitted: true }).canReopenSelfAssessment).toBe(false);
  });

  it("keeps the team's evidence and notes from the unit", () => {
    expect(reviewAccess(lead, review("gathering")).canSeeTeamEvidence).toBe(true);
    expect(reviewAccess(role("coordinator", 10), review("gathering")).canSeeTeamEvidence).toBe(true);
    expect(reviewAccess(contact, review("gathering")).canSeeTeamEvidence).toBe(false);
    expect(reviewAccess(role("advisor", 11), review("published")).canSeeTeamEvidence).toBe(false);
    expect(reviewAccess(member, review("analysis")).canAddTeamEvidence).toBe(true);
    expect(reviewAccess(member, review("assessment")).canAddTeamEvidence).toBe(false);
    expect(reviewAccess(role("coordinator", 10), review("gathering")).canAddTeamEvidence).toBe(false);
  });
});
