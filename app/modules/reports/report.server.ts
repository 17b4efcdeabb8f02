/** Loads what the review report shows: the frozen snapshot, the pinned manual, the unit's answers. */
import type { AppDatabase } from "#db/connection";
import type { Locale } from "#db/schema";
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

export type LoadedReport = NonNullable<Awaited<ReturnType<typeof loadReport>>>;

/** What the review PDF is drawn from: a loaded report in one language, for the team or for every other reader. */
export function reviewPdfInputOf({ stored, manual, answers }: LoadedReport, locale: Locale, audience: "team" | "reader") {
  return { snapshot: stored.snapshot, hash: stored.hash, intact: stored.intact, manual, answers, locale, audience };
}
