import { describe, expect, it } from "vitest";
import type { ReviewStage, Role } from "#db/schema";
import { reviewAccess } from "../reviews/access";
import { STAGE_ORDER } from "../reviews/stages";
import { feedbackAccess } from "./feedback-access";

const UNIT = 3;
const review = (stage: ReviewStage) => ({ unitId: UNIT, stage, teamMemberIds: [1, 2], leadId: 1, submittedReviewerIds: [1, 2] });
const viewers: Record<string, { userId: number; roles: Role[]; homeUnitId: number }> = {
  lead: { userId: 1, roles: ["reviewer"], homeUnitId: 1 },
  member: { userId: 2, roles: ["reviewer"], homeUnitId: 12 },
  otherReviewer: { userId: 4, roles: ["reviewer"], homeUnitId: 25 },
  unitContact: { userId: 5, roles: ["unit_contact"], homeUnitId: UNIT },
  otherContact: { userId: 6, roles: ["unit_contact"], homeUnitId: 1 },
  coordinator: { userId: 7, roles: ["coordinator"], homeUnitId: 99 },
  advisor: { userId: 8, roles: ["advisor"], homeUnitId: 99 },
  editor: { userId: 9, roles: ["editor"], homeUnitId: 99 },
  admin: { userId: 10, roles: ["admin"], homeUnitId: 99 },
};
const of = (who: string, stage: ReviewStage) => feedbackAccess(reviewAccess(viewers[who]!, review(stage)), stage);
const stagesWhere = (who: string, flag: keyof ReturnType<typeof of>) => STAGE_ORDER.filter((s) => of(who, s)[flag]);

describe("feedback access", () => {
  it("shows the draft to the team from feedback on, to the unit from the factual check on, to readers when published", () => {
    expect(stagesWhere("lead", "canSeeDraft")).toEqual(["feedback", "factual_check", "published"]);
    expect(stagesWhere("member", "canSeeDraft")).toEqual(["feedback", "factual_check", "published"]);
    expect(stagesWhere("unitContact", "canSeeDraft")).toEqual(["factual_check", "published"]);
    expect(stagesWhere("coordinator", "canSeeDraft")).toEqual(["published"]);
    expect(stagesWhere("advisor", "canSeeDraft")).toEqual(["published"]);
    for (const who of ["otherReviewer", "otherContact", "editor", "admin"]) expect(stagesWhere(who, "canSeeDraft")).toEqual([]);
  });

  it("keeps internal strengths within the team", () => {
    expect(of("lead", "published").canSeeInternalStrengths).toBe(true);
    for (const who of ["unitContact", "coordinator", "advisor"]) expect(of(who, "published").canSeeInternalStrengths).toBe(false);
  });

  it("lets the team edit only in feedback, the unit comment and the team respond only in the factual check", () => {
    expect(stagesWhere("member", "canEditFeedback")).toEqual(["feedback"]);
    expect(stagesWhere("unitContact", "canEditFeedback")).toEqual([]);
    expect(stagesWhere("unitContact", "canCommentFactualCheck")).toEqual(["factual_check"]);
    expect(stagesWhere("otherContact", "canCommentFactualCheck")).toEqual([]);
    expect(stagesWhere("member", "canRespondFactualCheck")).toEqual(["factual_check"]);
    expect(stagesWhere("unitContact", "canRespondFactualCheck")).toEqual([]);
  });

  it("lets only the lead publish, and only from the factual check", () => {
    expect(stagesWhere("lead", "canPublish")).toEqual(["factual_check"]);
    for (const who of ["member", "unitContact", "coordinator", "advisor", "admin"]) expect(stagesWhere(who, "canPublish")).toEqual([]);
  });

  it("opens follow-up after publication to the unit, the team and the coordinator; only the unit answers", () => {
    for (const who of ["lead", "member", "unitContact", "coordinator"]) expect(stagesWhere(who, "canSeeFollowUp")).toEqual(["published"]);
    for (const who of ["advisor", "otherContact", "otherReviewer", "editor", "admin"]) expect(stagesWhere(who, "canSeeFollowUp")).toEqual([]);
    expect(stagesWhere("unitContact", "canAnswer")).toEqual(["published"]);
    expect(stagesWhere("lead", "canAnswer")).toEqual([]);
  });
});
