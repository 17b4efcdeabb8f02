/**
 * The rows the national aggregation is computed from. A fixed, small number of queries per round
 * (one per table, never one per unit or criterion), so the cost grows with the rows only:
 * 340 units × 60 criteria are some 20 000 consensus rows in one query.
 *
 * Only reviews with stage 'published' count: their consensus scores are final and frozen. A
 * review in any earlier stage contributes nothing — no unit, no score, no recommendation.
 */
import { selectArrays, type AppDatabase } from "#db/connection";
import type { Priority, UnitKind } from "#db/schema";
import { ManualFileSchema, type ManualFile, type ManualKey } from "~/modules/manuals/manual-schema";
import { criterionNumbers, dimensionNumber } from "~/modules/manuals/manual-view";
import type { AggregationInput, RecommendationInput } from "./aggregation";
import type { NationalRound } from "./round";
import type { TrendVersionInput } from "./trends";

export type { NationalRound };


/** Rounds with at least one published review, latest first (period start, then creation). */
export async function listRoundsWithPublishedReviews(db: AppDatabase): Promise<NationalRound[]> {
  const rows = await db
    .selectFrom("rounds")
    .innerJoin("manual_versions", "manual_versions.id", "rounds.manual_version_id")
    .innerJoin("reviews", "reviews.round_id", "rounds.id")
    .where("reviews.stage", "=", "published")
    .select((eb) => [
      "rounds.id",
      "rounds.name",
      "rounds.level",
      "rounds.manual_version_id",
      "manual_versions.manual_key",
      "manual_versions.version",
      "rounds.period_start",
      "rounds.period_end",
      "rounds.synthetic",
      eb.fn.countAll<number>().as("published_reviews"),
    ])
    .groupBy("rounds.id")
    .orderBy("rounds.period_start", "desc")
    .orderBy("rounds.id", "desc")
    .execute();
  return rows.map(toRound);
}

/** One round (published reviews or not), or null when it does not exist. */
export async function getNationalRound(db: AppDatabase, roundId: number): Promise<NationalRound | null> {
  const row = await db
    .selectFrom("rounds")
    .innerJoin("manual_versions", "manual_versions.id", "rounds.manual_version_id")
    .where("rounds.id", "=", roundId)
    .select((eb) => [
      "rounds.id",
      "rounds.name",
      "rounds.level",
      "rounds.manual_version_id",
      "manual_versions.manual_key",
      "manual_versions.version",
      "rounds.period_start",
      "rounds.period_end",
      "rounds.synthetic",
      eb
        .selectFrom("reviews")
        .whereRef("reviews.round_id", "=", "rounds.id")
        .where("reviews.stage", "=", "published")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .as("published_reviews"),
    ])
    .executeTakeFirst();
  return row ? toRound(row) : null;
}

function toRound(row: {
  id: number;
  name: string;
  level: UnitKind;
  manual_version_id: number;
  manual_key: ManualKey;
  version: number;
  period_start: string;
  period_end: string;
  synthetic: number;
  published_reviews: number | null;
}): NationalRound {
  return {
    id: row.id,
    name: row.name,
    level: row.level,
    manualVersionId: row.manual_version_id,
    manualKey: row.manual_key,
    manualVersion: row.version,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    synthetic: row.synthetic === 1,
    publishedReviews: Number(row.published_reviews ?? 0),
  };
}

/** Parsed manual content per version and checksum: published versions never change. */
const manualCache = new Map<string, ManualFile>();

async function manualContent(db: AppDatabase, manualVersionId: number): Promise<ManualFile> {
  const row = await db
    .selectFrom("manual_versions")
    .select(["id", "checksum", "content_json"])
    .where("id", "=", manualVersionId)
    .executeTakeFirstOrThrow();
  const cacheKey = `${row.id}:${row.checksum}`;
  let manual = manualCache.get(cacheKey);
  if (!manual) {
    manual = ManualFileSchema.parse(JSON.parse(row.content_json));
    if (manualCache.size > 50) manualCache.clear();
    manualCache.set(cacheKey, manual);
  }
  return manual;
}

/** Everything aggregateRound needs for one round, from the round's published reviews only. */
export async function loadAggregationInput(db: AppDatabase, round: NationalRound): Promise<AggregationInput> {
  const manual = await manualContent(db, round.manualVersionId);
  const numbers = criterionNumbers(manual);

  const criteriaRows = await db
    .selectFrom("manual_criteria")
    .select(["id", "key", "dimension_key", "position", "number", "demand", "text_sv", "text_en"])
    .where("manual_version_id", "=", round.manualVersionId)
    .orderBy("position")
    .execute();

  const unitRows = await db
    .selectFrom("reviews")
    .innerJoin("units", "units.id", "reviews.unit_id")
    .select([
      "reviews.id as review_id",
      "units.id as unit_id",
      "units.kind",
      "units.code",
      "units.name_sv",
      "units.name_en",
      "units.healthcare_region_id",
      "units.host_county_id",
    ])
    .where("reviews.round_id", "=", round.id)
    .where("reviews.stage", "=", "published")
    .orderBy("units.code")
    .execute();

  const regionRows = await db.selectFrom("healthcare_regions").select(["id", "code", "name_sv", "name_en"]).orderBy("id").execute();
  const countyRegions = await db.selectFrom("county_healthcare_regions").select(["county_id", "healthcare_region_id"]).execute();

  // The round's reviews' scores only: a review's consensus scores are on its round's pinned
  // manual version (the scoring actions refuse any other criterion), and aggregateRound places a
  // score only on a criterion of `criteriaRows`, so no join with manual_criteria is needed.
  // Read as arrays: a round at national scale has ~19 000 scores, and an object per row cost
  // more than the aggregation itself (docs/benchmarks.md).
  const scoreRows = await selectArrays<[reviewId: number, criterionId: number, score: number | null, cannotAssess: number]>(
    db,
    db
      .selectFrom("consensus_scores")
      .innerJoin("reviews", "reviews.id", "consensus_scores.review_id")
      .select(["consensus_scores.review_id", "consensus_scores.criterion_id", "consensus_scores.score", "consensus_scores.cannot_assess"])
      .where("reviews.round_id", "=", round.id)
      .where("reviews.stage", "=", "published"),
  );

  const recommendationRows = await db
    .selectFrom("recommendations")
    .innerJoin("reviews", "reviews.id", "recommendations.review_id")
    .leftJoin("recommendation_criteria", "recommendation_criteria.recommendation_id", "recommendations.id")
    .select(["recommendations.id", "recommendations.review_id", "recommendations.priority", "recommendation_criteria.criterion_id"])
    .where("reviews.round_id", "=", round.id)
    .where("reviews.stage", "=", "published")
    .orderBy("recommendations.id")
    .execute();

  const regionsOfCounty = new Map<number, number[]>();
  for (const row of countyRegions) {
    regionsOfCounty.set(row.county_id, [...(regionsOfCounty.get(row.county_id) ?? []), row.healthcare_region_id]);
  }
  /** Counties by their regions; resource centres by the region they serve; nodes by their host county's. */
  const regionIdsOf = (unit: (typeof unitRows)[number]): number[] => {
    if (unit.kind === "county") return regionsOfCounty.get(unit.unit_id) ?? [];
    if (unit.kind === "resource_centre") return unit.healthcare_region_id === null ? [] : [unit.healthcare_region_id];
    if (unit.kind === "node" && unit.host_county_id !== null) return regionsOfCounty.get(unit.host_county_id) ?? [];
    return [];
  };

  const recommendations = new Map<number, RecommendationInput>();
  for (const row of recommendationRows) {
    let recommendation = recommendations.get(row.id);
    if (!recommendation) {
      recommendation = { id: row.id, reviewId: row.review_id, priority: row.priority as Priority, criterionIds: [] };
      recommendations.set(row.id, recommendation);
    }
    if (row.criterion_id !== null) recommendation.criterionIds.push(row.criterion_id);
  }

  return {
    scale: {
      steps: manual.scale.steps.map((s) => ({ value: s.value, label: { sv: s.label.sv, en: s.label.en } })),
      cannotAssess: { label: { sv: manual.scale.cannotAssess.label.sv, en: manual.scale.cannotAssess.label.en } },
    },
    dimensions: manual.dimensions.map((d, i) => ({
      key: d.key,
      number: dimensionNumber(manual, i),
      title: { sv: d.title.sv, en: d.title.en },
    })),
    criteria: criteriaRows.map((c) => ({
      id: c.id,
      key: c.key,
      dimensionKey: c.dimension_key,
      position: c.position,
      number: numbers.get(c.key) ?? c.number ?? String(c.position),
      demand: c.demand,
      text: { sv: c.text_sv, en: c.text_en },
    })),
    regions: regionRows.map((r) => ({ id: r.id, code: r.code, name: { sv: r.name_sv, en: r.name_en }, sortOrder: r.id })),
    units: unitRows.map((u) => ({
      unitId: u.unit_id,
      reviewId: u.review_id,
      code: u.code,
      name: { sv: u.name_sv, en: u.name_en },
      regionIds: regionIdsOf(u),
    })),
    scores: scoreRows.map(([reviewId, criterionId, score, cannotAssess]) => ({ reviewId, criterionId, score, cannotAssess: cannotAssess === 1 })),
    recommendations: [...recommendations.values()],
  };
}

/**
 * The published versions of a manual up to `toVersion`, oldest first, as the trend computation
 * walks them: criterion keys, the crosswalk from the version before, and the scale's values.
 */
export async function loadTrendVersions(db: AppDatabase, manualKey: ManualKey, toVersion: number): Promise<TrendVersionInput[]> {
  const rows = await db
    .selectFrom("manual_versions")
    .select(["id", "version"])
    .where("manual_key", "=", manualKey)
    .where("status", "=", "published")
    .where("version", "<=", toVersion)
    .orderBy("version")
    .execute();
  const versions: TrendVersionInput[] = [];
  for (const row of rows) {
    const manual = await manualContent(db, row.id);
    versions.push({
      version: row.version,
      keys: manual.dimensions.flatMap((d) => d.criteria.map((c) => c.key)),
      crosswalk: manual.crosswalk,
      scaleValues: manual.scale.steps.map((s) => s.value).sort((a, b) => a - b),
    });
  }
  return versions;
}

/** Ids of the rounds in which the unit has a published review (its own national comparison). */
export async function roundIdsWithPublishedReviewOf(db: AppDatabase, unitId: number): Promise<Set<number>> {
  const rows = await db.selectFrom("reviews").select("round_id").where("unit_id", "=", unitId).where("stage", "=", "published").execute();
  return new Set(rows.map((r) => r.round_id));
}
