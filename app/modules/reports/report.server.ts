/** Loads what the review report shows: the frozen snapshot, the pinned manual, the unit's answers. */
import type { AppDatabase } from "#db/connection";
import { getStoredSnapshot } from "../feedback/publish.server";
import { parseCanonicalManual } from "../manuals/manual-canonical.server";

export async function loadReport(db: AppDatabase, reviewId: number) {
  const stored = await getStoredSnapshot(db, reviewId);
  if (!stored) return null;
  const { snapshot } = stored;
  const manualRow = await db
    .selectFrom("manual_versions")
    .select("content_json")
    .where("manual_key", "=", snapshot.manual.key as "county")
    .where("version", "=", snapshot.manual.version)
    .executeTakeFirstOrThrow();
  const manual = parseCanonicalManual(JSON.parse(manualRow.content_json));
  const recommendationIds = snapshot.recommendations.map((r) => r.id);
  const answers = recommendationIds.length
    ? await db
        .selectFrom("recommendation_answers")
        .select(["recommendation_id", "response", "planned_action", "owner", "due_date", "progress"])
        .where("recommendation_id", "in", recommendationIds)
        .execute()
    : [];
  return { stored, manual, answers };
}
