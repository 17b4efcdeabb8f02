/**
 * Indexes for the national picture at national scale (issue 8, docs/benchmarks.md):
 * - reviews (stage, round_id): the rounds with published reviews and their counts are read from
 *   this index alone. Without it /national scanned every review row, and a published review's
 *   row carries its frozen snapshot (tens of KB), so the scan grew with the whole history.
 * - consensus_scores (review_id, criterion_id, score, cannot_assess): a round's consensus scores
 *   are read from the index alone instead of one table lookup per score.
 * Plain CREATE INDEX: nothing to rebuild, and the same statements work on PostgreSQL.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("reviews_stage_round_idx").on("reviews").columns(["stage", "round_id"]).execute();
  await db.schema
    .createIndex("consensus_scores_review_values_idx")
    .on("consensus_scores")
    .columns(["review_id", "criterion_id", "score", "cannot_assess"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("consensus_scores_review_values_idx").execute();
  await db.schema.dropIndex("reviews_stage_round_idx").execute();
}
