/**
 * The data calibration is computed from, read from the scoring tables of PUBLISHED reviews only
 * (after publication scores, self-assessments and consensus can no longer change). Reviewer scores
 * count only from reviewers who submitted them: they are the independent scores before consensus,
 * while an unsubmitted draft is not. Nothing here selects a reviewer's or a unit's name.
 * A fixed number of queries per manual version, independent of the number of reviews.
 */
import type { AppDatabase } from "#db/connection";
import { ManualFileSchema, type ManualKey } from "~/modules/manuals/manual-schema";
import { criterionNumbers } from "~/modules/manuals/manual-view";
import type { CalibrationInput } from "./calibration";

export interface CalibrationVersion {
  id: number;
  version: number;
  titleSv: string;
  titleEn: string;
  publishedReviews: number;
}

/** The published versions of a manual, oldest first, each with its number of published reviews. */
export async function listCalibrationVersions(db: AppDatabase, manualKey: ManualKey): Promise<CalibrationVersion[]> {
  const rows = await db
    .selectFrom("manual_versions")
    .select((eb) => [
      "manual_versions.id",
      "manual_versions.version",
      "manual_versions.title_sv",
      "manual_versions.title_en",
      eb
        .selectFrom("reviews")
        .innerJoin("rounds", "rounds.id", "reviews.round_id")
        .whereRef("rounds.manual_version_id", "=", "manual_versions.id")
        .where("reviews.stage", "=", "published")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .as("published_reviews"),
    ])
    .where("manual_versions.manual_key", "=", manualKey)
    .where("manual_versions.status", "=", "published")
    .orderBy("manual_versions.version")
    .execute();
  return rows.map((r) => ({ id: r.id, version: r.version, titleSv: r.title_sv, titleEn: r.title_en, publishedReviews: Number(r.published_reviews ?? 0) }));
}

/** The newest version with published reviews, else the newest published version, else null. */
export function defaultCalibrationVersion(versions: readonly CalibrationVersion[]): CalibrationVersion | null {
  return [...versions].reverse().find((v) => v.publishedReviews > 0) ?? versions.at(-1) ?? null;
}

export async function loadCalibrationInput(db: AppDatabase, manualVersionId: number): Promise<CalibrationInput & { dimensions: { key: string; titleSv: string; titleEn: string }[] }> {
  const version = await db.selectFrom("manual_versions").select("content_json").where("id", "=", manualVersionId).executeTakeFirstOrThrow();
  const manual = ManualFileSchema.parse(JSON.parse(version.content_json));
  const numbers = criterionNumbers(manual);
  const criteria = await db
    .selectFrom("manual_criteria")
    .select(["id", "key", "dimension_key", "position", "text_sv", "text_en"])
    .where("manual_version_id", "=", manualVersionId)
    .orderBy("position")
    .execute();
  const reviews = await db
    .selectFrom("reviews")
    .innerJoin("rounds", "rounds.id", "reviews.round_id")
    .select("reviews.id")
    .where("rounds.manual_version_id", "=", manualVersionId)
    .where("reviews.stage", "=", "published")
    .execute();
  const publishedOfVersion = (eb: any) =>
    eb
      .selectFrom("reviews")
      .innerJoin("rounds", "rounds.id", "reviews.round_id")
      .where("rounds.manual_version_id", "=", manualVersionId)
      .where("reviews.stage", "=", "published")
      .select("reviews.id");
  const reviewerScores = await db
    .selectFrom("reviewer_scores as s")
    .innerJoin("reviewer_submissions as sub", (join) => join.onRef("sub.review_id", "=", "s.review_id").onRef("sub.reviewer_id", "=", "s.reviewer_id"))
    .select(["s.review_id", "s.criterion_id", "s.reviewer_id", "s.score", "s.cannot_assess"])
    .where("s.review_id", "in", publishedOfVersion)
    .execute();
  const selfScores = await db
    .selectFrom("self_assessments")
    .select(["review_id", "criterion_id", "score", "cannot_assess"])
    .where("review_id", "in", publishedOfVersion)
    .execute();
  const consensus = await db
    .selectFrom("consensus_scores")
    .select(["review_id", "criterion_id", "score", "cannot_assess"])
    .where("review_id", "in", publishedOfVersion)
    .execute();
  const row = (r: { review_id: number; criterion_id: number; score: number | null; cannot_assess: number }) => ({
    reviewId: r.review_id,
    criterionId: r.criterion_id,
    score: r.score,
    cannotAssess: r.cannot_assess === 1,
  });
  return {
    scaleValues: manual.scale.steps.map((s) => s.value),
    dimensions: manual.dimensions.map((d) => ({ key: d.key, titleSv: d.title.sv, titleEn: d.title.en })),
    criteria: criteria.map((c) => ({
      id: c.id,
      key: c.key,
      number: numbers.get(c.key) ?? String(c.position),
      position: c.position,
      dimensionKey: c.dimension_key,
      textSv: c.text_sv,
      textEn: c.text_en,
    })),
    reviewIds: reviews.map((r) => r.id),
    reviewerScores: reviewerScores.map((r) => ({ ...row(r), reviewerId: r.reviewer_id })),
    selfScores: selfScores.map(row),
    consensus: consensus.map(row),
  };
}
