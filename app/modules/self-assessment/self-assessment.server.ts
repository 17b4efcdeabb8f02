/**
 * The self-assessment in the database: the pinned manual's criteria, the unit's answers with
 * optimistic concurrency, handing it in and reopening it. Every change is audit-logged in the
 * same transaction. All SQL of the area's answers lives here (evidence in evidence.server.ts).
 */
import type { AppDatabase } from "#db/connection";
import { writeAudit, type AuditContext } from "~/modules/audit/audit.server";
import { ManualFileSchema, type ManualFile } from "~/modules/manuals/manual-schema";
import { criterionNumbers } from "~/modules/manuals/manual-view";
import { isAnswered, type Answer } from "./self-assessment";

export class SelfAssessmentError extends Error {
  constructor(
    public messageKey: string,
    public status: 400 | 403 | 404 | 409,
    public missing: number[] = [],
  ) {
    super(messageKey);
  }
}

export interface PinnedCriterion {
  id: number;
  key: string;
  dimensionKey: string;
  readingNumber: string;
}

export interface PinnedManual {
  manual: ManualFile;
  /** The version's criteria that exist both in the content and as rows, in reading order. */
  criteria: PinnedCriterion[];
}

/** The manual version a review is pinned to: its canonical content and its criteria rows. */
export async function getPinnedManual(db: AppDatabase, manualVersionId: number): Promise<PinnedManual> {
  const version = await db.selectFrom("manual_versions").select("content_json").where("id", "=", manualVersionId).executeTakeFirstOrThrow();
  const manual = ManualFileSchema.parse(JSON.parse(version.content_json));
  const rows = await db
    .selectFrom("manual_criteria")
    .select(["id", "key", "dimension_key"])
    .where("manual_version_id", "=", manualVersionId)
    .execute();
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const numbers = criterionNumbers(manual);
  const criteria: PinnedCriterion[] = [];
  for (const dimension of manual.dimensions) {
    for (const criterion of dimension.criteria) {
      const row = byKey.get(criterion.key);
      if (row) criteria.push({ id: row.id, key: row.key, dimensionKey: dimension.key, readingNumber: numbers.get(criterion.key)! });
    }
  }
  return { manual, criteria };
}

export interface StoredAnswer extends Answer {
  criterionId: number;
  comment: string;
  version: number;
  updatedAt: string;
}

export async function listAnswers(db: AppDatabase, reviewId: number): Promise<Map<number, StoredAnswer>> {
  const rows = await db.selectFrom("self_assessments").selectAll().where("review_id", "=", reviewId).execute();
  return new Map(
    rows.map((row) => [
      row.criterion_id,
      { criterionId: row.criterion_id, score: row.score, cannotAssess: row.cannot_assess === 1, comment: row.comment, version: row.version, updatedAt: row.updated_at },
    ]),
  );
}

/** Inside a transaction: the review still takes the unit's answers (gathering, not handed in). */
async function requireEditable(trx: AppDatabase, reviewId: number) {
  const review = await trx.selectFrom("reviews").select(["stage", "self_assessment_submitted_at", "version"]).where("id", "=", reviewId).executeTakeFirst();
  if (!review) throw new SelfAssessmentError("error.notFound", 404);
  if (review.stage !== "gathering") throw new SelfAssessmentError("selfAssessment.error.notGathering", 403);
  if (review.self_assessment_submitted_at) throw new SelfAssessmentError("selfAssessment.error.submitted", 403);
  return review;
}

export interface SaveAnswerInput {
  reviewId: number;
  criterionId: number;
  /** The version the form was filled in from; 0 when the criterion had no answer yet. */
  expectedVersion: number;
  answer: Answer;
  comment: string;
}

/**
 * Saves one criterion's answer. A stale version (someone saved since the form was loaded) is
 * refused and the newer answer kept. Saving the same values again changes nothing.
 * Returns the answer's version after the save.
 */
export async function saveAnswer(db: AppDatabase, input: SaveAnswerInput, audit: AuditContext): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await requireEditable(trx, input.reviewId);
    const current = await trx
      .selectFrom("self_assessments")
      .selectAll()
      .where("review_id", "=", input.reviewId)
      .where("criterion_id", "=", input.criterionId)
      .executeTakeFirst();
    if ((current?.version ?? 0) !== input.expectedVersion) throw new SelfAssessmentError("form.stale", 409);
    const next = { score: input.answer.score, cannotAssess: input.answer.cannotAssess, comment: input.comment };
    const before = current ? { score: current.score, cannotAssess: current.cannot_assess === 1, comment: current.comment } : null;
    if (before && before.score === next.score && before.cannotAssess === next.cannotAssess && before.comment === next.comment) return current!.version;
    if (!before && next.score === null && !next.cannotAssess && next.comment === "") return 0;
    const now = new Date().toISOString();
    let version: number;
    if (current) {
      const result = await trx
        .updateTable("self_assessments")
        .set({ score: next.score, cannot_assess: next.cannotAssess ? 1 : 0, comment: next.comment, updated_by: audit.actorUserId, updated_at: now, version: current.version + 1 })
        .where("review_id", "=", input.reviewId)
        .where("criterion_id", "=", input.criterionId)
        .where("version", "=", current.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new SelfAssessmentError("form.stale", 409);
      version = current.version + 1;
    } else {
      await trx
        .insertInto("self_assessments")
        .values({
          review_id: input.reviewId,
          criterion_id: input.criterionId,
          score: next.score,
          cannot_assess: next.cannotAssess ? 1 : 0,
          comment: next.comment,
          updated_by: audit.actorUserId,
          updated_at: now,
          version: 1,
        })
        .execute();
      version = 1;
    }
    await writeAudit(trx, audit, {
      action: "self_assessment.save",
      entityType: "self_assessment",
      entityId: `${input.reviewId}:${input.criterionId}`,
      before,
      after: { ...next, version },
    });
    return version;
  });
}

/**
 * Hands the self-assessment in: every criterion needs a score or "cannot assess" (the missing
 * criteria's ids come back in the error). Afterwards the unit can no longer edit it.
 */
export async function submitSelfAssessment(
  db: AppDatabase,
  { reviewId, expectedVersion, criterionIds }: { reviewId: number; expectedVersion: number; criterionIds: number[] },
  audit: AuditContext,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const review = await requireEditable(trx, reviewId);
    if (review.version !== expectedVersion) throw new SelfAssessmentError("form.stale", 409);
    const answers = await listAnswers(trx, reviewId);
    const missing = criterionIds.filter((id) => !isAnswered(answers.get(id)));
    if (missing.length) throw new SelfAssessmentError("selfAssessment.error.incomplete", 400, missing);
    const now = new Date().toISOString();
    const result = await trx
      .updateTable("reviews")
      .set((eb) => ({ self_assessment_submitted_at: now, updated_at: now, version: eb("version", "+", 1) }))
      .where("id", "=", reviewId)
      .where("version", "=", expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new SelfAssessmentError("form.stale", 409);
    await writeAudit(trx, audit, {
      action: "self_assessment.submit",
      entityType: "review",
      entityId: reviewId,
      before: { selfAssessmentSubmittedAt: null },
      after: { selfAssessmentSubmittedAt: now, answered: criterionIds.length },
    });
  });
}

/** Opens a handed-in self-assessment for the unit again (lead or coordinator, while gathering). */
export async function reopenSelfAssessment(
  db: AppDatabase,
  { reviewId, expectedVersion }: { reviewId: number; expectedVersion: number },
  audit: AuditContext,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const review = await trx.selectFrom("reviews").select(["stage", "self_assessment_submitted_at", "version"]).where("id", "=", reviewId).executeTakeFirst();
    if (!review) throw new SelfAssessmentError("error.notFound", 404);
    if (review.version !== expectedVersion) throw new SelfAssessmentError("form.stale", 409);
    if (review.stage !== "gathering" || !review.self_assessment_submitted_at) throw new SelfAssessmentError("selfAssessment.error.notReopenable", 400);
    const now = new Date().toISOString();
    await trx
      .updateTable("reviews")
      .set((eb) => ({ self_assessment_submitted_at: null, updated_at: now, version: eb("version", "+", 1) }))
      .where("id", "=", reviewId)
      .where("version", "=", expectedVersion)
      .execute();
    await writeAudit(trx, audit, {
      action: "self_assessment.reopen",
      entityType: "review",
      entityId: reviewId,
      before: { selfAssessmentSubmittedAt: review.self_assessment_submitted_at },
      after: { selfAssessmentSubmittedAt: null },
    });
  });
}
