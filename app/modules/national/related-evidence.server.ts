/**
 * Loads the evidence the national review shows beside its criteria phrased over all counties or
 * nodes (decision 020): per related criterion (criteria/national-relations.json) the consensus
 * scores of the latest round of that level with published reviews — published reviews only,
 * like the national aggregation, since only their scores are final. A fixed number of queries
 * per related level, never one per unit.
 */
import type { AppDatabase } from "#db/connection";
import type { UnitKind } from "#db/schema";
import { loadReviewManual } from "~/modules/feedback/feedback-repository.server";
import { LEVEL_OF_MANUAL, nationalRelations, type RelatedManual } from "./national-relations";
import { listRoundsWithPublishedReviews } from "./national-repository.server";
import { summariseCriterion, type LevelEvidence, type UnitScore } from "./related-evidence";

/** Evidence by national criterion key; empty for reviews of other levels. */
export type RelatedEvidence = Record<string, LevelEvidence[]>;

interface LevelRound {
  round: NonNullable<LevelEvidence["round"]>;
  synthetic: boolean;
  manual: Awaited<ReturnType<typeof loadReviewManual>>;
  /** Consensus of each published unit, by criterion id. */
  unitsByCriterion: (criterionId: number) => UnitScore[];
}

async function latestPublishedRound(db: AppDatabase, level: UnitKind): Promise<LevelRound | null> {
  const round = (await listRoundsWithPublishedReviews(db)).find((r) => r.level === level);
  if (!round) return null;
  const reviews = await db
    .selectFrom("reviews")
    .innerJoin("units", "units.id", "reviews.unit_id")
    .select(["reviews.id", "reviews.published_at", "units.id as unit_id", "units.name_sv", "units.name_en"])
    .where("reviews.round_id", "=", round.id)
    .where("reviews.stage", "=", "published")
    .execute();
  const scores = await db
    .selectFrom("consensus_scores")
    .innerJoin("reviews", "reviews.id", "consensus_scores.review_id")
    .select(["consensus_scores.review_id", "consensus_scores.criterion_id", "consensus_scores.score", "consensus_scores.cannot_assess"])
    .where("reviews.round_id", "=", round.id)
    .where("reviews.stage", "=", "published")
    .execute();
  const byKey = new Map(scores.map((s) => [`${s.review_id}:${s.criterion_id}`, s]));
  const manual = await loadReviewManual(db, round.manualVersionId);
  return {
    round: {
      id: round.id,
      name: round.name,
      publishedReviews: reviews.length,
      lastPublishedAt: reviews.map((r) => r.published_at ?? "").sort().at(-1) ?? "",
      manualVersion: round.manualVersion,
    },
    synthetic: round.synthetic,
    manual,
    unitsByCriterion: (criterionId) =>
      reviews.map((review) => {
        const score = byKey.get(`${review.id}:${criterionId}`);
        return {
          unitId: review.unit_id,
          name: { sv: review.name_sv, en: review.name_en },
          score: score?.score ?? null,
          cannotAssess: score?.cannot_assess === 1,
        };
      }),
  };
}

/**
 * The evidence for every related national criterion of a national review's manual version.
 * `showNames`: whether the viewer may see which units have gaps (the team and the national
 * function; a unit contact sees the counts only, as in the national picture).
 */
export async function loadRelatedEvidence(
  db: AppDatabase,
  { level, manualVersionId, showNames }: { level: UnitKind; manualVersionId: number; showNames: boolean },
): Promise<RelatedEvidence> {
  if (level !== "national") return {};
  const relations = nationalRelations();
  const criteria = await db.selectFrom("manual_criteria").select("key").where("manual_version_id", "=", manualVersionId).execute();
  const related = criteria.map((c) => relations.get(c.key)).filter((r) => r !== undefined);
  if (related.length === 0) return {};

  const levels = new Map<RelatedManual, Promise<LevelRound | null>>();
  const levelRound = (manual: RelatedManual) => {
    if (!levels.has(manual)) levels.set(manual, latestPublishedRound(db, LEVEL_OF_MANUAL[manual]));
    return levels.get(manual)!;
  };

  const evidence: RelatedEvidence = {};
  for (const relation of related) {
    evidence[relation.national] = await Promise.all(
      relation.related.map(async ({ manual, criteria: keys }): Promise<LevelEvidence> => {
        const loaded = await levelRound(manual);
        if (!loaded) return { manual, round: null, synthetic: false, scale: [], cannotAssessLabel: null, criteria: [], missingKeys: [] };
        const scale = loaded.manual.scale.map((s) => ({ value: s.value, label: { sv: s.labelSv, en: s.labelEn } }));
        const present = keys.map((key) => loaded.manual.criteria.find((c) => c.key === key)).filter((c) => c !== undefined);
        return {
          manual,
          round: loaded.round,
          synthetic: loaded.synthetic,
          scale,
          cannotAssessLabel: loaded.manual.cannotAssess,
          criteria: present.map((c) =>
            summariseCriterion({ key: c.key, number: c.number, text: { sv: c.textSv, en: c.textEn } }, scale, loaded.unitsByCriterion(c.id), { showNames }),
          ),
          missingKeys: keys.filter((key) => !loaded.manual.criteria.some((c) => c.key === key)),
        };
      }),
    );
  }
  return evidence;
}
