import { describe, expect, it } from "vitest";
import { groupMyReviews, type MyReviewRow } from "./my-reviews";

const deadlines = {
  self_assessment_due: "2026-03-31",
  scoring_due: "2026-05-31",
  consensus_due: "2026-06-30",
  factual_check_due: "2026-09-30",
  publication_due: "2026-10-31",
  follow_up_due: "2027-03-31",
};

function row(overrides: Partial<MyReviewRow>): MyReviewRow {
  return {
    reviewId: 1,
    unitNameSv: "Region Uppsala",
    unitNameEn: "Uppsala Region",
    roundId: 1,
    roundName: "Länsgranskning 2026",
    synthetic: false,
    stage: "gathering",
    publishedAt: null,
    relation: "member",
    deadlines,
    ...overrides,
  };
}

describe("groupMyReviews", () => {
  it("puts published reviews among the finished ones, newest first, without a due date", () => {
    const { current, finished } = groupMyReviews(
      [
        row({ reviewId: 1, stage: "published", publishedAt: "2025-11-01T10:00:00.000Z" }),
        row({ reviewId: 2, stage: "published", publishedAt: "2025-12-01T10:00:00.000Z" }),
        row({ reviewId: 3, stage: "analysis" }),
      ],
      "2026-01-15",
    );
    expect(finished.map((r) => r.reviewId)).toEqual([2, 1]);
    expect(finished.every((r) => r.due === null && !r.overdue)).toBe(true);
    expect(current.map((r) => r.reviewId)).toEqual([3]);
  });

  it("takes the deadline of the review's own stage and flags it overdue only after that day", () => {
    const { current } = groupMyReviews([row({ stage: "analysis" })], "2026-05-31");
    expect(current[0]).toMatchObject({ due: "2026-05-31", overdue: false });
    const later = groupMyReviews([row({ stage: "analysis" })], "2026-06-01");
    expect(later.current[0]).toMatchObject({ due: "2026-05-31", overdue: true });
  });

  it("orders current reviews overdue first, then by due date, reviews without a deadline last, then by unit", () => {
    const { current } = groupMyReviews(
      [
        row({ reviewId: 1, stage: "feedback", unitNameSv: "Region Örebro län" }), // due 2026-10-31
        row({ reviewId: 2, stage: "gathering", unitNameSv: "Region Skåne" }), // due 2026-03-31, overdue
        row({ reviewId: 3, stage: "analysis", unitNameSv: "Region Blekinge", deadlines: { ...deadlines, scoring_due: null } }),
        row({ reviewId: 4, stage: "assessment", unitNameSv: "Region Gotland" }), // due 2026-06-30
        row({ reviewId: 5, stage: "assessment", unitNameSv: "Region Dalarna" }), // due 2026-06-30
      ],
      "2026-04-01",
    );
    expect(current.map((r) => r.reviewId)).toEqual([2, 5, 4, 1, 3]);
    expect(current.map((r) => r.overdue)).toEqual([true, false, false, false, false]);
  });
});
