/**
 * Test data for the feedback, factual-check and follow-up pages: consensus and self-scores for a
 * review fixture, blind reviewer scores with a recognisable secret (to prove they never reach the
 * unit), and a review taken all the way to publication through the real domain functions.
 */
import type { ReviewStage } from "#db/schema";
import { createRecommendation, createStrength } from "~/modules/feedback/feedback-repository.server";
import { addFactualComment, respondToFactualComment } from "~/modules/feedback/factual-check.server";
import { publishReview } from "~/modules/feedback/publish.server";
import { getDb } from "~/utils/db.server";
import { createReviewFixture, idOfUser, reviewVersionOf, type ReviewFixture } from "./factories";
import { DEMO } from "./route";

/** Marks text that must never reach the unit's contact. */
export const REVIEWER_SECRET = "HEMLIG-GRANSKARMOTIVERING";
export const INTERNAL_SECRET = "HEMLIG-INTERN-STYRKA";

/** Consensus for every criterion: scores cycle 3, 2, 1, 0 unless given per index. */
export async function setConsensus(fixture: ReviewFixture, score: (index: number) => number | null = (i) => [3, 2, 1, 0][i % 4]!) {
  const now = new Date().toISOString();
  await getDb()
    .insertInto("consensus_scores")
    .values(
      fixture.criteria.map((c, i) => {
        const s = score(i);
        return { review_id: fixture.reviewId, criterion_id: c.id, score: s, cannot_assess: s === null ? 1 : 0, rationale: `Konsensusmotivering ${c.key}`, updated_by: null, updated_at: now };
      }),
    )
    .execute();
}

export async function setSelfScores(fixture: ReviewFixture) {
  const now = new Date().toISOString();
  await getDb()
    .insertInto("self_assessments")
    .values(fixture.criteria.map((c) => ({ review_id: fixture.reviewId, criterion_id: c.id, score: 3, comment: "Självvärdering", updated_by: null, updated_at: now })))
    .execute();
}

/** Blind scores of every team member with the secret in the rationale. */
export async function setReviewerScores(fixture: ReviewFixture) {
  const now = new Date().toISOString();
  for (const member of fixture.team) {
    await getDb()
      .insertInto("reviewer_scores")
      .values(fixture.criteria.map((c) => ({ review_id: fixture.reviewId, criterion_id: c.id, reviewer_id: member.userId, score: 1, rationale: `${REVIEWER_SECRET} ${member.email}`, updated_at: now })))
      .execute();
    await getDb().insertInto("reviewer_submissions").values({ review_id: fixture.reviewId, reviewer_id: member.userId, submitted_at: now }).execute();
  }
}

export async function setStage(reviewId: number, stage: ReviewStage) {
  await getDb()
    .updateTable("reviews")
    .set((eb) => ({ stage, version: eb("version", "+", 1) }))
    .where("id", "=", reviewId)
    .execute();
}

export async function leadAudit() {
  return { actorUserId: await idOfUser(DEMO.reviewer), ip: "127.0.0.1" };
}

/** A review in `feedback` with consensus, self-scores, blind scores, two recommendations and two strengths (one internal). */
export async function feedbackFixture(options: Parameters<typeof createReviewFixture>[0] = {}) {
  const fixture = await createReviewFixture({ stage: "feedback", ...options });
  await setConsensus(fixture);
  await setSelfScores(fixture);
  await setReviewerScores(fixture);
  const audit = await leadAudit();
  const c = fixture.criteria;
  const recommendations = [
    await createRecommendation(getDb(), fixture.reviewId, { text: "Inrätta ett politiskt samverkansforum.", priority: "low", timeframe: "inom 12 månader", criterionIds: [c[2]!.id] }, audit),
    await createRecommendation(getDb(), fixture.reviewId, { text: "Ta fram en kompetensplan.", priority: "high", timeframe: "inom 6 månader", criterionIds: [c[1]!.id, c[3]!.id] }, audit),
  ];
  const strengths = [
    await createStrength(getDb(), fixture.reviewId, { text: "Tydlig ledning.", criterionId: c[0]!.id, internal: false }, audit),
    await createStrength(getDb(), fixture.reviewId, { text: INTERNAL_SECRET, criterionId: null, internal: true }, audit),
  ];
  return { ...fixture, recommendations, strengths };
}

/** The same review sent on factual check, commented on by the unit, answered by the team and published by the lead. */
export async function publishedFixture(options: Parameters<typeof createReviewFixture>[0] = {}) {
  const fixture = await feedbackFixture(options);
  await setStage(fixture.reviewId, "factual_check");
  const unitAudit = { actorUserId: await idOfUser(DEMO.unitContact), ip: "127.0.0.1" };
  const commentId = await addFactualComment(getDb(), fixture.reviewId, { criterionId: fixture.criteria[0]!.id, text: "Forumet inrättades 2024, inte 2025." }, unitAudit);
  await respondToFactualComment(getDb(), fixture.reviewId, { id: commentId, expectedVersion: 1, response: "Rättat i rapporten." }, await leadAudit());
  const published = await publishReview(getDb(), { reviewId: fixture.reviewId, expectedVersion: await reviewVersionOf(fixture.reviewId) }, await leadAudit());
  return { ...fixture, commentId, ...published };
}
