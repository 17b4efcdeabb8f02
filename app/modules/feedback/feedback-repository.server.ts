/**
 * Recommendations and strengths of a review (återföring), and the draft report they form with the
 * consensus. All SQL of the feedback page is here; every change runs in one transaction that
 * re-checks the review's stage, refuses a stale `version` and writes the audit entry.
 */
import type { AppDatabase } from "#db/connection";
import type { Priority } from "#db/schema";
import { writeAudit, type AuditContext } from "../audit/audit.server";
import { parseCanonicalManual } from "../manuals/manual-canonical.server";
import { criterionNumbers, dimensionNumber } from "../manuals/manual-view";
import { gapLevel, type GapLevel } from "./gaps";

/** A refused change: a dictionary key, the HTTP status to answer and the field it belongs to. */
export class FeedbackError extends Error {
  constructor(
    public messageKey: string,
    public status: 400 | 403 | 404 | 409,
    public field: string = "form",
  ) {
    super(messageKey);
  }
}

export interface CriterionInfo {
  id: number;
  key: string;
  number: string;
  dimensionKey: string;
  position: number;
  textSv: string;
  textEn: string;
}

export interface ReviewManual {
  id: number;
  manualKey: string;
  version: number;
  checksum: string;
  scale: { value: number; labelSv: string; labelEn: string }[];
  cannotAssess: { sv: string; en: string };
  dimensions: { key: string; number: string; titleSv: string; titleEn: string; criteria: CriterionInfo[] }[];
  criteria: CriterionInfo[];
}

/** The pinned manual version of a review: scale, dimensions and criteria with their row ids. */
export async function loadReviewManual(db: AppDatabase, manualVersionId: number): Promise<ReviewManual> {
  const row = await db.selectFrom("manual_versions").selectAll().where("id", "=", manualVersionId).executeTakeFirstOrThrow();
  const content = parseCanonicalManual(JSON.parse(row.content_json));
  const rows = await db.selectFrom("manual_criteria").selectAll().where("manual_version_id", "=", manualVersionId).orderBy("position").execute();
  const numbers = criterionNumbers(content);
  const criteria: CriterionInfo[] = rows.map((c) => ({
    id: c.id,
    key: c.key,
    number: numbers.get(c.key) ?? c.number ?? String(c.position),
    dimensionKey: c.dimension_key,
    position: c.position,
    textSv: c.text_sv,
    textEn: c.text_en,
  }));
  return {
    id: row.id,
    manualKey: row.manual_key,
    version: row.version,
    checksum: row.checksum,
    scale: content.scale.steps.map((s) => ({ value: s.value, labelSv: s.label.sv, labelEn: s.label.en || s.label.sv })),
    cannotAssess: { sv: content.scale.cannotAssess.label.sv, en: content.scale.cannotAssess.label.en || content.scale.cannotAssess.label.sv },
    dimensions: content.dimensions.map((d, i) => ({
      key: d.key,
      number: dimensionNumber(content, i),
      titleSv: d.title.sv,
      titleEn: d.title.en || d.title.sv,
      criteria: criteria.filter((c) => c.dimensionKey === d.key),
    })),
    criteria,
  };
}

export interface DraftCriterion extends CriterionInfo {
  selfScore: { score: number | null; cannotAssess: boolean } | null;
  consensus: { score: number | null; cannotAssess: boolean; rationale: string } | null;
  gap: GapLevel;
}

export interface RecommendationRow {
  id: number;
  text: string;
  priority: Priority;
  timeframe: string;
  position: number;
  version: number;
  criterionIds: number[];
}

export interface StrengthRow {
  id: number;
  text: string;
  criterionId: number | null;
  internal: boolean;
  version: number;
}

export async function listRecommendations(db: AppDatabase, reviewId: number): Promise<RecommendationRow[]> {
  const rows = await db.selectFrom("recommendations").selectAll().where("review_id", "=", reviewId).orderBy("position").orderBy("id").execute();
  const links = rows.length
    ? await db.selectFrom("recommendation_criteria").selectAll().where("recommendation_id", "in", rows.map((r) => r.id)).execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    text: r.text,
    priority: r.priority,
    timeframe: r.timeframe,
    position: r.position,
    version: r.version,
    criterionIds: links.filter((l) => l.recommendation_id === r.id).map((l) => l.criterion_id).sort((a, b) => a - b),
  }));
}

/** Strengths; internal ones only when asked for (the team). */
export async function listStrengths(db: AppDatabase, reviewId: number, { includeInternal }: { includeInternal: boolean }): Promise<StrengthRow[]> {
  let query = db.selectFrom("strengths").selectAll().where("review_id", "=", reviewId).orderBy("id");
  if (!includeInternal) query = query.where("internal", "=", 0);
  return (await query.execute()).map((s) => ({ id: s.id, text: s.text, criterionId: s.criterion_id, internal: s.internal === 1, version: s.version }));
}

/** Per criterion the unit's self-score and the team's consensus (never an individual reviewer's score). */
export async function listDraftCriteria(db: AppDatabase, reviewId: number, manual: ReviewManual): Promise<DraftCriterion[]> {
  const consensus = await db.selectFrom("consensus_scores").selectAll().where("review_id", "=", reviewId).execute();
  const selfScores = await db.selectFrom("self_assessments").select(["criterion_id", "score", "cannot_assess"]).where("review_id", "=", reviewId).execute();
  const scaleValues = manual.scale.map((s) => s.value);
  return manual.criteria.map((c) => {
    const cs = consensus.find((row) => row.criterion_id === c.id);
    const self = selfScores.find((row) => row.criterion_id === c.id);
    const consensusValue = cs ? { score: cs.score, cannotAssess: cs.cannot_assess === 1, rationale: cs.rationale } : null;
    return {
      ...c,
      selfScore: self && (self.score !== null || self.cannot_assess === 1) ? { score: self.score, cannotAssess: self.cannot_assess === 1 } : null,
      consensus: consensusValue && (consensusValue.score !== null || consensusValue.cannotAssess) ? consensusValue : null,
      gap: gapLevel(consensusValue, scaleValues),
    };
  });
}

/** Refuses a change unless the review is (still) in one of `stages`, read inside the transaction. */
export async function requireStage(trx: AppDatabase, reviewId: number, stages: readonly string[], messageKey = "feedback.error.notEditable") {
  const review = await trx.selectFrom("reviews").select(["stage", "round_id", "unit_id"]).where("id", "=", reviewId).executeTakeFirst();
  if (!review) throw new FeedbackError("error.notFound", 404);
  if (!stages.includes(review.stage)) throw new FeedbackError(messageKey, 409);
  return review;
}

/** Refuses criteria that are not criteria of the review's pinned manual version. */
export async function requireReviewCriteria(trx: AppDatabase, reviewId: number, criterionIds: readonly number[], field: string) {
  const unique = [...new Set(criterionIds)];
  if (unique.length === 0) return unique;
  const rows = await trx
    .selectFrom("manual_criteria")
    .innerJoin("rounds", "rounds.manual_version_id", "manual_criteria.manual_version_id")
    .innerJoin("reviews", "reviews.round_id", "rounds.id")
    .select("manual_criteria.id")
    .where("reviews.id", "=", reviewId)
    .where("manual_criteria.id", "in", unique)
    .execute();
  if (rows.length !== unique.length) throw new FeedbackError("feedback.error.criterion", 400, field);
  return unique.sort((a, b) => a - b);
}

export interface RecommendationInput {
  text: string;
  priority: Priority;
  timeframe: string;
  criterionIds: number[];
}

async function recommendationState(trx: AppDatabase, reviewId: number, id: number) {
  const row = await trx.selectFrom("recommendations").selectAll().where("id", "=", id).where("review_id", "=", reviewId).executeTakeFirst();
  if (!row) return null;
  const links = await trx.selectFrom("recommendation_criteria").select("criterion_id").where("recommendation_id", "=", id).orderBy("criterion_id").execute();
  return { id: row.id, text: row.text, priority: row.priority, timeframe: row.timeframe, position: row.position, version: row.version, criterionIds: links.map((l) => l.criterion_id) };
}

/** The row must exist in this review (else 404) and still be at `expectedVersion` (else 409). */
function requireVersion<T extends { version: number }>(row: T | null | undefined, expectedVersion: number): T {
  if (!row) throw new FeedbackError("error.notFound", 404);
  if (row.version !== expectedVersion) throw new FeedbackError("form.stale", 409);
  return row;
}

export async function createRecommendation(db: AppDatabase, reviewId: number, input: RecommendationInput, audit: AuditContext): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await requireStage(trx, reviewId, ["feedback"]);
    const criterionIds = await requireReviewCriteria(trx, reviewId, input.criterionIds, "criterionIds");
    const last = await trx.selectFrom("recommendations").select((eb) => eb.fn.max("position").as("max")).where("review_id", "=", reviewId).executeTakeFirst();
    const now = new Date().toISOString();
    const { id } = await trx
      .insertInto("recommendations")
      .values({
        review_id: reviewId,
        text: input.text,
        priority: input.priority,
        timeframe: input.timeframe,
        position: Number(last?.max ?? 0) + 1,
        created_by: audit.actorUserId,
        created_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx.insertInto("recommendation_criteria").values(criterionIds.map((criterion_id) => ({ recommendation_id: id, criterion_id }))).execute();
    await writeAudit(trx, audit, { action: "recommendation.create", entityType: "recommendation", entityId: `${reviewId}:${id}`, after: { reviewId, ...(await recommendationState(trx, reviewId, id)) } });
    return id;
  });
}

export async function updateRecommendation(
  db: AppDatabase,
  reviewId: number,
  { id, expectedVersion, ...input }: RecommendationInput & { id: number; expectedVersion: number },
  audit: AuditContext,
) {
  await db.transaction().execute(async (trx) => {
    await requireStage(trx, reviewId, ["feedback"]);
    const before = requireVersion(await recommendationState(trx, reviewId, id), expectedVersion);
    const criterionIds = await requireReviewCriteria(trx, reviewId, input.criterionIds, "criterionIds");
    const result = await trx
      .updateTable("recommendations")
      .set((eb) => ({ text: input.text, priority: input.priority, timeframe: input.timeframe, updated_at: new Date().toISOString(), version: eb("version", "+", 1) }))
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new FeedbackError("form.stale", 409);
    await trx.deleteFrom("recommendation_criteria").where("recommendation_id", "=", id).execute();
    await trx.insertInto("recommendation_criteria").values(criterionIds.map((criterion_id) => ({ recommendation_id: id, criterion_id }))).execute();
    await writeAudit(trx, audit, { action: "recommendation.update", entityType: "recommendation", entityId: `${reviewId}:${id}`, before, after: await recommendationState(trx, reviewId, id) });
  });
}

export async function deleteRecommendation(db: AppDatabase, reviewId: number, { id, expectedVersion }: { id: number; expectedVersion: number }, audit: AuditContext) {
  await db.transaction().execute(async (trx) => {
    await requireStage(trx, reviewId, ["feedback"]);
    const before = requireVersion(await recommendationState(trx, reviewId, id), expectedVersion);
    await trx.deleteFrom("recommendation_criteria").where("recommendation_id", "=", id).execute();
    await trx.deleteFrom("recommendations").where("id", "=", id).where("version", "=", expectedVersion).execute();
    // Close the gap so positions stay 1..n.
    await trx
      .updateTable("recommendations")
      .set((eb) => ({ position: eb("position", "-", 1) }))
      .where("review_id", "=", reviewId)
      .where("position", ">", before.position)
      .execute();
    await writeAudit(trx, audit, { action: "recommendation.delete", entityType: "recommendation", entityId: `${reviewId}:${id}`, before: { reviewId, ...before } });
  });
}

/** Moves a recommendation one place up or down by swapping positions with its neighbour. */
export async function moveRecommendation(
  db: AppDatabase,
  reviewId: number,
  { id, expectedVersion, direction }: { id: number; expectedVersion: number; direction: "up" | "down" },
  audit: AuditContext,
) {
  await db.transaction().execute(async (trx) => {
    await requireStage(trx, reviewId, ["feedback"]);
    const row = requireVersion(await recommendationState(trx, reviewId, id), expectedVersion);
    const all = await trx.selectFrom("recommendations").select(["id", "position"]).where("review_id", "=", reviewId).orderBy("position").orderBy("id").execute();
    const index = all.findIndex((r) => r.id === id);
    const neighbour = all[direction === "up" ? index - 1 : index + 1];
    if (!neighbour) throw new FeedbackError("feedback.error.cannotMove", 400);
    const before = all.map((r) => r.id);
    // Renumber 1..n with the two swapped, so equal or sparse positions cannot make a move a no-op.
    const order = [...before];
    order[index] = neighbour.id;
    order[all.indexOf(neighbour)] = row.id;
    for (const [i, recId] of order.entries()) {
      await trx
        .updateTable("recommendations")
        .set((eb) => ({ position: i + 1, ...(recId === id || recId === neighbour.id ? { version: eb("version", "+", 1), updated_at: new Date().toISOString() } : {}) }))
        .where("id", "=", recId)
        .execute();
    }
    await writeAudit(trx, audit, { action: "recommendation.move", entityType: "review", entityId: reviewId, before: { order: before }, after: { order, moved: id, direction } });
  });
}

export interface StrengthInput {
  text: string;
  criterionId: number | null;
  internal: boolean;
}

async function strengthState(trx: AppDatabase, reviewId: number, id: number) {
  const s = await trx.selectFrom("strengths").selectAll().where("id", "=", id).where("review_id", "=", reviewId).executeTakeFirst();
  return s ? { id: s.id, text: s.text, criterionId: s.criterion_id, internal: s.internal === 1, version: s.version } : null;
}

export async function createStrength(db: AppDatabase, reviewId: number, input: StrengthInput, audit: AuditContext): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await requireStage(trx, reviewId, ["feedback"]);
    if (input.criterionId !== null) await requireReviewCriteria(trx, reviewId, [input.criterionId], "criterionId");
    const now = new Date().toISOString();
    const { id } = await trx
      .insertInto("strengths")
      .values({ review_id: reviewId, text: input.text, criterion_id: input.criterionId, internal: input.internal ? 1 : 0, created_by: audit.actorUserId, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeAudit(trx, audit, { action: "strength.create", entityType: "strength", entityId: `${reviewId}:${id}`, after: { reviewId, ...(await strengthState(trx, reviewId, id)) } });
    return id;
  });
}

export async function updateStrength(
  db: AppDatabase,
  reviewId: number,
  { id, expectedVersion, ...input }: StrengthInput & { id: number; expectedVersion: number },
  audit: AuditContext,
) {
  await db.transaction().execute(async (trx) => {
    await requireStage(trx, reviewId, ["feedback"]);
    const before = requireVersion(await strengthState(trx, reviewId, id), expectedVersion);
    if (input.criterionId !== null) await requireReviewCriteria(trx, reviewId, [input.criterionId], "criterionId");
    const result = await trx
      .updateTable("strengths")
      .set((eb) => ({ text: input.text, criterion_id: input.criterionId, internal: input.internal ? 1 : 0, updated_at: new Date().toISOString(), version: eb("version", "+", 1) }))
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new FeedbackError("form.stale", 409);
    await writeAudit(trx, audit, { action: "strength.update", entityType: "strength", entityId: `${reviewId}:${id}`, before, after: await strengthState(trx, reviewId, id) });
  });
}

export async function deleteStrength(db: AppDatabase, reviewId: number, { id, expectedVersion }: { id: number; expectedVersion: number }, audit: AuditContext) {
  await db.transaction().execute(async (trx) => {
    await requireStage(trx, reviewId, ["feedback"]);
    const before = requireVersion(await strengthState(trx, reviewId, id), expectedVersion);
    await trx.deleteFrom("strengths").where("id", "=", id).where("version", "=", expectedVersion).execute();
    await writeAudit(trx, audit, { action: "strength.delete", entityType: "strength", entityId: `${reviewId}:${id}`, before: { reviewId, ...before } });
  });
}
