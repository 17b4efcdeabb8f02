/**
 * Follow-up (/reviews/:id/follow-up): the unit's kvittens and action plan after publication, who
 * reads it, validation and stale saves; and the carry-over of open recommendations into the
 * unit's next review through the crosswalk.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { listOpenRecommendationsForUnit } from "~/modules/feedback/carry-over.server";
import { createRecommendation } from "~/modules/feedback/feedback-repository.server";
import { saveAnswer } from "~/modules/feedback/follow-up.server";
import { publishReview } from "~/modules/feedback/publish.server";
import * as followUp from "~/routes/reviews.$reviewId.follow-up";
import * as overview from "~/routes/reviews.$reviewId._index";
import { loader as frameLoader } from "~/routes/reviews.$reviewId";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { createReviewFixture, idOfUser, reviewVersionOf } from "../factories";
import { feedbackFixture, leadAudit, publishedFixture, setStage } from "../feedback-fixtures";
import { DEMO, callAction, callLoader } from "../route";

beforeEach(() => {
  useFreshDatabase();
});

const params = (reviewId: number) => ({ reviewId: String(reviewId) });
const load = (reviewId: number, as: string) => callLoader(followUp.loader, { as, params: params(reviewId) });
const act = (reviewId: number, as: string, form: Record<string, string>) => callAction(followUp.action, { as, params: params(reviewId), form });
const answers = () => getDb().selectFrom("recommendation_answers").selectAll().orderBy("recommendation_id").execute();
const answerForm = (recommendationId: number, extra: Record<string, string> = {}) => ({
  intent: "answer",
  recommendationId: String(recommendationId),
  version: "0",
  response: "accept",
  plannedAction: "Ta fram en kompetensplan i styrgruppen.",
  owner: "Länssamordnaren",
  dueDate: "2027-03-31",
  progress: "in_progress",
  progressNote: "Arbetet har börjat.",
  ...extra,
});

describe("who sees the follow-up", () => {
  it("is there only after publication, for the unit, the team and the coordinator", async () => {
    const fixture = await feedbackFixture();
    await setStage(fixture.reviewId, "factual_check");
    for (const email of [DEMO.unitContact, DEMO.reviewer, DEMO.coordinator]) expect((await load(fixture.reviewId, email)).status, email).toBe(404);
    await publishReview(getDb(), { reviewId: fixture.reviewId, expectedVersion: await reviewVersionOf(fixture.reviewId) }, await leadAudit());
    for (const email of [DEMO.unitContact, DEMO.reviewer, DEMO.reviewerSkane, DEMO.coordinator]) expect((await load(fixture.reviewId, email)).status, email).toBe(200);
    for (const email of [DEMO.advisor, DEMO.unitContactStockholm, DEMO.reviewerNorrbotten, DEMO.editor, DEMO.admin]) {
      expect((await load(fixture.reviewId, email)).status, email).toBe(404);
    }
    const tabs = (await callLoader(frameLoader, { as: DEMO.unitContact, params: params(fixture.reviewId) })).data.tabs.map((t: { label: string }) => t.label);
    expect(tabs).toContain("reviews.tab.followUp");
    const unit = await load(fixture.reviewId, DEMO.unitContact);
    expect(unit.data.canAnswer).toBe(true);
    expect(unit.data.recommendations).toHaveLength(2);
    expect((await load(fixture.reviewId, DEMO.reviewer)).data.canAnswer).toBe(false);
  });

  it("accepts answers only by the unit's contact and only after publication", async () => {
    const fixture = await feedbackFixture();
    await setStage(fixture.reviewId, "factual_check");
    expect((await act(fixture.reviewId, DEMO.unitContact, answerForm(fixture.recommendations[0]!))).status).toBe(404);
    expect((await act(fixture.reviewId, DEMO.unitContact, { intent: "acknowledge" })).status).toBe(404);
    await publishReview(getDb(), { reviewId: fixture.reviewId, expectedVersion: await reviewVersionOf(fixture.reviewId) }, await leadAudit());
    for (const email of [DEMO.reviewer, DEMO.coordinator]) {
      const result = await act(fixture.reviewId, email, answerForm(fixture.recommendations[0]!));
      expect(result.status, email).toBe(403);
      expect(result.data.message).toBe("followUp.error.unitOnly");
      expect((await act(fixture.reviewId, email, { intent: "acknowledge" })).status).toBe(403);
    }
    for (const email of [DEMO.unitContactStockholm, DEMO.advisor, DEMO.admin]) {
      expect((await act(fixture.reviewId, email, answerForm(fixture.recommendations[0]!))).status, email).toBe(404);
    }
    expect(await answers()).toHaveLength(0);
    expect((await getDb().selectFrom("reviews").select("acknowledged_at").where("id", "=", fixture.reviewId).executeTakeFirstOrThrow()).acknowledged_at).toBeNull();
  });
});

describe("kvittens and action plan", () => {
  it("acknowledges receipt once, audit-logged", async () => {
    const fixture = await publishedFixture();
    const first = await act(fixture.reviewId, DEMO.unitContact, { intent: "acknowledge" });
    expect(first.status).toBe(200);
    const review = await getDb().selectFrom("reviews").selectAll().where("id", "=", fixture.reviewId).executeTakeFirstOrThrow();
    expect(review.acknowledged_by).toBe(await idOfUser(DEMO.unitContact));
    expect(review.acknowledged_at).toBeTruthy();
    const again = await act(fixture.reviewId, DEMO.unitContact, { intent: "acknowledge" });
    expect(again.status).toBe(409);
    expect(again.data.message).toBe("followUp.error.alreadyAcknowledged");
    expect((await getDb().selectFrom("reviews").select("acknowledged_at").where("id", "=", fixture.reviewId).executeTakeFirstOrThrow()).acknowledged_at).toBe(review.acknowledged_at);
    expect(await getDb().selectFrom("audit_log").selectAll().where("action", "=", "review.acknowledge").execute()).toHaveLength(1);
    const view = await load(fixture.reviewId, DEMO.coordinator);
    expect(view.data.acknowledgedAt).toBe(review.acknowledged_at);
    expect(view.data.acknowledgedByName).toBeTruthy();
  });

  it("saves an answer, then progress updates with the version; stale saves are refused", async () => {
    const fixture = await publishedFixture();
    const rec = fixture.recommendations[1]!;
    const created = await act(fixture.reviewId, DEMO.unitContact, answerForm(rec));
    expect(created.status).toBe(200);
    expect((await answers())[0]).toMatchObject({
      recommendation_id: rec,
      response: "accept",
      planned_action: "Ta fram en kompetensplan i styrgruppen.",
      owner: "Länssamordnaren",
      due_date: "2027-03-31",
      progress: "in_progress",
      version: 1,
    });
    // A second "first answer" (form opened before the first was saved) is stale.
    expect((await act(fixture.reviewId, DEMO.unitContact, answerForm(rec, { response: "decline" }))).status).toBe(409);
    const update = await act(fixture.reviewId, DEMO.unitContact, answerForm(rec, { version: "1", progress: "done", progressNote: "Planen är antagen.", dueDate: "" }));
    expect(update.status).toBe(200);
    const stale = await act(fixture.reviewId, DEMO.unitContact, answerForm(rec, { version: "1", progress: "not_started" }));
    expect(stale.status).toBe(409);
    expect(stale.data.message).toBe("form.stale");
    expect((await answers())[0]).toMatchObject({ response: "accept", progress: "done", progress_note: "Planen är antagen.", due_date: null, version: 2 });
    const audit = (await getDb().selectFrom("audit_log").select(["action", "before_json"]).where("entity_type", "=", "recommendation").where("action", "like", "recommendation_answer.%").orderBy("id").execute());
    expect(audit.map((a) => a.action)).toEqual(["recommendation_answer.create", "recommendation_answer.update"]);
    expect(JSON.parse(audit[1]!.before_json!)).toMatchObject({ progress: "in_progress" });
    const view = await load(fixture.reviewId, DEMO.reviewer);
    expect(view.data.recommendations.find((r: { id: number }) => r.id === rec).answer).toMatchObject({ progress: "done", version: 2 });
  });

  it("refuses bad answers with 400 and saves nothing", async () => {
    const fixture = await publishedFixture();
    const other = await publishedFixture({ unitCode: "25", team: [{ email: DEMO.reviewer, isLead: true }, { email: DEMO.reviewerSkane, isLead: false }] });
    const rec = fixture.recommendations[0]!;
    const cases: [Record<string, string>, string][] = [
      [answerForm(rec, { response: "maybe" }), "response"],
      [answerForm(rec, { response: "" }), "response"],
      [answerForm(rec, { dueDate: "2026-02-30" }), "dueDate"],
      [answerForm(rec, { dueDate: "igår" }), "dueDate"],
      [answerForm(rec, { owner: "o".repeat(201) }), "owner"],
      [answerForm(rec, { plannedAction: "p".repeat(4001) }), "plannedAction"],
      [answerForm(rec, { progressNote: "n".repeat(4001) }), "progressNote"],
      [answerForm(rec, { progress: "finished" }), "progress"],
      [answerForm(other.recommendations[0]!), "recommendationId"],
      [answerForm(rec, { recommendationId: "x" }), "recommendationId"],
    ];
    for (const [form, field] of cases) {
      const result = await act(fixture.reviewId, DEMO.unitContact, form);
      expect(result.status, `${field} ${JSON.stringify(form).slice(0, 100)}`).toBe(400);
      expect(result.data.fieldErrors[field], field).toBeDefined();
    }
    expect(await answers()).toHaveLength(0);
  });
});

describe("carry-over of open recommendations", () => {
  /** Review A of Uppsala on manual v1 in 2025, published with three recommendations; review B in 2026 on v2. */
  async function twoRounds() {
    const a = await feedbackFixture();
    const idOf = (key: string) => a.criteria.find((c) => c.key === key)!.id;
    const extra = await createRecommendation(
      getDb(),
      a.reviewId,
      { text: "Samverka med högskolor och kompetenscentrum.", priority: "medium", timeframe: "", criterionIds: [idOf("external-collaborations"), idOf("competence-decision-support")] },
      await leadAudit(),
    );
    await setStage(a.reviewId, "factual_check");
    await publishReview(getDb(), { reviewId: a.reviewId, expectedVersion: await reviewVersionOf(a.reviewId) }, await leadAudit());
    await getDb().updateTable("rounds").set({ period_start: "2025-01-01", period_end: "2025-12-31" }).where("id", "=", a.roundId).execute();
    const unit = { actorUserId: await idOfUser(DEMO.unitContact) };
    const answer = { response: "accept" as const, plannedAction: "", owner: "", dueDate: "2026-06-30", progressNote: "" };
    await saveAnswer(getDb(), a.reviewId, { recommendationId: a.recommendations[0]!, expectedVersion: 0, progress: "done", ...answer }, unit);
    await saveAnswer(getDb(), a.reviewId, { recommendationId: a.recommendations[1]!, expectedVersion: 0, progress: "in_progress", ...answer }, unit);
    const b = await createReviewFixture({ stage: "gathering", manualVersion: 2 });
    return { a, b, extra };
  }

  it("lists the unit's earlier recommendations that are not done, mapped through the crosswalk", async () => {
    const { a, b, extra } = await twoRounds();
    const open = await listOpenRecommendationsForUnit(getDb(), { unitId: b.unitId, beforeRoundId: b.roundId, targetManualVersionId: b.manualVersionId });
    expect(open.map((o) => o.recommendationId)).toEqual([a.recommendations[1], extra]);
    const v2 = new Map(b.criteria.map((c) => [c.key, c.id]));
    const [inProgress, unanswered] = open;
    expect(inProgress).toMatchObject({ reviewId: a.reviewId, priority: "high", manualVersion: 1, answer: { progress: "in_progress", dueDate: "2026-06-30" } });
    expect(inProgress!.criteria.map((c) => [c.fromKey, c.status, c.targets.map((t) => t.id)])).toEqual([
      ["executive-forum", "same", [v2.get("executive-forum")]],
      ["development-support-mandate", "same", [v2.get("development-support-mandate")]],
    ]);
    expect(unanswered!.answer).toBeNull();
    expect(unanswered!.criteria.map((c) => [c.fromKey, c.status, c.changes, c.targets.map((t) => t.key)])).toEqual([
      ["external-collaborations", "changed", ["split"], ["research-collaborations", "competence-centre-collaborations"]],
      ["competence-decision-support", "retired", ["retired"], []],
    ]);
    // Nothing came before the first round; another unit has none.
    expect(await listOpenRecommendationsForUnit(getDb(), { unitId: a.unitId, beforeRoundId: a.roundId, targetManualVersionId: a.manualVersionId })).toEqual([]);
    const norrbotten = await createReviewFixture({ stage: "gathering", unitCode: "25", manualVersion: 2 });
    expect(await listOpenRecommendationsForUnit(getDb(), { unitId: norrbotten.unitId, beforeRoundId: norrbotten.roundId, targetManualVersionId: norrbotten.manualVersionId })).toEqual([]);
  });

  it("shows them on the newer review's overview to the unit, its team and the coordinator", async () => {
    const { b, a } = await twoRounds();
    for (const email of [DEMO.unitContact, DEMO.reviewer, DEMO.coordinator]) {
      const result = await callLoader(overview.loader, { as: email, params: params(b.reviewId) });
      expect(result.status, email).toBe(200);
      expect(result.data.carryOver.map((o: { recommendationId: number }) => o.recommendationId), email).toContain(a.recommendations[1]);
    }
    expect((await callLoader(overview.loader, { as: DEMO.unitContactStockholm, params: params(b.reviewId) })).status).toBe(404);
  });
});
