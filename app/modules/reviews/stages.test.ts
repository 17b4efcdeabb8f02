import { describe, expect, it } from "vitest";
import { advanceBlockers, nextStage, type StageFacts } from "./stages";

const ready: StageFacts = { teamReady: true, selfAssessmentSubmitted: true, reviewerCount: 2, submittedReviewerCount: 2, criteriaCount: 23, consensusCount: 23 };

describe("review stages", () => {
  it("moves forward one stage at a time", () => {
    expect(nextStage("planned")).toBe("gathering");
    expect(nextStage("factual_check")).toBe("published");
    expect(nextStage("published")).toBeNull();
  });

  it("names what blocks each step", () => {
    expect(advanceBlockers("planned", { ...ready, teamReady: false })).toEqual(["team-not-ready"]);
    expect(advanceBlockers("gathering", { ...ready, selfAssessmentSubmitted: false })).toEqual(["self-assessment-not-submitted"]);
    expect(advanceBlockers("analysis", { ...ready, submittedReviewerCount: 1 })).toEqual(["scores-not-submitted"]);
    expect(advanceBlockers("analysis", { ...ready, reviewerCount: 0, submittedReviewerCount: 0 })).toEqual(["scores-not-submitted"]);
    expect(advanceBlockers("assessment", { ...ready, consensusCount: 22 })).toEqual(["consensus-incomplete"]);
    expect(advanceBlockers("published", ready)).toEqual(["already-published"]);
    for (const stage of ["planned", "gathering", "analysis", "assessment", "feedback", "factual_check"] as const) {
      expect(advanceBlockers(stage, ready)).toEqual([]);
    }
  });
});
