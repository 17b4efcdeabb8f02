import { beforeEach, describe, expect, it } from "vitest";
import { publishReview } from "~/modules/feedback/publish.server";
import { loader as reportLoader } from "~/routes/reviews.$reviewId.report";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { createReviewFixture, reviewVersionOf } from "../factories";
import { DEMO, callLoader } from "../route";

beforeEach(() => {
  useFreshDatabase();
});

async function publishedFixture() {
  const fixture = await createReviewFixture({ stage: "factual_check" });
  const db = getDb();
  const now = new Date().toISOString();
  for (const [i, criterion] of fixture.criteria.entries()) {
    await db.insertInto("consensus_scores").values({ review_id: fixture.reviewId, criterion_id: criterion.id, score: i % 4, rationale: `Motivering ${i}`, updated_by: null, updated_at: now }).execute();
  }
  const { id: recommendationId } = await db
    .insertInto("recommendations")
    .values({ review_id: fixture.reviewId, text: "Ta fram en gemensam plan", priority: "high", timeframe: "inom 6 månader", position: 1, created_by: null, created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("recommendation_criteria").values({ recommendation_id: recommendationId, criterion_id: fixture.criteria[0]!.id }).execute();
  for (const [text, internal] of [["Offentlig styrka", 0], ["Intern iakttagelse", 1]] as const) {
    await db.insertInto("strengths").values({ review_id: fixture.reviewId, criterion_id: null, text, internal, created_by: null, created_at: now, updated_at: now }).execute();
  }
  const lead = fixture.team.find((m) => m.isLead)!;
  return { fixture, publish: () => publishReview(db, { reviewId: fixture.reviewId, expectedVersion: 0 }, { actorUserId: lead.userId }), leadId: lead.userId };
}

describe("review report", () => {
  it("exists only after publication, for the team, the unit, the coordinator and the advisors", async () => {
    const { fixture, leadId } = await publishedFixture();
    const params = { reviewId: String(fixture.reviewId) };
    expect((await callLoader(reportLoader, { as: DEMO.unitContact, params })).status).toBe(404);
    await publishReview(getDb(), { reviewId: fixture.reviewId, expectedVersion: await reviewVersionOf(fixture.reviewId) }, { actorUserId: leadId });
    for (const email of [DEMO.unitContact, DEMO.reviewer, DEMO.reviewerSkane, DEMO.coordinator, DEMO.advisor]) {
      expect((await callLoader(reportLoader, { as: email, params })).status, email).toBe(200);
    }
    for (const email of [DEMO.unitContactStockholm, DEMO.reviewerNorrbotten, DEMO.editor, DEMO.admin]) {
      expect((await callLoader(reportLoader, { as: email, params })).status, email).toBe(404);
    }
  });

  it("shows the frozen results, internal strengths only to the team, and no individual scores", async () => {
    const { fixture, leadId } = await publishedFixture();
    await publishReview(getDb(), { reviewId: fixture.reviewId, expectedVersion: await reviewVersionOf(fixture.reviewId) }, { actorUserId: leadId });
    const params = { reviewId: String(fixture.reviewId) };
    const unit = await callLoader(reportLoader, { as: DEMO.unitContact, params });
    expect(unit.data.intact).toBe(true);
    expect(unit.data.view.summary.criteria).toBe(23);
    expect(unit.data.view.strengths.map((s: { text: string }) => s.text)).toEqual(["Offentlig styrka"]);
    expect(unit.data.view.recommendations.high.map((r: { text: string }) => r.text)).toEqual(["Ta fram en gemensam plan"]);
    expect(JSON.stringify(unit.data)).not.toContain("Intern iakttagelse");
    expect(JSON.stringify(unit.data)).not.toContain("reviewerScores");
    const team = await callLoader(reportLoader, { as: DEMO.reviewerSkane, params });
    expect(team.data.view.strengths).toHaveLength(2);
  });
});
