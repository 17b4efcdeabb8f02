/**
 * A review's history from the audit log: the review's own events (entity "review", id = review
 * id) and those of its parts (entity ids of the form "<reviewId>:…"). Details of individual
 * reviewers' scores are shown only to those who may see such scores.
 */
import type { AppDatabase } from "#db/connection";

export interface HistoryEntry {
  id: number;
  at: string;
  actorName: string | null;
  action: string;
  entityType: string;
  before: unknown;
  after: unknown;
  detailsHidden: boolean;
}

/**
 * Entity types whose details reveal one reviewer's own scores (app/modules/scoring writes
 * "reviewer_score" entries with the score and rationale before and after).
 */
const INDIVIDUAL_SCORE_ENTITIES = new Set(["reviewer_score", "reviewer_submission"]);

function parse(json: string | null): unknown {
  if (json === null) return null;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

export async function reviewHistory(
  db: AppDatabase,
  { reviewId, showIndividualScores }: { reviewId: number; showIndividualScores: boolean },
): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_user_id")
    .select([
      "audit_log.id",
      "audit_log.at",
      "audit_log.action",
      "audit_log.entity_type",
      "audit_log.before_json",
      "audit_log.after_json",
      "users.name as actor_name",
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb("audit_log.entity_type", "=", "review"), eb("audit_log.entity_id", "=", String(reviewId))]),
        eb("audit_log.entity_id", "like", `${reviewId}:%`),
      ]),
    )
    .orderBy("audit_log.id", "desc")
    .limit(500)
    .execute();
  return rows.map((row) => {
    const hidden = INDIVIDUAL_SCORE_ENTITIES.has(row.entity_type) && !showIndividualScores;
    return {
      id: row.id,
      at: row.at,
      actorName: row.actor_name,
      action: row.action,
      entityType: row.entity_type,
      before: hidden ? null : parse(row.before_json),
      after: hidden ? null : parse(row.after_json),
      detailsHidden: hidden,
    };
  });
}
