/**
 * The review procedure (product.md, "The review procedure"): rounds of reviews of one level
 * against one pinned manual version; per review a team, the self-assessment, each reviewer's
 * independent scores, the consensus, recommendations and strengths, the factual check and the
 * unit's follow-up. Every editable row carries a `version` for optimistic concurrency.
 */
import { sql, type Kysely } from "kysely";

const STAGES = "('planned', 'gathering', 'analysis', 'assessment', 'feedback', 'factual_check', 'published')";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("rounds")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("level", "text", (c) => c.notNull().check(sql`level in ('county', 'resource_centre', 'node', 'national')`))
    .addColumn("manual_version_id", "integer", (c) => c.notNull().references("manual_versions.id"))
    .addColumn("period_start", "text", (c) => c.notNull())
    .addColumn("period_end", "text", (c) => c.notNull())
    .addColumn("self_assessment_due", "text")
    .addColumn("scoring_due", "text")
    .addColumn("consensus_due", "text")
    .addColumn("factual_check_due", "text")
    .addColumn("publication_due", "text")
    .addColumn("follow_up_due", "text")
    .addColumn("requires_user_representative", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("synthetic", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("reviews")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("unit_id", "integer", (c) => c.notNull().references("units.id"))
    .addColumn("stage", "text", (c) => c.notNull().defaultTo("planned").check(sql.raw(`stage in ${STAGES}`)))
    .addColumn("self_assessment_submitted_at", "text")
    .addColumn("consensus_opened_at", "text")
    .addColumn("consensus_override_reason", "text")
    .addColumn("signed_off_by", "integer", (c) => c.references("users.id"))
    .addColumn("published_at", "text")
    .addColumn("snapshot_json", "text")
    .addColumn("snapshot_hash", "text")
    .addColumn("acknowledged_at", "text")
    .addColumn("acknowledged_by", "integer", (c) => c.references("users.id"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("reviews_round_unit_uq", ["round_id", "unit_id"])
    .execute();
  await db.schema.createIndex("reviews_unit_idx").on("reviews").column("unit_id").execute();

  await db.schema
    .createTable("review_team_members")
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("is_lead", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("is_user_representative", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("added_by", "integer", (c) => c.references("users.id"))
    .addColumn("added_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("review_team_members_pk", ["review_id", "user_id"])
    .execute();
  await db.schema.createIndex("review_team_members_user_idx").on("review_team_members").column("user_id").execute();

  // Two units reviewing each other in one round is allowed only with a logged reason.
  await db.schema
    .createTable("round_mutual_review_overrides")
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("unit_a_id", "integer", (c) => c.notNull().references("units.id"))
    .addColumn("unit_b_id", "integer", (c) => c.notNull().references("units.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("round_mutual_review_overrides_pk", ["round_id", "unit_a_id", "unit_b_id"])
    .execute();

  await db.schema
    .createTable("self_assessments")
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("criterion_id", "integer", (c) => c.notNull().references("manual_criteria.id"))
    .addColumn("score", "integer")
    .addColumn("cannot_assess", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint("self_assessments_pk", ["review_id", "criterion_id"])
    .execute();

  await db.schema
    .createTable("reviewer_scores")
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("criterion_id", "integer", (c) => c.notNull().references("manual_criteria.id"))
    .addColumn("reviewer_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("score", "integer")
    .addColumn("cannot_assess", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rationale", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint("reviewer_scores_pk", ["review_id", "criterion_id", "reviewer_id"])
    .execute();

  await db.schema
    .createTable("reviewer_submissions")
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("reviewer_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("reviewer_submissions_pk", ["review_id", "reviewer_id"])
    .execute();

  await db.schema
    .createTable("consensus_scores")
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("criterion_id", "integer", (c) => c.notNull().references("manual_criteria.id"))
    .addColumn("score", "integer")
    .addColumn("cannot_assess", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rationale", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint("consensus_scores_pk", ["review_id", "criterion_id"])
    .execute();

  await db.schema
    .createTable("evidence")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("criterion_id", "integer", (c) => c.references("manual_criteria.id"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('file', 'link', 'note')`))
    .addColumn("origin", "text", (c) => c.notNull().check(sql`origin in ('unit', 'team')`))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("body", "text")
    .addColumn("file_name", "text")
    .addColumn("storage_key", "text")
    .addColumn("media_type", "text")
    .addColumn("size_bytes", "integer")
    .addColumn("sha256", "text")
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("evidence_review_idx").on("evidence").column("review_id").execute();

  await db.schema
    .createTable("recommendations")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("priority", "text", (c) => c.notNull().check(sql`priority in ('high', 'medium', 'low')`))
    .addColumn("timeframe", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("recommendations_review_idx").on("recommendations").column("review_id").execute();

  await db.schema
    .createTable("recommendation_criteria")
    .addColumn("recommendation_id", "integer", (c) => c.notNull().references("recommendations.id").onDelete("cascade"))
    .addColumn("criterion_id", "integer", (c) => c.notNull().references("manual_criteria.id"))
    .addPrimaryKeyConstraint("recommendation_criteria_pk", ["recommendation_id", "criterion_id"])
    .execute();

  await db.schema
    .createTable("strengths")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("criterion_id", "integer", (c) => c.references("manual_criteria.id"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("internal", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable("factual_comments")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("criterion_id", "integer", (c) => c.references("manual_criteria.id"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("team_response", "text")
    .execute();

  await db.schema
    .createTable("recommendation_answers")
    .addColumn("recommendation_id", "integer", (c) => c.primaryKey().references("recommendations.id").onDelete("cascade"))
    .addColumn("response", "text", (c) => c.notNull().check(sql`response in ('accept', 'partly', 'decline')`))
    .addColumn("planned_action", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("owner", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("due_date", "text")
    .addColumn("progress", "text", (c) => c.notNull().defaultTo("not_started").check(sql`progress in ('not_started', 'in_progress', 'done')`))
    .addColumn("progress_note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  // A published review is a frozen snapshot: its published columns never change again.
  await sql`CREATE TRIGGER reviews_published_frozen BEFORE UPDATE ON reviews
    WHEN OLD.stage = 'published' AND (NEW.stage <> OLD.stage OR NEW.snapshot_json IS NOT OLD.snapshot_json
      OR NEW.snapshot_hash IS NOT OLD.snapshot_hash OR NEW.published_at IS NOT OLD.published_at)
    BEGIN SELECT RAISE(ABORT, 'published reviews are frozen'); END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "recommendation_answers",
    "factual_comments",
    "strengths",
    "recommendation_criteria",
    "recommendations",
    "evidence",
    "consensus_scores",
    "reviewer_submissions",
    "reviewer_scores",
    "self_assessments",
    "round_mutual_review_overrides",
    "review_team_members",
    "reviews",
    "rounds",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
