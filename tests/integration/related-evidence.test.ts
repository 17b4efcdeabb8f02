/**
 * The national review shows, beside its criteria phrased over all counties or nodes, the latest
 * published county and node results of the related criteria (decision 020): counts per scale
 * step from the latest round of each level with published reviews, only its published reviews,
 * the units with gaps named for the team and the national function and never for a unit contact.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ReviewStage, UnitKind } from "#db/schema";
import type { LevelEvidence } from "~/modules/national/related-evidence";
import { createUser } from "~/modules/users/users.server";
import * as scoringPage from "~/routes/reviews.$reviewId.scoring";
import * as selfAssessmentPage from "~/routes/reviews.$reviewId.self-assessment";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { createReviewFixture, idOfUnit } from "../factories";
import { DEMO, callLoader } from "../route";

beforeEach(() => {
  useFreshDatabase();
});

async function manualVersionId(manual: "county" | "node" | "national", version = 1) {
  return (await getDb().selectFrom("manual_versions").select("id").where("manual_key", "=", manual).where("version", "=", version).executeTakeFirstOrThrow()).id;
}

async function criterionId(versionId: number, key: string) {
  return (await getDb().selectFrom("manual_criteria").select("id").where("manual_version_id", "=", versionId).where("key", "=", key).executeTakeFirstOrThrow()).id;
}

/**
 * A round of `level` with one review per entry: the unit, its stage, and consensus per criterion
 * key (a number, "cannot" for cannot assess, or absent for no consensus row).
 */
async function round(
  name: string,
  { level, manual, version = 1, periodStart }: { level: UnitKind; manual: "county" | "node"; version?: number; periodStart: string },
  reviews: { unit: string; stage: ReviewStage; publishedAt?: string; consensus: Record<string, number | "cannot"> }[],
) {
  const db = getDb();
  const now = new Date().toISOString();
  const versionId = await manualVersionId(manual, version);
  const { id: roundId } = await db
    .insertInto("rounds")
    .values({ name, level, manual_version_id: versionId, period_start: periodStart, period_end: `${periodStart.slice(0, 4)}-12-31`, created_by: null, created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const review of reviews) {
    const { id } = await db
      .insertInto("reviews")
      .values({ round_id: roundId, unit_id: await idOfUnit(review.unit), stage: "feedback", created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [key, value] of Object.entries(review.consensus)) {
      await db
        .insertInto("consensus_scores")
        .values({ review_id: id, criterion_id: await criterionId(versionId, key), score: value === "cannot" ? null : value, cannot_assess: value === "cannot" ? 1 : 0, rationale: "", updated_by: null, updated_at: now })
        .execute();
    }
    if (review.stage === "published") {
      await db.updateTable("reviews").set({ stage: "published", published_at: review.publishedAt ?? now, snapshot_json: "{}", snapshot_hash: "test" }).where("id", "=", id).execute();
    } else {
      await db.updateTable("reviews").set({ stage: review.stage }).where("id", "=", id).execute();
    }
  }
  return roundId;
}

/** County rounds 2025 (all published) and 2026 (two published, one still in feedback); a node round. */
async function levelsBelow() {
  await round("Länsgranskning 2025", { level: "county", manual: "county", periodStart: "2025-01-01" }, [
    { unit: "01", stage: "published", consensus: { "competence-implementation": 3, "staff-resources": 3 } },
    { unit: "03", stage: "published", consensus: { "competence-implementation": 3, "staff-resources": 3 } },
    { unit: "12", stage: "published", consensus: { "competence-implementation": 3, "staff-resources": 3 } },
  ]);
  await round("Länsgranskning 2026", { level: "county", manual: "county", version: 2, periodStart: "2026-01-01" }, [
    { unit: "01", stage: "published", publishedAt: "2026-10-01T10:00:00.000Z", consensus: { "competence-implementation": 3, "staff-resources": 1 } },
    { unit: "03", stage: "published", publishedAt: "2026-11-20T10:00:00.000Z", consensus: { "competence-implementation": 0, "staff-resources": "cannot" } },
    { unit: "25", stage: "published", publishedAt: "2026-11-02T10:00:00.000Z", consensus: { "competence-implementation": 2 } },
    // Not published: its scores never count.
    { unit: "12", stage: "feedback", consensus: { "competence-implementation": 0, "staff-resources": 0 } },
  ]);
  await round("Nodgranskning 2026", { level: "node", manual: "node", periodStart: "2026-01-01" }, [
    { unit: "NOD-TRAUMA", stage: "published", publishedAt: "2026-09-15T10:00:00.000Z", consensus: { "dissemination-capacity": 2, "effective-dissemination": 3, "dissemination-plan": 1 } },
    { unit: "NOD-NYANLANDA", stage: "factual_check", consensus: { "dissemination-capacity": 0 } },
  ]);
}

async function nationalReview(stage: ReviewStage) {
  return createReviewFixture({ stage, unitCode: "NAT", manualKey: "national", level: "national", team: [{ email: DEMO.reviewer, isLead: true }, { email: DEMO.coordinator, isLead: false }] });
}

const counts = (level: LevelEvidence, key: string) => {
  const c = level.criteria.find((x) => x.key === key)!;
  return { steps: c.steps.map((s) => s.count), cannotAssess: c.cannotAssess, unscored: c.unscored, gapCount: c.gapCount, gaps: c.gapUnits.map((g) => `${g.name.sv} ${g.score}`) };
};

describe("evidence from the levels below on the national review", () => {
  it("counts the latest county round's published reviews per step for 2 C (1), with the units that have gaps", async () => {
    await levelsBelow();
    const fixture = await nationalReview("gathering");
    const { status, data } = await callLoader(selfAssessmentPage.loader, { as: DEMO.coordinator, params: { reviewId: String(fixture.reviewId) } });
    expect(status).toBe(200);
    const [county] = data.relatedEvidence["n2c-1-implementation-capacity"] as LevelEvidence[];
    expect(county!.manual).toBe("county");
    // The 2026 round is the latest with published reviews: three of its four, last published 20 November.
    expect(county!.round).toMatchObject({ name: "Länsgranskning 2026", publishedReviews: 3, lastPublishedAt: "2026-11-20T10:00:00.000Z", manualVersion: 2 });
    expect(county!.scale.map((s) => s.value)).toEqual([0, 1, 2, 3]);
    // competence-implementation: Stockholm 3, Uppsala 0, Norrbotten 2 → steps 0..3 = 1, 0, 1, 1; gaps Uppsala (0), Norrbotten (2).
    expect(counts(county!, "competence-implementation")).toEqual({ steps: [1, 0, 1, 1], cannotAssess: 0, unscored: 0, gapCount: 2, gaps: ["Region Uppsala 0", "Region Norrbotten 2"] });
    // staff-resources: Stockholm 1, Uppsala cannot assess, Norrbotten no consensus row.
    expect(counts(county!, "staff-resources")).toEqual({ steps: [0, 1, 0, 0], cannotAssess: 1, unscored: 1, gapCount: 1, gaps: ["Region Stockholm 1"] });
    // Skåne's draft zeros in feedback never count.
    expect(JSON.stringify(county)).not.toContain("Region Skåne");
  });

  it("shows node results for the node criteria and says so where a level has nothing published", async () => {
    await levelsBelow();
    const fixture = await nationalReview("gathering");
    const { data } = await callLoader(selfAssessmentPage.loader, { as: DEMO.coordinator, params: { reviewId: String(fixture.reviewId) } });
    const [node] = data.relatedEvidence["n3b-7-nodes-convey-knowledge"] as LevelEvidence[];
    expect(node!.round).toMatchObject({ name: "Nodgranskning 2026", publishedReviews: 1 });
    expect(counts(node!, "dissemination-capacity")).toEqual({ steps: [0, 0, 1, 0], cannotAssess: 0, unscored: 0, gapCount: 1, gaps: ["Kunskapsnod Traumavård 2"] });
    expect(counts(node!, "effective-dissemination").gapCount).toBe(0);
    expect(counts(node!, "dissemination-plan").steps).toEqual([0, 1, 0, 0]);
    // Two levels for 2 B (2): nodes first, then counties, as the relation file lists them.
    expect((data.relatedEvidence["n2b-2-nodes-reach-services"] as LevelEvidence[]).map((l) => l.manual)).toEqual(["node", "county"]);
    // No resource centre has a published review.
    const [centres] = data.relatedEvidence["n3c-4-support-nodes-collaborate"] as LevelEvidence[];
    expect(centres).toMatchObject({ manual: "resource-centre", round: null, criteria: [] });
    // National criteria without a relation get nothing.
    expect(data.relatedEvidence["n1-1-population-data"]).toBeUndefined();
  });

  it("gives the team the same on the scoring page, with names", async () => {
    await levelsBelow();
    const fixture = await nationalReview("analysis");
    const { status, data } = await callLoader(scoringPage.loader, { as: DEMO.reviewer, params: { reviewId: String(fixture.reviewId) } });
    expect(status).toBe(200);
    const [county] = data.relatedEvidence["n2c-1-implementation-capacity"] as LevelEvidence[];
    expect(counts(county!, "competence-implementation").gaps).toEqual(["Region Uppsala 0", "Region Norrbotten 2"]);
  });

  it("gives the national level's unit contact the counts but not the other units' names", async () => {
    await levelsBelow();
    await createUser(getDb(), { email: "kontakt.nationell@example.test", name: "Nina Nationell", homeUnitId: await idOfUnit("NAT"), roles: ["unit_contact"], password: null }, { actorUserId: null });
    const fixture = await nationalReview("gathering");
    const { status, data } = await callLoader(selfAssessmentPage.loader, { as: "kontakt.nationell@example.test", params: { reviewId: String(fixture.reviewId) } });
    expect(status).toBe(200);
    expect(data.viewer.canEdit).toBe(true);
    const [county] = data.relatedEvidence["n2c-1-implementation-capacity"] as LevelEvidence[];
    expect(counts(county!, "competence-implementation")).toEqual({ steps: [1, 0, 1, 1], cannotAssess: 0, unscored: 0, gapCount: 2, gaps: [] });
    expect(JSON.stringify(data.relatedEvidence)).not.toMatch(/Region (Uppsala|Norrbotten|Stockholm)/);
  });

  it("is not shown on the reviews of other levels", async () => {
    await levelsBelow();
    const county = await createReviewFixture({ stage: "gathering" });
    const { data } = await callLoader(selfAssessmentPage.loader, { as: DEMO.coordinator, params: { reviewId: String(county.reviewId) } });
    expect(data.relatedEvidence).toEqual({});
  });

  it("says for every level that nothing is published yet before the first publication", async () => {
    const fixture = await nationalReview("gathering");
    const { data } = await callLoader(selfAssessmentPage.loader, { as: DEMO.coordinator, params: { reviewId: String(fixture.reviewId) } });
    const levels = Object.values(data.relatedEvidence as Record<string, LevelEvidence[]>).flat();
    expect(levels.length).toBeGreaterThan(10);
    expect(levels.every((l) => l.round === null)).toBe(true);
  });
});
