/**
 * Carry-over (product.md, step 6: "The next round of that unit opens with its open
 * recommendations"): the recommendations of a unit's earlier published reviews whose answer is not
 * `done`, with their criteria mapped into the newer review's manual version through the
 * crosswalks (./crosswalk.ts).
 */
import type { AppDatabase } from "#db/connection";
import type { Priority, ReviewStage } from "#db/schema";
import { parseCanonicalManual } from "../manuals/manual-canonical.server";
import { criteriaOf, type CrosswalkType } from "../manuals/manual-schema";
import type { ReviewAccess } from "../reviews/access";
import { crosswalkSteps, mapCriterionKey, type CrosswalkStep, type MappingStatus } from "./crosswalk";
import { feedbackAccess } from "./feedback-access";
import { loadReviewManual, type CriterionInfo, type ReviewManual } from "./feedback-repository.server";
import type { AnswerProgress, AnswerResponse } from "./follow-up.server";

export interface CarriedCriterion {
  fromKey: string;
  fromNumber: string | null;
  status: MappingStatus;
  changes: CrosswalkType[];
  /** The criteria of the target version it maps to. */
  targets: Pick<CriterionInfo, "id" | "key" | "number" | "textSv" | "textEn">[];
}

export interface OpenRecommendation {
  recommendationId: number;
  reviewId: number;
  roundId: number;
  roundName: string;
  publishedAt: string | null;
  manualVersion: number;
  text: string;
  priority: Priority;
  timeframe: string;
  answer: { response: AnswerResponse; progress: AnswerProgress; dueDate: string | null; owner: string; plannedAction: string } | null;
  criteria: CarriedCriterion[];
}

/**
 * Open recommendations of `unitId` from published reviews of rounds that came before
 * `beforeRoundId` (earlier period start, or the same start and created earlier), mapped into
 * `targetManualVersionId`. Oldest review first, then in each review's order.
 */
export async function listOpenRecommendationsForUnit(
  db: AppDatabase,
  { unitId, beforeRoundId, targetManualVersionId }: { unitId: number; beforeRoundId: number; targetManualVersionId: number },
): Promise<OpenRecommendation[]> {
  const round = await db.selectFrom("rounds").select(["id", "period_start"]).where("id", "=", beforeRoundId).executeTakeFirst();
  if (!round) return [];
  const reviews = await db
    .selectFrom("reviews")
    .innerJoin("rounds", "rounds.id", "reviews.round_id")
    .select(["reviews.id", "reviews.published_at", "rounds.id as round_id", "rounds.name as round_name", "rounds.manual_version_id", "rounds.period_start"])
    .where("reviews.unit_id", "=", unitId)
    .where("reviews.stage", "=", "published")
    .where("rounds.id", "!=", round.id)
    .where((eb) =>
      eb.or([eb("rounds.period_start", "<", round.period_start), eb.and([eb("rounds.period_start", "=", round.period_start), eb("rounds.id", "<", round.id)])]),
    )
    .orderBy("rounds.period_start")
    .orderBy("reviews.published_at")
    .orderBy("reviews.id")
    .execute();
  if (reviews.length === 0) return [];

  const target = await loadReviewManual(db, targetManualVersionId);
  const targetByKey = new Map(target.criteria.map((c) => [c.key, c]));
  const versions = await db
    .selectFrom("manual_versions")
    .select(["version", "content_json"])
    .where("manual_key", "=", target.manualKey as "county")
    .where("status", "=", "published")
    .execute();
  const steps: CrosswalkStep[] = versions.map((v) => {
    const content = parseCanonicalManual(JSON.parse(v.content_json));
    return { version: v.version, keys: criteriaOf(content).map((c) => c.key), crosswalk: content.crosswalk };
  });
  // The target itself may be a draft in tests or previews: make sure its own step is there.
  if (!steps.some((s) => s.version === target.version)) {
    steps.push({ version: target.version, keys: target.criteria.map((c) => c.key), crosswalk: [] });
  }

  const manuals = new Map<number, ReviewManual>();
  const result: OpenRecommendation[] = [];
  for (const review of reviews) {
    if (!manuals.has(review.manual_version_id)) manuals.set(review.manual_version_id, await loadReviewManual(db, review.manual_version_id));
    const source = manuals.get(review.manual_version_id)!;
    const sameManual = source.manualKey === target.manualKey;
    const path = sameManual ? crosswalkSteps(steps, source.version, target.version) : null;
    const recommendations = await db
      .selectFrom("recommendations")
      .leftJoin("recommendation_answers as a", "a.recommendation_id", "recommendations.id")
      .select([
        "recommendations.id",
        "recommendations.text",
        "recommendations.priority",
        "recommendations.timeframe",
        "a.response",
        "a.progress",
        "a.due_date",
        "a.owner",
        "a.planned_action",
      ])
      .where("recommendations.review_id", "=", review.id)
      .where((eb) => eb.or([eb("a.progress", "is", null), eb("a.progress", "!=", "done")]))
      .orderBy("recommendations.position")
      .orderBy("recommendations.id")
      .execute();
    if (recommendations.length === 0) continue;
    const links = await db
      .selectFrom("recommendation_criteria")
      .innerJoin("manual_criteria", "manual_criteria.id", "recommendation_criteria.criterion_id")
      .select(["recommendation_criteria.recommendation_id", "manual_criteria.key", "manual_criteria.position"])
      .where("recommendation_criteria.recommendation_id", "in", recommendations.map((r) => r.id))
      .orderBy("manual_criteria.position")
      .execute();
    for (const r of recommendations) {
      const criteria = links
        .filter((l) => l.recommendation_id === r.id)
        .map((l): CarriedCriterion => {
          const fromNumber = source.criteria.find((c) => c.key === l.key)?.number ?? null;
          if (!path) return { fromKey: l.key, fromNumber, status: "unmapped", changes: [], targets: [] };
          const mapping = mapCriterionKey(l.key, path);
          const targets = mapping.toKeys
            .map((key) => targetByKey.get(key))
            .filter((c): c is CriterionInfo => c !== undefined)
            .map(({ id, key, number, textSv, textEn }) => ({ id, key, number, textSv, textEn }));
          return { fromKey: l.key, fromNumber, status: mapping.status, changes: mapping.changes, targets };
        });
      result.push({
        recommendationId: r.id,
        reviewId: review.id,
        roundId: review.round_id,
        roundName: review.round_name,
        publishedAt: review.published_at,
        manualVersion: source.version,
        text: r.text,
        priority: r.priority,
        timeframe: r.timeframe,
        answer:
          r.response && r.progress
            ? { response: r.response, progress: r.progress, dueDate: r.due_date, owner: r.owner ?? "", plannedAction: r.planned_action ?? "" }
            : null,
        criteria,
      });
    }
  }
  return result;
}

/** The carry-over for a review's overview page: empty for viewers who may not see it. */
export async function loadCarryOver(
  db: AppDatabase,
  context: { access: ReviewAccess; review: { unitId: number; stage: ReviewStage }; round: { id: number; manual_version_id: number } },
): Promise<OpenRecommendation[]> {
  if (!feedbackAccess(context.access, context.review.stage).canSeeCarryOver) return [];
  return listOpenRecommendationsForUnit(db, {
    unitId: context.review.unitId,
    beforeRoundId: context.round.id,
    targetManualVersionId: context.round.manual_version_id,
  });
}
