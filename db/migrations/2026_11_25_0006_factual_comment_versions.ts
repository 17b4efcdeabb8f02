/**
 * Factual-check comments become editable rows like every other: a `version` for optimistic
 * concurrency (two team members answering the same comment, the unit withdrawing a comment the
 * team is answering), and who answered when.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("factual_comments").addColumn("version", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable("factual_comments").addColumn("team_response_by", "integer", (c) => c.references("users.id")).execute();
  await db.schema.alterTable("factual_comments").addColumn("team_response_at", "text").execute();
  await db.schema.createIndex("factual_comments_review_idx").on("factual_comments").column("review_id").execute();
  await db.schema.createIndex("strengths_review_idx").on("strengths").column("review_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("strengths_review_idx").execute();
  await db.schema.dropIndex("factual_comments_review_idx").execute();
  await db.schema.alterTable("factual_comments").dropColumn("team_response_at").execute();
  await db.schema.alterTable("factual_comments").dropColumn("team_response_by").execute();
  await db.schema.alterTable("factual_comments").dropColumn("version").execute();
}
