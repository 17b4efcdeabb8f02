/**
 * The factual-accuracy check of the draft report: the unit's contact comments on factual errors
 * (per criterion or in general; comments only, scores never change), the team answers each
 * comment. Only while the review is in `factual_check`.
 */
import type { AppDatabase } from "#db/connection";
import { writeAudit, type AuditContext } from "../audit/audit.server";
import { FeedbackError, requireReviewCriteria, requireStage } from "./feedback-repository.server";

export interface FactualCommentRow {
  id: number;
  criterionId: number | null;
  text: string;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
  teamResponse: string | null;
  teamResponseByName: string | null;
  teamResponseAt: string | null;
  version: number;
}

export async function listFactualComments(db: AppDatabase, reviewId: number): Promise<FactualCommentRow[]> {
  const rows = await db
    .selectFrom("factual_comments as c")
    .leftJoin("users as author", "author.id", "c.created_by")
    .leftJoin("users as responder", "responder.id", "c.team_response_by")
    .select([
      "c.id",
      "c.criterion_id",
      "c.text",
      "c.created_by",
      "c.created_at",
      "c.team_response",
      "c.team_response_at",
      "c.version",
      "author.name as author_name",
      "responder.name as responder_name",
    ])
    .where("c.review_id", "=", reviewId)
    .orderBy("c.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    criterionId: r.criterion_id,
    text: r.text,
    createdBy: r.created_by,
    createdByName: r.author_name,
    createdAt: r.created_at,
    teamResponse: r.team_response,
    teamResponseByName: r.responder_name,
    teamResponseAt: r.team_response_at,
    version: r.version,
  }));
}

async function commentState(trx: AppDatabase, reviewId: number, id: number) {
  return (
    (await trx
      .selectFrom("factual_comments")
      .select(["id", "criterion_id", "text", "team_response", "version", "created_by"])
      .where("id", "=", id)
      .where("review_id", "=", reviewId)
      .executeTakeFirst()) ?? null
  );
}

export async function addFactualComment(
  db: AppDatabase,
  reviewId: number,
  input: { criterionId: number | null; text: string },
  audit: AuditContext,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await requireStage(trx, reviewId, ["factual_check"], "factualCheck.error.closed");
    if (input.criterionId !== null) await requireReviewCriteria(trx, reviewId, [input.criterionId], "criterionId");
    const { id } = await trx
      .insertInto("factual_comments")
      .values({ review_id: reviewId, criterion_id: input.criterionId, text: input.text, created_by: audit.actorUserId, created_at: new Date().toISOString(), team_response: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, audit, { action: "factual_comment.create", entityType: "factual_comment", entityId: `${reviewId}:${id}`, after: { reviewId, ...input } });
    return id;
  });
}

export async function deleteFactualComment(db: AppDatabase, reviewId: number, { id, expectedVersion }: { id: number; expectedVersion: number }, audit: AuditContext) {
  await db.transaction().execute(async (trx) => {
    await requireStage(trx, reviewId, ["factual_check"], "factualCheck.error.closed");
    const before = await commentState(trx, reviewId, id);
    if (!before) throw new FeedbackError("error.notFound", 404);
    if (before.version !== expectedVersion) throw new FeedbackError("form.stale", 409);
    await trx.deleteFrom("factual_comments").where("id", "=", id).where("version", "=", expectedVersion).execute();
    await writeAudit(trx, audit, { action: "factual_comment.delete", entityType: "factual_comment", entityId: `${reviewId}:${id}`, before: { reviewId, ...before } });
  });
}

export async function respondToFactualComment(
  db: AppDatabase,
  reviewId: number,
  { id, expectedVersion, response }: { id: number; expectedVersion: number; response: string },
  audit: AuditContext,
) {
  await db.transaction().execute(async (trx) => {
    await requireStage(trx, reviewId, ["factual_check"], "factualCheck.error.closed");
    const before = await commentState(trx, reviewId, id);
    if (!before) throw new FeedbackError("error.notFound", 404);
    const result = await trx
      .updateTable("factual_comments")
      .set((eb) => ({ team_response: response, team_response_by: audit.actorUserId, team_response_at: new Date().toISOString(), version: eb("version", "+", 1) }))
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new FeedbackError("form.stale", 409);
    await writeAudit(trx, audit, {
      action: "factual_comment.respond",
      entityType: "factual_comment",
      entityId: `${reviewId}:${id}`,
      before: { teamResponse: before.team_response },
      after: { teamResponse: response },
    });
  });
}
