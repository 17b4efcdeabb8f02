/**
 * Reviewers' independent scores, their submission and the team's consensus. All SQL here; every
 * change is checked against the row's version and audit-logged in the same transaction.
 *
 * Blind scoring is enforced by the callers passing exactly the reviewers whose scores the viewer
 * may see (access.canSeeOtherReviewerScores); nothing here returns scores of unnamed reviewers.
 */
import { compiledOnce } from "#db/compiled-once";
import type { AppDatabase } from "#db/connection";
import type { ReviewStage } from "#db/schema";
import type { MessageKey } from "~/i18n/sv";
import { writeAudit, type AuditContext } from "../audit/audit.server";
import { reviewAccess, type ReviewAccess } from "../reviews/access";
import type { CurrentUser } from "../users/users.server";
import { ManualFileSchema, type ManualFile } from "../manuals/manual-schema";
import type { ScoreEntry } from "./score-input";
import { buildCriteria, scaleView, type CriterionItem, type DimensionItem, type ScaleView } from "./scoring-view";

export interface ReviewManual {
  manual: ManualFile;
  scale: ScaleView;
  dimensions: DimensionItem[];
  criteria: CriterionItem[];
  criterionIds: Set<number>;
  scaleValues: number[];
}

/**
 * Published versions as the scoring pages need them, keyed by the content's checksum (sha256 of
 * the canonical content) and the ids of its criteria rows, so a key means the same manual in any
 * database. A published version and its criteria never change (database triggers refuse it), so
 * parsing its JSON with zod and building its views on every scoring request — every autosave
 * included — bought nothing (docs/benchmarks.md). Drafts are always read afresh.
 */
const publishedManuals = new Map<string, ReviewManual>();

/**
 * The same published versions by row id, per database handle: within one database a published
 * version row and its criteria never change, so a save need not read the manual's rows again to
 * find its cache key (another handle — another file, as in the tests — has its own map).
 */
const publishedById = new WeakMap<AppDatabase, Map<number, ReviewManual>>();

/** The pinned manual version of a review's round, parsed from its stored canonical content. */
export async function loadReviewManual(db: AppDatabase, manualVersionId: number): Promise<ReviewManual> {
  const known = publishedById.get(db)?.get(manualVersionId);
  if (known) return known;
  const loaded = await readReviewManual(db, manualVersionId);
  if (loaded.published) {
    let byId = publishedById.get(db);
    if (!byId) publishedById.set(db, (byId = new Map()));
    if (byId.size >= 200) byId.clear();
    byId.set(manualVersionId, loaded.manual);
  }
  return loaded.manual;
}

async function readReviewManual(db: AppDatabase, manualVersionId: number): Promise<{ manual: ReviewManual; published: boolean }> {
  const head = await db.selectFrom("manual_versions").select(["status", "checksum"]).where("id", "=", manualVersionId).executeTakeFirstOrThrow();
  const rows = await db.selectFrom("manual_criteria").select(["id", "key"]).where("manual_version_id", "=", manualVersionId).orderBy("position").execute();
  const cacheKey = `${head.checksum}|${rows.map((r) => `${r.id}:${r.key}`).join(",")}`;
  const cached = head.status === "published" ? publishedManuals.get(cacheKey) : undefined;
  if (cached) return { manual: cached, published: true };
  const version = await db.selectFrom("manual_versions").select("content_json").where("id", "=", manualVersionId).executeTakeFirstOrThrow();
  const manual = ManualFileSchema.parse(JSON.parse(version.content_json));
  const dimensions = buildCriteria(manual, rows);
  const criteria = dimensions.flatMap((d) => d.criteria);
  const loaded: ReviewManual = {
    manual,
    scale: scaleView(manual.scale),
    dimensions,
    criteria,
    criterionIds: new Set(criteria.map((c) => c.id)),
    scaleValues: manual.scale.steps.map((s) => s.value),
  };
  if (head.status === "published") {
    if (publishedManuals.size >= 50) publishedManuals.clear();
    publishedManuals.set(cacheKey, loaded);
  }
  return { manual: loaded, published: head.status === "published" };
}

/** What the scoring action needs to know about a review and one viewer (getScoringAccess). */
export interface ScoringAccess {
  reviewId: number;
  stage: ReviewStage;
  manualVersionId: number;
  /**
   * reviews/access.ts for this viewer, from facts about the viewer alone: the team list holds the
   * viewer when they are on the team, the submissions the viewer's own. Every field that depends
   * only on the viewer's own membership and submission (canView, isTeamMember, canScore, …) is
   * the same as the pages' context gives; the lead and other reviewers are not read.
   */
  access: ReviewAccess;
}

/**
 * The scoring action's access check in one query: the review's unit and stage, its round's manual,
 * whether the viewer is on its team and whether they have submitted. The pages read the whole
 * review context (team, names, mutual-review partners, consensus count); a save needs none of it,
 * and reading it was most of an autosave's database work (docs/benchmarks.md). Null when the
 * review does not exist.
 */
/** Compiled once, as the queries of a save below: the autosave runs them all (db/compiled-once.ts). */
const scoringAccessRow = compiledOnce((db, v: { reviewId: number; userId: number }) =>
  db
    .selectFrom("reviews")
    .innerJoin("rounds", "rounds.id", "reviews.round_id")
    .select((eb) => [
      "reviews.id",
      "reviews.unit_id",
      "reviews.stage",
      "reviews.self_assessment_submitted_at",
      "rounds.manual_version_id",
      eb
        .exists(eb.selectFrom("review_team_members").select("review_team_members.user_id").whereRef("review_team_members.review_id", "=", "reviews.id").where("review_team_members.user_id", "=", v.userId))
        .as("is_member"),
      eb
        .exists(eb.selectFrom("reviewer_submissions").select("reviewer_submissions.reviewer_id").whereRef("reviewer_submissions.review_id", "=", "reviews.id").where("reviewer_submissions.reviewer_id", "=", v.userId))
        .as("submitted"),
    ])
    .where("reviews.id", "=", v.reviewId),
);

export async function getScoringAccess(db: AppDatabase, reviewId: number, user: CurrentUser): Promise<ScoringAccess | null> {
  const row = await scoringAccessRow.executeTakeFirst(db, { reviewId, userId: user.id });
  if (!row) return null;
  const access = reviewAccess(
    { userId: user.id, roles: user.roles, homeUnitId: user.homeUnit.id },
    {
      unitId: row.unit_id,
      stage: row.stage,
      teamMemberIds: row.is_member ? [user.id] : [],
      leadId: null,
      submittedReviewerIds: row.submitted ? [user.id] : [],
      selfAssessmentSubmitted: row.self_assessment_submitted_at !== null,
    },
  );
  return { reviewId: row.id, stage: row.stage, manualVersionId: row.manual_version_id, access };
}

export interface SelfAssessmentAnswer {
  score: number | null;
  cannotAssess: boolean;
  comment: string;
}

export async function loadSelfAssessments(db: AppDatabase, reviewId: number): Promise<Map<number, SelfAssessmentAnswer>> {
  const rows = await db
    .selectFrom("self_assessments")
    .select(["criterion_id", "score", "cannot_assess", "comment"])
    .where("review_id", "=", reviewId)
    .execute();
  return new Map(rows.map((r) => [r.criterion_id, { score: r.score, cannotAssess: r.cannot_assess === 1, comment: r.comment }]));
}

export interface StoredScore {
  criterionId: number;
  reviewerId: number;
  score: number | null;
  cannotAssess: boolean;
  rationale: string;
  version: number;
  updatedAt: string;
}

/** Scores of the named reviewers only (the caller decides whom the viewer may see). */
export async function loadReviewerScores(db: AppDatabase, reviewId: number, reviewerIds: readonly number[]): Promise<StoredScore[]> {
  if (reviewerIds.length === 0) return [];
  const rows = await db
    .selectFrom("reviewer_scores")
    .selectAll()
    .where("review_id", "=", reviewId)
    .where("reviewer_id", "in", [...reviewerIds])
    .execute();
  return rows.map((r) => ({
    criterionId: r.criterion_id,
    reviewerId: r.reviewer_id,
    score: r.score,
    cannotAssess: r.cannot_assess === 1,
    rationale: r.rationale,
    version: r.version,
    updatedAt: r.updated_at,
  }));
}

export async function getSubmission(db: AppDatabase, reviewId: number, reviewerId: number) {
  return db.selectFrom("reviewer_submissions").selectAll().where("review_id", "=", reviewId).where("reviewer_id", "=", reviewerId).executeTakeFirst();
}

export class ScoringError extends Error {
  constructor(public messageKey: MessageKey, public status: 400 | 403 | 409, public details: { criterionId?: number; missing?: number[] } = {}) {
    super(messageKey);
  }
}

function snapshot(row: { score: number | null; cannot_assess: number; rationale: string; version: number } | undefined) {
  return row ? { score: row.score, cannotAssess: row.cannot_assess === 1, rationale: row.rationale, version: row.version } : null;
}

function sameAnswer(row: { score: number | null; cannot_assess: number; rationale: string }, entry: ScoreEntry) {
  return row.score === entry.score && (row.cannot_assess === 1) === entry.cannotAssess && row.rationale === entry.rationale;
}

function isEmpty(entry: ScoreEntry) {
  return entry.score === null && !entry.cannotAssess && entry.rationale === "";
}

async function reviewStage(trx: AppDatabase, reviewId: number): Promise<ReviewStage> {
  return (await trx.selectFrom("reviews").select("stage").where("id", "=", reviewId).executeTakeFirstOrThrow()).stage;
}

export interface SavedScore {
  criterionId: number;
  version: number;
}

/** In the save's transaction: the stage and whether the reviewer has submitted, in one read. */
const stageAndSubmission = compiledOnce((db, v: { reviewId: number; reviewerId: number }) =>
  db
    .selectFrom("reviews")
    .select((eb) => [
      "reviews.stage",
      eb
        .exists(eb.selectFrom("reviewer_submissions").select("reviewer_submissions.reviewer_id").whereRef("reviewer_submissions.review_id", "=", "reviews.id").where("reviewer_submissions.reviewer_id", "=", v.reviewerId))
        .as("submitted"),
    ])
    .where("reviews.id", "=", v.reviewId),
);

interface ReviewerScoreKey {
  reviewId: number;
  criterionId: number;
  reviewerId: number;
}

interface ReviewerScoreValues {
  score: number | null;
  cannot_assess: 0 | 1;
  rationale: string;
  updated_at: string;
}

const reviewerScoreRow = compiledOnce((db, v: ReviewerScoreKey) =>
  db.selectFrom("reviewer_scores").selectAll().where("review_id", "=", v.reviewId).where("criterion_id", "=", v.criterionId).where("reviewer_id", "=", v.reviewerId),
);

/** The next version, only where the stored version is still the one the save was checked against. */
const updateReviewerScore = compiledOnce((db, v: ReviewerScoreKey & ReviewerScoreValues & { version: number }) =>
  db
    .updateTable("reviewer_scores")
    .set((eb) => ({ score: v.score, cannot_assess: v.cannot_assess, rationale: v.rationale, updated_at: v.updated_at, version: eb("version", "+", 1) }))
    .where("review_id", "=", v.reviewId)
    .where("criterion_id", "=", v.criterionId)
    .where("reviewer_id", "=", v.reviewerId)
    .where("version", "=", v.version),
);

const insertReviewerScore = compiledOnce((db, v: ReviewerScoreKey & ReviewerScoreValues) =>
  db.insertInto("reviewer_scores").values({
    review_id: v.reviewId,
    criterion_id: v.criterionId,
    reviewer_id: v.reviewerId,
    score: v.score,
    cannot_assess: v.cannot_assess,
    rationale: v.rationale,
    updated_at: v.updated_at,
    version: 1,
  }),
);

/**
 * Saves a reviewer's own scores for one or more criteria. Unchanged entries are skipped; a changed
 * entry whose version is not the stored one is stale and refuses the whole request (nothing saved).
 * Refused once the reviewer has submitted or the review has left the analysis stage.
 */
export async function saveReviewerScores(
  db: AppDatabase,
  { reviewId, reviewerId, entries }: { reviewId: number; reviewerId: number; entries: readonly ScoreEntry[] },
  audit: AuditContext
): Promise<{ savedAt: string; saved: SavedScore[]; changed: number }> {
  const now = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    const state = await stageAndSubmission.executeTakeFirst(trx, { reviewId, reviewerId });
    if (state?.stage !== "analysis") throw new ScoringError("scoring.error.closed", 403);
    if (state.submitted) throw new ScoringError("scoring.error.locked", 409);
    const saved: SavedScore[] = [];
    let changed = 0;
    for (const entry of entries) {
      const key = { reviewId, criterionId: entry.criterionId, reviewerId };
      const row = await reviewerScoreRow.executeTakeFirst(trx, key);
      if (row ? sameAnswer(row, entry) : isEmpty(entry)) {
        saved.push({ criterionId: entry.criterionId, version: row?.version ?? 0 });
        continue;
      }
      if ((row?.version ?? 0) !== entry.version) throw new ScoringError("form.stale", 409, { criterionId: entry.criterionId });
      const values = { score: entry.score, cannot_assess: entry.cannotAssess ? (1 as const) : (0 as const), rationale: entry.rationale, updated_at: now };
      if (row) await updateReviewerScore.execute(trx, { ...key, ...values, version: row.version });
      else await insertReviewerScore.execute(trx, { ...key, ...values });
      const version = (row?.version ?? 0) + 1;
      await writeAudit(trx, audit, {
        action: "review.score.save",
        entityType: "reviewer_score",
        entityId: `${reviewId}:${entry.criterionId}:${reviewerId}`,
        before: snapshot(row),
        after: { score: entry.score, cannotAssess: entry.cannotAssess, rationale: entry.rationale, version },
      });
      saved.push({ criterionId: entry.criterionId, version });
      changed++;
    }
    return { savedAt: now, saved, changed };
  });
}

/**
 * Submits a reviewer's scores: every criterion needs a score or "cannot assess". Afterwards the
 * scores are locked and the reviewer may see the other reviewers' submitted scores.
 */
export async function submitReviewerScores(
  db: AppDatabase,
  { reviewId, reviewerId, criterionIds }: { reviewId: number; reviewerId: number; criterionIds: readonly number[] },
  audit: AuditContext
): Promise<string> {
  const now = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    if ((await reviewStage(trx, reviewId)) !== "analysis") throw new ScoringError("scoring.error.closed", 403);
    if (await getSubmission(trx, reviewId, reviewerId)) throw new ScoringError("scoring.error.locked", 409);
    const rows = await trx
      .selectFrom("reviewer_scores")
      .select(["criterion_id", "score", "cannot_assess"])
      .where("review_id", "=", reviewId)
      .where("reviewer_id", "=", reviewerId)
      .execute();
    const answered = new Set(rows.filter((r) => r.score !== null || r.cannot_assess === 1).map((r) => r.criterion_id));
    const missing = criterionIds.filter((id) => !answered.has(id));
    if (missing.length) throw new ScoringError("scoring.submit.missing", 400, { missing });
    await trx.insertInto("reviewer_submissions").values({ review_id: reviewId, reviewer_id: reviewerId, submitted_at: now }).execute();
    await writeAudit(trx, audit, {
      action: "review.score.submit",
      entityType: "review",
      entityId: reviewId,
      before: { submitted: false },
      after: { submitted: true, reviewerId, submittedAt: now, criteria: criterionIds.length, cannotAssess: rows.filter((r) => r.cannot_assess === 1).length },
    });
    return now;
  });
}

export interface StoredConsensus {
  criterionId: number;
  score: number | null;
  cannotAssess: boolean;
  rationale: string;
  version: number;
  updatedAt: string;
  updatedByName: string | null;
}

export async function loadConsensusScores(db: AppDatabase, reviewId: number): Promise<Map<number, StoredConsensus>> {
  const rows = await db
    .selectFrom("consensus_scores")
    .leftJoin("users", "users.id", "consensus_scores.updated_by")
    .selectAll("consensus_scores")
    .select("users.name as updated_by_name")
    .where("review_id", "=", reviewId)
    .execute();
  return new Map(
    rows.map((r) => [
      r.criterion_id,
      {
        criterionId: r.criterion_id,
        score: r.score,
        cannotAssess: r.cannot_assess === 1,
        rationale: r.rationale,
        version: r.version,
        updatedAt: r.updated_at,
        updatedByName: r.updated_by_name,
      },
    ])
  );
}

/** Saves consensus scores; any team member may, while the review is in the assessment stage. */
export async function saveConsensusScores(
  db: AppDatabase,
  { reviewId, entries }: { reviewId: number; entries: readonly ScoreEntry[] },
  audit: AuditContext
): Promise<{ savedAt: string; saved: SavedScore[]; changed: number }> {
  const now = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    if ((await reviewStage(trx, reviewId)) !== "assessment") throw new ScoringError("consensus.error.closed", 403);
    const saved: SavedScore[] = [];
    let changed = 0;
    for (const entry of entries) {
      const row = await trx
        .selectFrom("consensus_scores")
        .selectAll()
        .where("review_id", "=", reviewId)
        .where("criterion_id", "=", entry.criterionId)
        .executeTakeFirst();
      if (row ? sameAnswer(row, entry) : isEmpty(entry)) {
        saved.push({ criterionId: entry.criterionId, version: row?.version ?? 0 });
        continue;
      }
      if ((row?.version ?? 0) !== entry.version) throw new ScoringError("form.stale", 409, { criterionId: entry.criterionId });
      const values = {
        score: entry.score,
        cannot_assess: entry.cannotAssess ? (1 as const) : (0 as const),
        rationale: entry.rationale,
        updated_by: audit.actorUserId,
        updated_at: now,
      };
      if (row) {
        await trx
          .updateTable("consensus_scores")
          .set({ ...values, version: row.version + 1 })
          .where("review_id", "=", reviewId)
          .where("criterion_id", "=", entry.criterionId)
          .where("version", "=", row.version)
          .execute();
      } else {
        await trx
          .insertInto("consensus_scores")
          .values({ review_id: reviewId, criterion_id: entry.criterionId, ...values, version: 1 })
          .execute();
      }
      const version = (row?.version ?? 0) + 1;
      await writeAudit(trx, audit, {
        action: "review.consensus.save",
        entityType: "consensus_score",
        entityId: `${reviewId}:${entry.criterionId}`,
        before: snapshot(row),
        after: { score: entry.score, cannotAssess: entry.cannotAssess, rationale: entry.rationale, version },
      });
      saved.push({ criterionId: entry.criterionId, version });
      changed++;
    }
    return { savedAt: now, saved, changed };
  });
}
