/**
 * Sign-off and publication: in one transaction the lead's sign-off builds the frozen snapshot of
 * the review (./snapshot.ts), stores it with its sha256 and moves the review to `published`. A
 * database trigger (migration 0003) refuses any later change of the stage, snapshot, hash or
 * publication time; the app refuses every later change of recommendations, strengths, consensus
 * and scores because they are only editable in earlier stages.
 */
import type { AppDatabase } from "#db/connection";
import { writeAudit, type AuditContext } from "../audit/audit.server";
import { listFactualComments } from "./factual-check.server";
import { FeedbackError, listDraftCriteria, listRecommendations, listStrengths, loadReviewManual } from "./feedback-repository.server";
import { parseIndicatorSnapshot } from "../kolada/kolada-panel";
import { freezeSnapshot, serializeSnapshot, snapshotHash, type ReviewSnapshot, type SnapshotIndicator, type SnapshotInput } from "./snapshot";

/** Everything the snapshot holds, read from the database (inside the publishing transaction). */
export async function collectSnapshotInput(db: AppDatabase, reviewId: number, signer: { userId: number }, publishedAt: string): Promise<SnapshotInput> {
  const review = await db
    .selectFrom("reviews")
    .innerJoin("units", "units.id", "reviews.unit_id")
    .innerJoin("rounds", "rounds.id", "reviews.round_id")
    .select([
      "reviews.id",
      "units.id as unit_id",
      "units.code as unit_code",
      "units.kind as unit_kind",
      "units.name_sv as unit_name_sv",
      "units.name_en as unit_name_en",
      "rounds.id as round_id",
      "rounds.name as round_name",
      "rounds.level",
      "rounds.period_start",
      "rounds.period_end",
      "rounds.manual_version_id",
    ])
    .where("reviews.id", "=", reviewId)
    .executeTakeFirstOrThrow();
  const manual = await loadReviewManual(db, review.manual_version_id);
  const keyOf = new Map(manual.criteria.map((c) => [c.id, c.key]));
  const team = await db
    .selectFrom("review_team_members as m")
    .innerJoin("users", "users.id", "m.user_id")
    .innerJoin("units", "units.id", "users.home_unit_id")
    .select(["m.user_id", "m.is_lead", "m.is_user_representative", "users.name", "units.code", "units.name_sv", "units.name_en"])
    .where("m.review_id", "=", reviewId)
    .execute();
  const signerRow = await db.selectFrom("users").select(["id", "name"]).where("id", "=", signer.userId).executeTakeFirstOrThrow();
  const criteria = await listDraftCriteria(db, reviewId, manual);
  return {
    reviewId,
    unit: { id: review.unit_id, code: review.unit_code, kind: review.unit_kind, nameSv: review.unit_name_sv, nameEn: review.unit_name_en },
    round: { id: review.round_id, name: review.round_name, level: review.level, periodStart: review.period_start, periodEnd: review.period_end },
    manual: { key: manual.manualKey, version: manual.version, checksum: manual.checksum },
    team: team.map((m) => ({
      userId: m.user_id,
      name: m.name,
      homeUnit: { code: m.code, nameSv: m.name_sv, nameEn: m.name_en },
      isLead: m.is_lead === 1,
      isUserRepresentative: m.is_user_representative === 1,
    })),
    criteria: criteria.map((c) => ({
      id: c.id,
      key: c.key,
      number: c.number,
      dimensionKey: c.dimensionKey,
      position: c.position,
      textSv: c.textSv,
      textEn: c.textEn,
      selfScore: c.selfScore,
      consensus: c.consensus,
    })),
    strengths: (await listStrengths(db, reviewId, { includeInternal: true })).map((s) => ({
      id: s.id,
      text: s.text,
      criterionKey: s.criterionId === null ? null : (keyOf.get(s.criterionId) ?? null),
      internal: s.internal,
    })),
    recommendations: (await listRecommendations(db, reviewId)).map((r) => ({
      id: r.id,
      position: r.position,
      text: r.text,
      priority: r.priority,
      timeframe: r.timeframe,
      criterionKeys: r.criterionIds.map((id) => keyOf.get(id) ?? String(id)),
    })),
    factualComments: (await listFactualComments(db, reviewId)).map((c) => ({
      id: c.id,
      criterionKey: c.criterionId === null ? null : (keyOf.get(c.criterionId) ?? null),
      text: c.text,
      createdAt: c.createdAt,
      teamResponse: c.teamResponse,
    })),
    indicators: await collectIndicatorEvidence(db, reviewId, keyOf),
    signedOffBy: { userId: signerRow.id, name: signerRow.name },
    publishedAt,
  };
}

/** The Kolada snapshots attached as evidence (either origin): the report shows what the assessment drew on. */
async function collectIndicatorEvidence(db: AppDatabase, reviewId: number, keyOf: Map<number, string>): Promise<SnapshotIndicator[]> {
  const rows = await db
    .selectFrom("evidence")
    .select(["id", "criterion_id", "origin", "sha256", "snapshot_json"])
    .where("review_id", "=", reviewId)
    .where("kind", "=", "kolada")
    .orderBy("id")
    .execute();
  return rows.flatMap((row) => {
    const values = parseIndicatorSnapshot(row.snapshot_json);
    if (!values) return [];
    return [{ evidenceId: row.id, criterionKey: row.criterion_id === null ? null : (keyOf.get(row.criterion_id) ?? null), origin: row.origin, sha256: row.sha256, values }];
  });
}

/**
 * Signs off and publishes. Only the review's lead, only from `factual_check`, only once; a stale
 * review version (someone changed the review meanwhile) is refused.
 */
export async function publishReview(
  db: AppDatabase,
  { reviewId, expectedVersion }: { reviewId: number; expectedVersion: number },
  audit: AuditContext & { actorUserId: number },
): Promise<{ hash: string; publishedAt: string }> {
  return db.transaction().execute(async (trx) => {
    const review = await trx.selectFrom("reviews").select(["id", "stage", "version"]).where("id", "=", reviewId).executeTakeFirst();
    if (!review) throw new FeedbackError("error.notFound", 404);
    if (review.stage === "published") throw new FeedbackError("factualCheck.publish.alreadyPublished", 409);
    if (review.stage !== "factual_check") throw new FeedbackError("factualCheck.publish.wrongStage", 409);
    const lead = await trx
      .selectFrom("review_team_members")
      .select("user_id")
      .where("review_id", "=", reviewId)
      .where("is_lead", "=", 1)
      .executeTakeFirst();
    if (lead?.user_id !== audit.actorUserId) throw new FeedbackError("factualCheck.publish.leadOnly", 403);
    if (review.version !== expectedVersion) throw new FeedbackError("form.stale", 409);
    const publishedAt = new Date().toISOString();
    const { json, hash } = freezeSnapshot(await collectSnapshotInput(trx, reviewId, { userId: audit.actorUserId }, publishedAt));
    const result = await trx
      .updateTable("reviews")
      .set((eb) => ({
        stage: "published",
        published_at: publishedAt,
        signed_off_by: audit.actorUserId,
        snapshot_json: json,
        snapshot_hash: hash,
        updated_at: publishedAt,
        version: eb("version", "+", 1),
      }))
      .where("id", "=", reviewId)
      .where("version", "=", expectedVersion)
      .where("stage", "=", "factual_check")
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new FeedbackError("form.stale", 409);
    await writeAudit(trx, audit, {
      action: "review.publish",
      entityType: "review",
      entityId: reviewId,
      before: { stage: "factual_check" },
      after: { stage: "published", publishedAt, snapshotHash: hash },
    });
    return { hash, publishedAt };
  });
}

export interface StoredSnapshot {
  snapshot: ReviewSnapshot;
  hash: string;
  /** The stored text still hashes to the stored hash. */
  intact: boolean;
}

/** The frozen snapshot of a published review, or null before publication. Server-side only. */
export async function getStoredSnapshot(db: AppDatabase, reviewId: number): Promise<StoredSnapshot | null> {
  const row = await db.selectFrom("reviews").select(["snapshot_json", "snapshot_hash"]).where("id", "=", reviewId).executeTakeFirst();
  if (!row?.snapshot_json || !row.snapshot_hash) return null;
  const snapshot = JSON.parse(row.snapshot_json) as ReviewSnapshot;
  return {
    snapshot,
    hash: row.snapshot_hash,
    intact: snapshotHash(row.snapshot_json) === row.snapshot_hash && serializeSnapshot(snapshot) === row.snapshot_json,
  };
}
