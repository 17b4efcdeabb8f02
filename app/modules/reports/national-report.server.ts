/** The national PDF's facts that the aggregation does not carry: the date of its data. */
import type { AppDatabase } from "#db/connection";

/**
 * The latest publication time among the round's published reviews, or the round's creation time
 * when none is published: it changes only when the data can (a new publication), so it is the
 * national PDF's fixed document date.
 */
export async function nationalDocumentDate(db: AppDatabase, roundId: number): Promise<string> {
  const latest = await db
    .selectFrom("reviews")
    .select((eb) => eb.fn.max("published_at").as("published_at"))
    .where("round_id", "=", roundId)
    .where("stage", "=", "published")
    .executeTakeFirst();
  if (latest?.published_at) return latest.published_at;
  const round = await db.selectFrom("rounds").select("created_at").where("id", "=", roundId).executeTakeFirstOrThrow();
  return round.created_at;
}
