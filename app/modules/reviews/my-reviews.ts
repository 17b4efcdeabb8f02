/**
 * "Mina granskningar": the reviews a person takes part in, as one list split into what is still
 * going on and what is finished. Pure, so the ordering and the overdue rule are tested on their own.
 */
import type { ReviewStage } from "#db/schema";
import { currentDeadline, isOverdue, type RoundDeadlines } from "./stages";

/** How the viewer is connected to a review; the list says it in words. */
export type ReviewRelation = "lead" | "member" | "unit";

export interface MyReviewRow {
  reviewId: number;
  unitNameSv: string;
  unitNameEn: string;
  roundId: number;
  roundName: string;
  synthetic: boolean;
  stage: ReviewStage;
  publishedAt: string | null;
  relation: ReviewRelation;
  deadlines: RoundDeadlines;
}

export interface MyReview extends Omit<MyReviewRow, "deadlines"> {
  due: string | null;
  overdue: boolean;
}

export interface MyReviews {
  current: MyReview[];
  /** Published reviews, newest publication first. */
  finished: MyReview[];
}

/**
 * Splits the rows into current and finished reviews. Current ones come most urgent first: overdue,
 * then by due date (none last), then by unit name; a published review has no stage deadline here
 * (its follow-up lives on the start page's tasks), so it is never "overdue" in this list.
 */
export function groupMyReviews(rows: readonly MyReviewRow[], today: string): MyReviews {
  const current: MyReview[] = [];
  const finished: MyReview[] = [];
  for (const { deadlines, ...row } of rows) {
    if (row.stage === "published") {
      finished.push({ ...row, due: null, overdue: false });
    } else {
      const due = currentDeadline(row.stage, deadlines);
      current.push({ ...row, due, overdue: isOverdue(due, today) });
    }
  }
  current.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.due ?? "9999-12-31").localeCompare(b.due ?? "9999-12-31") ||
      a.unitNameSv.localeCompare(b.unitNameSv, "sv"),
  );
  finished.sort((a, b) => (b.publishedAt ?? "").localeCompare(a.publishedAt ?? "") || a.unitNameSv.localeCompare(b.unitNameSv, "sv"));
  return { current, finished };
}
