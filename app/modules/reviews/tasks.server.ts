/** Each user's open tasks for the start page, with their due dates, most urgent first. */
import type { AppDatabase } from "#db/connection";
import type { MessageKey } from "~/i18n/sv";
import type { CurrentUser } from "../users/users.server";
import { listRoundReviews } from "./round-repository.server";
import { currentDeadline } from "./stages";

export interface Task {
  reviewId: number;
  kind: MessageKey;
  unitNameSv: string;
  unitNameEn: string;
  roundName: string;
  due: string | null;
}

export async function listTasks(db: AppDatabase, user: CurrentUser): Promise<Task[]> {
  const isCoordinator = user.roles.includes("coordinator");
  const isUnitContact = user.roles.includes("unit_contact");
  const tasks: Task[] = [];
  // Published reviews of the user's own unit still waiting for its receipt or answers.
  const awaitingUnit = new Set<number>();
  const roundsAwaitingUnit = new Set<number>();
  if (isUnitContact) {
    const published = await db
      .selectFrom("reviews")
      .select(["reviews.id", "reviews.round_id", "reviews.acknowledged_at"])
      .select((eb) =>
        eb
          .selectFrom("recommendations")
          .leftJoin("recommendation_answers", "recommendation_answers.recommendation_id", "recommendations.id")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("recommendations.review_id", "=", "reviews.id")
          .where("recommendation_answers.recommendation_id", "is", null)
          .as("unanswered"),
      )
      .where("reviews.unit_id", "=", user.homeUnit.id)
      .where("reviews.stage", "=", "published")
      .execute();
    for (const review of published) {
      if (review.acknowledged_at === null || Number(review.unanswered) > 0) {
        awaitingUnit.add(review.id);
        roundsAwaitingUnit.add(review.round_id);
      }
    }
  }
  // Only rounds that can hold a task: one with a review not yet published, or with a published
  // review of the user's unit still waiting for the unit. A decade of finished rounds costs nothing
  // (at national scale reading every round's reviews made this page take ~0.4 s for every user).
  const open = await db.selectFrom("reviews").select("round_id").distinct().where("stage", "!=", "published").execute();
  const roundIds = [...new Set([...open.map((r) => r.round_id), ...roundsAwaitingUnit])];
  const rounds = roundIds.length === 0 ? [] : await db.selectFrom("rounds").selectAll().where("id", "in", roundIds).orderBy("id").execute();
  for (const round of rounds) {
    for (const review of await listRoundReviews(db, round.id)) {
      const base = { reviewId: review.id, unitNameSv: review.unitNameSv, unitNameEn: review.unitNameEn, roundName: round.name, due: currentDeadline(review.stage, round) };
      const onTeam = review.team.some((m) => m.userId === user.id);
      const isLead = review.team.some((m) => m.userId === user.id && m.isLead);
      const ownUnit = isUnitContact && review.unitId === user.homeUnit.id;
      if (isCoordinator && review.stage === "planned" && review.issues.length > 0) tasks.push({ ...base, kind: "tasks.teamNeeded" });
      if (ownUnit && review.stage === "gathering" && !review.selfAssessmentSubmitted) tasks.push({ ...base, kind: "tasks.selfAssessment" });
      if (ownUnit && review.stage === "factual_check") tasks.push({ ...base, kind: "tasks.factualCheck" });
      if (ownUnit && awaitingUnit.has(review.id)) tasks.push({ ...base, kind: "tasks.answer" });
      if (onTeam && review.stage === "analysis" && !review.submittedReviewerIds.includes(user.id)) tasks.push({ ...base, kind: "tasks.scoring" });
      if (onTeam && review.stage === "assessment") tasks.push({ ...base, kind: "tasks.consensus" });
      if (onTeam && review.stage === "feedback") tasks.push({ ...base, kind: "tasks.feedback" });
      // The lead's own steps: moving on once the unit has handed in, and signing off after the factual check.
      if (isLead && review.stage === "gathering" && review.selfAssessmentSubmitted) tasks.push({ ...base, kind: "tasks.startAnalysis" });
      if (isLead && review.stage === "factual_check") tasks.push({ ...base, kind: "tasks.publish" });
    }
  }
  return tasks.sort((a, b) => (a.due ?? "9999").localeCompare(b.due ?? "9999") || a.unitNameSv.localeCompare(b.unitNameSv));
}
