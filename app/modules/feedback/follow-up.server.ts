/**
 * Follow-up (uppföljning) of a published review: the unit acknowledges receipt of the report
 * once ("kvittens") and answers each recommendation with an action plan that it keeps updating.
 */
import type { AppDatabase } from "#db/connection";
import type { RecommendationAnswerTable } from "#db/schema";
import { writeAudit, type AuditContext } from "../audit/audit.server";
import { FeedbackError, listRecommendations, requireStage, type RecommendationRow } from "./feedback-repository.server";

export type AnswerResponse = RecommendationAnswerTable["response"];
export type AnswerProgress = "not_started" | "in_progress" | "done";

export interface AnswerRow {
  response: AnswerResponse;
  plannedAction: string;
  owner: string;
  dueDate: string | null;
  progress: AnswerProgress;
  progressNote: string;
  updatedAt: string;
  updatedByName: string | null;
  version: number;
}

export interface FollowUpRecommendation extends RecommendationRow {
  answer: AnswerRow | null;
}

export interface FollowUpData {
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  recommendations: FollowUpRecommendation[];
}

export async function getFollowUp(db: AppDatabase, reviewId: number): Promise<FollowUpData> {
  const review = await db
    .selectFrom("reviews")
    .leftJoin("users", "users.id", "reviews.acknowledged_by")
    .select(["reviews.acknowledged_at", "users.name"])
    .where("reviews.id", "=", reviewId)
    .executeTakeFirstOrThrow();
  const recommendations = await listRecommendations(db, reviewId);
  const answers = recommendations.length
    ? await db
        .selectFrom("recommendation_answers as a")
        .leftJoin("users", "users.id", "a.updated_by")
        .selectAll("a")
        .select("users.name as updated_by_name")
        .where("a.recommendation_id", "in", recommendations.map((r) => r.id))
        .execute()
    : [];
  return {
    acknowledgedAt: review.acknowledged_at,
    acknowledgedByName: review.name,
    recommendations: recommendations.map((r) => {
      const a = answers.find((row) => row.recommendation_id === r.id);
      return {
        ...r,
        answer: a
          ? {
              response: a.response,
              plannedAction: a.planned_action,
              owner: a.owner,
              dueDate: a.due_date,
              progress: a.progress,
              progressNote: a.progress_note,
              updatedAt: a.updated_at,
              updatedByName: a.updated_by_name,
              version: a.version,
            }
          : null,
      };
    }),
  };
}

/** Records the unit's receipt of the published report, once. */
export async function acknowledgeReview(db: AppDatabase, reviewId: number, audit: AuditContext) {
  await db.transaction().execute(async (trx) => {
    await requireStage(trx, reviewId, ["published"], "followUp.error.notPublished");
    const now = new Date().toISOString();
    const result = await trx
      .updateTable("reviews")
      .set((eb) => ({ acknowledged_at: now, acknowledged_by: audit.actorUserId, updated_at: now, version: eb("version", "+", 1) }))
      .where("id", "=", reviewId)
      .where("acknowledged_at", "is", null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new FeedbackError("followUp.error.alreadyAcknowledged", 409);
    await writeAudit(trx, audit, { action: "review.acknowledge", entityType: "review", entityId: reviewId, before: { acknowledgedAt: null }, after: { acknowledgedAt: now } });
  });
}

export interface AnswerInput {
  recommendationId: number;
  /** 0 when answering for the first time. */
  expectedVersion: number;
  response: AnswerResponse;
  plannedAction: string;
  owner: string;
  dueDate: string | null;
  progress: AnswerProgress;
  progressNote: string;
}

/** Creates or updates the unit's answer to one recommendation of the review. */
export async function saveAnswer(db: AppDatabase, reviewId: number, input: AnswerInput, audit: AuditContext) {
  await db.transaction().execute(async (trx) => {
    await requireStage(trx, reviewId, ["published"], "followUp.error.notPublished");
    const recommendation = await trx
      .selectFrom("recommendations")
      .select("id")
      .where("id", "=", input.recommendationId)
      .where("review_id", "=", reviewId)
      .executeTakeFirst();
    if (!recommendation) throw new FeedbackError("followUp.error.recommendation", 400, "recommendationId");
    const before = await trx.selectFrom("recommendation_answers").selectAll().where("recommendation_id", "=", input.recommendationId).executeTakeFirst();
    const now = new Date().toISOString();
    const values = {
      response: input.response,
      planned_action: input.plannedAction,
      owner: input.owner,
      due_date: input.dueDate,
      progress: input.progress,
      progress_note: input.progressNote,
      updated_by: audit.actorUserId,
      updated_at: now,
    };
    if (!before) {
      if (input.expectedVersion !== 0) throw new FeedbackError("form.stale", 409);
      await trx.insertInto("recommendation_answers").values({ recommendation_id: input.recommendationId, ...values }).execute();
    } else {
      if (before.version !== input.expectedVersion) throw new FeedbackError("form.stale", 409);
      const result = await trx
        .updateTable("recommendation_answers")
        .set((eb) => ({ ...values, version: eb("version", "+", 1) }))
        .where("recommendation_id", "=", input.recommendationId)
        .where("version", "=", input.expectedVersion)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new FeedbackError("form.stale", 409);
    }
    const after = await trx.selectFrom("recommendation_answers").selectAll().where("recommendation_id", "=", input.recommendationId).executeTakeFirstOrThrow();
    await writeAudit(trx, audit, {
      action: before ? "recommendation_answer.update" : "recommendation_answer.create",
      entityType: "recommendation",
      // "<review>:<recommendation>", like every part of a review, so its history finds the entry.
      entityId: `${reviewId}:${input.recommendationId}`,
      before: before ?? null,
      after,
    });
  });
}
