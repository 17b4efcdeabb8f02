/**
 * The consensus page (/reviews/:id/consensus): only the team, from the assessment stage on, sees
 * the individual reviewers' scores; the lead opens it through the overview's advance action; the
 * team records consensus scores while the review is in assessment; agreement statistics and the
 * largest-disagreement-first order; validation, stale saves and audit.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as overviewPage from "~/routes/reviews.$reviewId._index";
import * as scoringPage from "~/routes/reviews.$reviewId.scoring";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { createReviewFixture, reviewVersionOf, type ReviewFixture } from "../factories";
import { DEMO, callAction } from "../route";
import { consensusRows, loadConsensus, params, saveConsensus, scoreAll, setStage, submitScores } from "../scoring-helpers";

beforeEach(() => {
  useFreshDatabase();
});

const SECRET = "HEMLIG-GRANSKARMOTIVERING-5d1e";

/** Scores that disagree most on criterion 3 (0 vs 3), then 2 (1 vs 3), agree elsewhere. */
const SCORES_A = (i: number) => (i === 2 ? "0" : i === 1 ? "1" : i === 4 ? "cannot_assess" : "2");
const SCORES_B = (i: number) => (i === 2 ? "3" : i === 1 ? "3" : i === 5 ? "1" : "2");

/** A review in analysis where both reviewers scored and submitted, moved to assessment by the lead. */
async function reviewInAssessment(unitCode = "03"): Promise<ReviewFixture> {
  const fixture = await createReviewFixture({ stage: "analysis", unitCode });
  await scoreAll(fixture, DEMO.reviewer, SCORES_A, (i) => (i === 2 ? SECRET : `Stockholm ${i}`));
  await scoreAll(fixture, DEMO.reviewerSkane, SCORES_B, (i) => `Skåne ${i}`);
  expect((await submitScores(fixture, DEMO.reviewer)).status).toBe(200);
  expect((await submitScores(fixture, DEMO.reviewerSkane)).status).toBe(200);
  const opened = await advance(fixture, DEMO.reviewer);
  expect(opened.status).toBe(200);
  return fixture;
}

async function advance(fixture: ReviewFixture, as: string, overrideReason?: string) {
  return callAction(overviewPage.action, {
    as,
    params: params(fixture),
    form: { intent: "advance", version: String(await reviewVersionOf(fixture.reviewId)), ...(overrideReason ? { overrideReason } : {}) },
  });
}

async function stageOf(fixture: ReviewFixture) {
  return (await getDb().selectFrom("reviews").select("stage").where("id", "=", fixture.reviewId).executeTakeFirstOrThrow()).stage;
}

describe("who may open the consensus page", () => {
  it("answers 200 to the team and 403 or 404 to everyone else, never with scores", async () => {
    const fixture = await reviewInAssessment();
    const expected: [string, number][] = [
      [DEMO.reviewer, 200],
      [DEMO.reviewerSkane, 200],
      [DEMO.reviewerNorrbotten, 404],
      [DEMO.unitContact, 403],
      [DEMO.unitContactStockholm, 404],
      [DEMO.coordinator, 403],
      [DEMO.advisor, 404],
      [DEMO.editor, 404],
      [DEMO.admin, 404],
    ];
    for (const [email, status] of expected) {
      const result = await loadConsensus(fixture, email);
      expect(result.status, email).toBe(status);
      if (status !== 200) expect(JSON.stringify(result.data), email).not.toContain(SECRET);
    }
    expect(JSON.stringify((await loadConsensus(fixture, DEMO.reviewerSkane)).data)).toContain(SECRET);
  });

  it("stays closed to the unit, the coordinator and the advisors after publication too", async () => {
    const fixture = await reviewInAssessment();
    await setStage(fixture, "published");
    for (const email of [DEMO.unitContact, DEMO.coordinator, DEMO.advisor]) {
      const result = await loadConsensus(fixture, email);
      expect(result.status, email).toBe(403);
      expect(JSON.stringify(result.data)).not.toContain(SECRET);
    }
    expect((await loadConsensus(fixture, DEMO.reviewer)).status).toBe(200);
    expect((await loadConsensus(fixture, DEMO.editor)).status).toBe(404);
  });

  it("opens only from the assessment stage", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    const result = await loadConsensus(fixture, DEMO.reviewer);
    expect(result.status).toBe(403);
    expect(result.data.message).toBe("consensus.error.notYet");
  });
});

describe("opening consensus", () => {
  it("is the lead's step; without every submission it needs a logged reason", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    await scoreAll(fixture, DEMO.reviewer, () => "2");
    await submitScores(fixture, DEMO.reviewer);
    expect((await advance(fixture, DEMO.reviewerSkane, "Vill vidare")).status).toBe(403);
    const noReason = await advance(fixture, DEMO.reviewer);
    expect(noReason.status).toBe(400);
    expect(noReason.data.blockers).toEqual(["scores-not-submitted"]);
    expect(await stageOf(fixture)).toBe("analysis");
    const withReason = await advance(fixture, DEMO.reviewer, "Skåne är sjukskriven; vi går vidare.");
    expect(withReason.status).toBe(200);
    expect(await stageOf(fixture)).toBe("assessment");
    const review = await getDb()
      .selectFrom("reviews")
      .select(["consensus_opened_at", "consensus_override_reason"])
      .where("id", "=", fixture.reviewId)
      .executeTakeFirstOrThrow();
    expect(review.consensus_override_reason).toBe("Skåne är sjukskriven; vi går vidare.");
    expect(review.consensus_opened_at).not.toBeNull();
    // The reviewer who had not submitted can no longer score.
    const late = await callAction(scoringPage.action, {
      as: DEMO.reviewerSkane,
      params: params(fixture),
      form: { intent: "submit" },
    });
    expect(late.status).toBe(403);
  });
});

describe("the consensus page", () => {
  it("shows the self-score, each reviewer's named score and rationale and the spread, largest disagreement first", async () => {
    const fixture = await reviewInAssessment();
    await getDb()
      .insertInto("self_assessments")
      .values({
        review_id: fixture.reviewId,
        criterion_id: fixture.criteria[2]!.id,
        score: 3,
        cannot_assess: 0,
        comment: "Allt fungerar.",
        updated_by: null,
        updated_at: new Date().toISOString(),
      })
      .execute();
    const { data } = await loadConsensus(fixture, DEMO.reviewer);
    const ids = data.items.map((i: { criterion: { id: number } }) => i.criterion.id);
    const c = fixture.criteria.map((x) => x.id);
    // Spread 3 (criterion 3), spread 2 (criterion 2), spread 1 (criterion 6), then the mixed cannot-assess (5), then agreement in manual order.
    expect(ids.slice(0, 5)).toEqual([c[2], c[1], c[5], c[0], c[3]]);
    expect(ids[ids.length - 1]).toBe(c[4]);
    const top = data.items[0];
    expect(top.spread).toMatchObject({ spread: 3, min: 0, max: 3 });
    expect(top.self).toEqual({ score: 3, cannotAssess: false, comment: "Allt fungerar." });
    expect(top.answers).toEqual([expect.objectContaining({ score: 0, rationale: SECRET }), expect.objectContaining({ score: 3, rationale: "Skåne 2" })]);
    expect(data.reviewers.map((r: { name: string; submitted: boolean }) => r.submitted)).toEqual([true, true]);
    expect(data.reviewers.map((r: { name: string }) => r.name).every(Boolean)).toBe(true);

    const manual = await loadConsensus(fixture, DEMO.reviewer, "?sort=manual");
    expect(manual.data.sort).toBe("manual");
    expect(manual.data.items.map((i: { criterion: { id: number } }) => i.criterion.id)).toEqual(c);
  });

  it("reports the agreement statistics of the review", async () => {
    const fixture = await reviewInAssessment();
    const { data } = await loadConsensus(fixture, DEMO.reviewer);
    // 23 criteria; criterion 5 has one cannot-assess, so 22 compared; 3 disagree.
    expect(data.agreement.reviewers).toBe(2);
    expect(data.agreement.exactAgreement).toEqual({ computable: true, agreeing: 19, compared: 22, share: 19 / 22 });
    expect(data.agreement.largeSpreadCount).toBe(2);
    expect(data.agreement.alpha.computable).toBe(true);
    expect(data.agreement.alpha.metric).toBe("ordinal");
    expect(data.agreement.alpha.units).toBe(22);
    expect(data.agreement.alpha.value).toBeLessThan(1);
    expect(data.consensusDone).toBe(0);
    expect(data.criteriaCount).toBe(23);
  });

  it("reports not computable with a single reviewer instead of NaN", async () => {
    const fixture = await createReviewFixture({ stage: "assessment", team: [{ email: DEMO.reviewer, isLead: true }] });
    const { data } = await loadConsensus(fixture, DEMO.reviewer);
    expect(data.agreement.alpha).toEqual({ computable: false, reason: "fewer-than-two-reviewers" });
    expect(JSON.stringify(data)).not.toContain("NaN");
  });
});

describe("recording consensus", () => {
  it("lets any team member record a consensus score and rationale, with audit and progress", async () => {
    const fixture = await reviewInAssessment();
    const criterion = fixture.criteria[2]!.id;
    const first = await saveConsensus(fixture, DEMO.reviewerSkane, [{ criterionId: criterion, score: "2", rationale: "Vi enades om delvis." }]);
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ ok: true, message: "consensus.saved", saved: [{ criterionId: criterion, version: 1 }] });
    const second = await saveConsensus(fixture, DEMO.reviewer, [{ criterionId: criterion, score: "1", rationale: "Påbörjat, efter intervjun.", version: 1 }]);
    expect(second.status).toBe(200);
    const rows = await consensusRows(fixture);
    expect(rows).toEqual([
      expect.objectContaining({ criterion_id: criterion, score: 1, cannot_assess: 0, rationale: "Påbörjat, efter intervjun.", version: 2 }),
    ]);
    const audit = await getDb().selectFrom("audit_log").selectAll().where("action", "=", "review.consensus.save").orderBy("id").execute();
    expect(audit).toHaveLength(2);
    expect(audit[1]!.entity_id).toBe(`${fixture.reviewId}:${criterion}`);
    expect(JSON.parse(audit[1]!.before_json!)).toEqual({ score: 2, cannotAssess: false, rationale: "Vi enades om delvis.", version: 1 });
    expect(JSON.parse(audit[1]!.after_json!)).toEqual({ score: 1, cannotAssess: false, rationale: "Påbörjat, efter intervjun.", version: 2 });

    const { data } = await loadConsensus(fixture, DEMO.reviewer);
    expect(data.consensusDone).toBe(1);
    const item = data.items.find((i: { criterion: { id: number } }) => i.criterion.id === criterion);
    expect(item.consensus).toMatchObject({ score: 1, version: 2, rationale: "Påbörjat, efter intervjun." });
    expect(item.consensus.updatedByName).toBeTruthy();
  });

  it("refuses bad input with 400 and saves nothing", async () => {
    const fixture = await reviewInAssessment();
    const criterion = fixture.criteria[0]!.id;
    for (const entry of [
      { criterionId: criterion, score: "7" },
      { criterionId: criterion, score: "-1" },
      { criterionId: criterion, score: "x" },
      { criterionId: criterion, score: "2", rationale: "r".repeat(4001) },
      { criterionId: 999_999, score: "2" },
    ]) {
      const result = await saveConsensus(fixture, DEMO.reviewer, [entry]);
      expect(result.status, JSON.stringify(entry).slice(0, 80)).toBe(400);
    }
    expect(await consensusRows(fixture)).toHaveLength(0);
  });

  it("refuses a stale save with 409 and keeps the newer value", async () => {
    const fixture = await reviewInAssessment();
    const criterion = fixture.criteria[0]!.id;
    await saveConsensus(fixture, DEMO.reviewer, [{ criterionId: criterion, score: "2", rationale: "Lead först." }]);
    const stale = await saveConsensus(fixture, DEMO.reviewerSkane, [{ criterionId: criterion, score: "3", rationale: "Skåne samtidigt.", version: 0 }]);
    expect(stale.status).toBe(409);
    expect(stale.data.message).toBe("form.stale");
    expect((await consensusRows(fixture))[0]).toMatchObject({ score: 2, rationale: "Lead först.", version: 1 });
  });

  it("accepts edits only in the assessment stage and only from the team", async () => {
    const fixture = await reviewInAssessment();
    const entry = [{ criterionId: fixture.criteria[0]!.id, score: "2" }];
    expect((await saveConsensus(fixture, DEMO.coordinator, entry)).status).toBe(403);
    expect((await saveConsensus(fixture, DEMO.unitContact, entry)).status).toBe(403);
    for (const email of [DEMO.reviewerNorrbotten, DEMO.unitContactStockholm, DEMO.advisor, DEMO.editor, DEMO.admin]) {
      expect((await saveConsensus(fixture, email, entry)).status, email).toBe(404);
    }
    for (const stage of ["analysis", "feedback", "factual_check", "published"] as const) {
      await setStage(fixture, stage);
      const result = await saveConsensus(fixture, DEMO.reviewer, entry);
      expect(result.status, stage).toBe(403);
      expect(result.data.message).toBe("consensus.error.closed");
    }
    expect(await consensusRows(fixture)).toHaveLength(0);
  });

  it("lets the lead move on to feedback only when every criterion has consensus", async () => {
    const fixture = await reviewInAssessment();
    const blocked = await advance(fixture, DEMO.reviewer, "Vi har bråttom");
    expect(blocked.status).toBe(400);
    expect(blocked.data.blockers).toEqual(["consensus-incomplete"]);
    const all = fixture.criteria.map((c, i) => ({ criterionId: c.id, score: i === 4 ? "cannot_assess" : "2", rationale: "Konsensus." }));
    expect((await saveConsensus(fixture, DEMO.reviewerSkane, all)).status).toBe(200);
    expect((await loadConsensus(fixture, DEMO.reviewer)).data.consensusDone).toBe(23);
    expect((await advance(fixture, DEMO.reviewer)).status).toBe(200);
    expect(await stageOf(fixture)).toBe("feedback");
    const { data } = await loadConsensus(fixture, DEMO.reviewerSkane);
    expect(data.canEdit).toBe(false);
  });
});
