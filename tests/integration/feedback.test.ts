/**
 * Recommendations and strengths (/reviews/:id/recommendations): who may read and write them in
 * which stage, validation, optimistic concurrency, audit, and what the unit's contact receives.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as page from "~/routes/reviews.$reviewId.recommendations";
import { loader as frameLoader } from "~/routes/reviews.$reviewId";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { createReviewFixture } from "../factories";
import { feedbackFixture, INTERNAL_SECRET, REVIEWER_SECRET, setStage } from "../feedback-fixtures";
import { DEMO, callAction, callLoader } from "../route";

beforeEach(() => {
  useFreshDatabase();
});

const params = (reviewId: number) => ({ reviewId: String(reviewId) });
const load = (reviewId: number, as: string) => callLoader(page.loader, { as, params: params(reviewId) });
const act = (reviewId: number, as: string, form: Record<string, string | string[]>) => callAction(page.action, { as, params: params(reviewId), form });

async function recommendations(reviewId: number) {
  return getDb().selectFrom("recommendations").selectAll().where("review_id", "=", reviewId).orderBy("position").execute();
}
async function strengths(reviewId: number) {
  return getDb().selectFrom("strengths").selectAll().where("review_id", "=", reviewId).orderBy("id").execute();
}
async function criterionIdsOf(recommendationId: number) {
  return (await getDb().selectFrom("recommendation_criteria").select("criterion_id").where("recommendation_id", "=", recommendationId).orderBy("criterion_id").execute()).map((r) => r.criterion_id);
}
async function otherVersionCriterionId() {
  return (
    await getDb()
      .selectFrom("manual_criteria")
      .innerJoin("manual_versions", "manual_versions.id", "manual_criteria.manual_version_id")
      .select("manual_criteria.id")
      .where("manual_versions.manual_key", "=", "county")
      .where("manual_versions.version", "=", 2)
      .executeTakeFirstOrThrow()
  ).id;
}

describe("who sees the recommendations page", () => {
  it("answers per role and stage: team from feedback, unit from the factual check, readers after publication", async () => {
    const { reviewId } = await feedbackFixture();
    const expectStatus = async (expected: Record<string, number>) => {
      for (const [email, status] of Object.entries(expected)) expect((await load(reviewId, email)).status, email).toBe(status);
    };
    await expectStatus({
      [DEMO.reviewer]: 200,
      [DEMO.reviewerSkane]: 200,
      [DEMO.reviewerNorrbotten]: 404,
      [DEMO.unitContact]: 403,
      [DEMO.unitContactStockholm]: 404,
      [DEMO.coordinator]: 403,
      [DEMO.advisor]: 404,
      [DEMO.editor]: 404,
      [DEMO.admin]: 404,
    });
    await setStage(reviewId, "factual_check");
    await expectStatus({ [DEMO.unitContact]: 200, [DEMO.reviewerSkane]: 200, [DEMO.coordinator]: 403, [DEMO.unitContactStockholm]: 404, [DEMO.advisor]: 404 });
  });

  it("shows the feedback tabs only to those who may open them", async () => {
    const { reviewId } = await feedbackFixture();
    const tabs = async (as: string) => (await callLoader(frameLoader, { as, params: params(reviewId) })).data.tabs.map((t: { label: string }) => t.label);
    expect(await tabs(DEMO.reviewer)).toContain("reviews.tab.recommendations");
    expect(await tabs(DEMO.reviewer)).not.toContain("factualCheck.tab");
    expect(await tabs(DEMO.unitContact)).not.toContain("reviews.tab.recommendations");
    await setStage(reviewId, "factual_check");
    expect(await tabs(DEMO.unitContact)).toEqual(expect.arrayContaining(["reviews.tab.recommendations", "factualCheck.tab"]));
    expect(await tabs(DEMO.unitContact)).not.toContain("reviews.tab.followUp");
  });

  it("orders criteria with gaps first and flags gaps without a recommendation", async () => {
    const fixture = await feedbackFixture();
    const { data } = await load(fixture.reviewId, DEMO.reviewer);
    const gaps = data.criteria.map((c: { gap: string }) => c.gap);
    const firstNone = gaps.indexOf("none");
    expect(gaps.slice(0, firstNone).every((g: string) => g === "major" || g === "gap")).toBe(true);
    expect(gaps.slice(firstNone).every((g: string) => g === "none")).toBe(true);
    expect(gaps[0]).toBe("major");
    // Criteria 1 (score 2), 2 (score 1) and 3 (score 0) are covered; every other gap is flagged.
    const covered = new Set([fixture.criteria[1]!.id, fixture.criteria[2]!.id, fixture.criteria[3]!.id]);
    const expected = data.criteria.filter((c: { id: number; gap: string }) => (c.gap === "major" || c.gap === "gap") && !covered.has(c.id)).map((c: { id: number }) => c.id);
    expect(data.uncoveredGapIds.sort()).toEqual(expected.sort());
    expect(data.uncoveredGapIds).not.toContain(fixture.criteria[1]!.id);
    expect(data.canEdit).toBe(true);
  });

  it("gives the unit's contact the draft without internal strengths or individual reviewer scores", async () => {
    const fixture = await feedbackFixture();
    const team = await load(fixture.reviewId, DEMO.reviewer);
    expect(JSON.stringify(team.data)).toContain(INTERNAL_SECRET);
    await setStage(fixture.reviewId, "factual_check");
    const unit = await load(fixture.reviewId, DEMO.unitContact);
    const text = JSON.stringify(unit.data);
    expect(text).not.toContain(INTERNAL_SECRET);
    expect(text).not.toContain(REVIEWER_SECRET);
    expect(unit.data.strengths).toHaveLength(1);
    expect(unit.data.canEdit).toBe(false);
    expect(unit.data.uncoveredGapIds).toEqual([]);
    expect(unit.data.criteria[0].consensus.rationale).toContain("Konsensusmotivering");
    // By priority for readers: the high-priority recommendation first.
    expect(unit.data.recommendations.map((r: { priority: string }) => r.priority)).toEqual(["high", "low"]);
    expect(JSON.stringify(team.data)).not.toContain(REVIEWER_SECRET);
  });
});

describe("writing recommendations", () => {
  it("adds one with linked criteria, priority and timeframe, audit-logged", async () => {
    const fixture = await createReviewFixture({ stage: "feedback" });
    const [a, b] = fixture.criteria;
    const result = await act(fixture.reviewId, DEMO.reviewerSkane, {
      intent: "add-recommendation",
      text: "  Inför uppföljning av implementeringen.  ",
      priority: "medium",
      timeframe: "inom 6 månader",
      criterionIds: [String(b!.id), String(a!.id)],
    });
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ ok: true, message: "feedback.recommendation.added" });
    const [row] = await recommendations(fixture.reviewId);
    expect(row).toMatchObject({ text: "Inför uppföljning av implementeringen.", priority: "medium", timeframe: "inom 6 månader", position: 1, version: 1 });
    expect(await criterionIdsOf(row!.id)).toEqual([a!.id, b!.id].sort((x, y) => x - y));
    const audit = await getDb().selectFrom("audit_log").selectAll().where("action", "=", "recommendation.create").execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ text: "Inför uppföljning av implementeringen.", criterionIds: [a!.id, b!.id].sort((x, y) => x - y) });
  });

  it("refuses bad input with 400 and a message next to the field, saving nothing", async () => {
    const fixture = await createReviewFixture({ stage: "feedback" });
    const id = String(fixture.criteria[0]!.id);
    const valid = { intent: "add-recommendation", text: "Text", priority: "high", timeframe: "", criterionIds: [id] };
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ ...valid, text: "   " }, "text", "form.required"],
      [{ ...valid, text: "x".repeat(4001) }, "text", "form.tooLong"],
      [{ ...valid, priority: "urgent" }, "priority", "feedback.error.priority"],
      [{ ...valid, timeframe: "y".repeat(201) }, "timeframe", "form.tooLong"],
      [{ ...valid, criterionIds: [] }, "criterionIds", "feedback.error.criteriaRequired"],
      [{ ...valid, criterionIds: ["999999"] }, "criterionIds", "feedback.error.criterion"],
      [{ ...valid, criterionIds: [String(await otherVersionCriterionId())] }, "criterionIds", "feedback.error.criterion"],
      [{ ...valid, criterionIds: ["abc"] }, "criterionIds", "form.invalidValue"],
    ];
    for (const [form, field, message] of cases) {
      const result = await act(fixture.reviewId, DEMO.reviewer, form);
      expect(result.status, JSON.stringify(form).slice(0, 80)).toBe(400);
      expect(result.data.fieldErrors[field]).toContain(message);
      expect(result.data.form).toBe("rec-new");
    }
    expect((await act(fixture.reviewId, DEMO.reviewer, { intent: "launch-rockets" })).status).toBe(400);
    expect(await recommendations(fixture.reviewId)).toHaveLength(0);
    expect(await getDb().selectFrom("audit_log").selectAll().where("entity_type", "=", "recommendation").execute()).toHaveLength(0);
  });

  it("edits with the row's version; a stale save is refused with 409 and the newer text kept", async () => {
    const fixture = await feedbackFixture();
    const [first] = await recommendations(fixture.reviewId);
    const edit = (as: string, text: string, version: number) =>
      act(fixture.reviewId, as, { intent: "edit-recommendation", id: String(first!.id), version: String(version), text, priority: "medium", timeframe: "", criterionIds: [String(fixture.criteria[5]!.id)] });
    expect((await edit(DEMO.reviewer, "Ny text från ledaren", 1)).status).toBe(200);
    const stale = await edit(DEMO.reviewerSkane, "Gammal text", 1);
    expect(stale.status).toBe(409);
    expect(stale.data.message).toBe("form.stale");
    const [after] = await recommendations(fixture.reviewId);
    expect(after).toMatchObject({ text: "Ny text från ledaren", priority: "medium", version: 2 });
    expect(await criterionIdsOf(first!.id)).toEqual([fixture.criteria[5]!.id]);
    const audit = await getDb().selectFrom("audit_log").selectAll().where("action", "=", "recommendation.update").execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.before_json!).text).toBe("Inrätta ett politiskt samverkansforum.");
  });

  it("reorders and deletes with versions; positions stay 1..n", async () => {
    const fixture = await feedbackFixture();
    const [first, second] = await recommendations(fixture.reviewId);
    expect((await act(fixture.reviewId, DEMO.reviewer, { intent: "move-recommendation", id: String(second!.id), version: "1", direction: "up" })).status).toBe(200);
    expect((await recommendations(fixture.reviewId)).map((r) => [r.id, r.position])).toEqual([
      [second!.id, 1],
      [first!.id, 2],
    ]);
    // Moving the (now) first one up again is refused; a stale move too.
    expect((await act(fixture.reviewId, DEMO.reviewer, { intent: "move-recommendation", id: String(second!.id), version: "2", direction: "up" })).status).toBe(400);
    expect((await act(fixture.reviewId, DEMO.reviewer, { intent: "move-recommendation", id: String(first!.id), version: "1", direction: "up" })).status).toBe(409);
    expect((await act(fixture.reviewId, DEMO.reviewer, { intent: "delete-recommendation", id: String(second!.id), version: "1" })).status).toBe(409);
    expect((await act(fixture.reviewId, DEMO.reviewer, { intent: "delete-recommendation", id: String(second!.id), version: "2" })).status).toBe(200);
    expect((await recommendations(fixture.reviewId)).map((r) => [r.id, r.position])).toEqual([[first!.id, 1]]);
    expect((await act(fixture.reviewId, DEMO.reviewer, { intent: "delete-recommendation", id: String(second!.id), version: "2" })).status).toBe(404);
  });

  it("refuses rows of another review", async () => {
    const fixture = await feedbackFixture();
    const other = await createReviewFixture({ stage: "feedback", unitCode: "25" });
    const [first] = await recommendations(fixture.reviewId);
    const result = await act(other.reviewId, DEMO.reviewer, { intent: "delete-recommendation", id: String(first!.id), version: "1" });
    expect(result.status).toBe(404);
    expect(await recommendations(fixture.reviewId)).toHaveLength(2);
  });
});

describe("writing strengths", () => {
  it("adds, edits and deletes strengths with the internal flag and optional criterion", async () => {
    const fixture = await createReviewFixture({ stage: "feedback" });
    expect((await act(fixture.reviewId, DEMO.reviewer, { intent: "add-strength", text: "Bra samverkan", criterionId: "" })).status).toBe(200);
    expect((await act(fixture.reviewId, DEMO.reviewer, { intent: "add-strength", text: "Intern iakttagelse", criterionId: String(fixture.criteria[1]!.id), internal: "on" })).status).toBe(200);
    let rows = await strengths(fixture.reviewId);
    expect(rows.map((s) => [s.text, s.criterion_id, s.internal])).toEqual([
      ["Bra samverkan", null, 0],
      ["Intern iakttagelse", fixture.criteria[1]!.id, 1],
    ]);
    expect((await act(fixture.reviewId, DEMO.reviewerSkane, { intent: "edit-strength", id: String(rows[1]!.id), version: "1", text: "Nu publik", criterionId: "" })).status).toBe(200);
    expect((await act(fixture.reviewId, DEMO.reviewer, { intent: "edit-strength", id: String(rows[1]!.id), version: "1", text: "Gammal", criterionId: "" })).status).toBe(409);
    rows = await strengths(fixture.reviewId);
    expect(rows[1]).toMatchObject({ text: "Nu publik", internal: 0, criterion_id: null, version: 2 });
    expect((await act(fixture.reviewId, DEMO.reviewer, { intent: "delete-strength", id: String(rows[0]!.id), version: "1" })).status).toBe(200);
    expect(await strengths(fixture.reviewId)).toHaveLength(1);
    const actions = (await getDb().selectFrom("audit_log").select("action").where("entity_type", "=", "strength").orderBy("id").execute()).map((a) => a.action);
    expect(actions).toEqual(["strength.create", "strength.create", "strength.update", "strength.delete"]);
  });

  it("refuses bad strengths", async () => {
    const fixture = await createReviewFixture({ stage: "feedback" });
    const forms: Record<string, string>[] = [
      { intent: "add-strength", text: "" },
      { intent: "add-strength", text: "z".repeat(4001) },
      { intent: "add-strength", text: "ok", criterionId: "424242" },
      { intent: "add-strength", text: "ok", criterionId: String(await otherVersionCriterionId()) },
      { intent: "add-strength", text: "ok", internal: "yes" },
    ];
    for (const form of forms) {
      expect((await act(fixture.reviewId, DEMO.reviewer, form)).status, JSON.stringify(form).slice(0, 60)).toBe(400);
    }
    expect(await strengths(fixture.reviewId)).toHaveLength(0);
  });
});

describe("who may write", () => {
  it("allows only team members, and only in the feedback stage", async () => {
    const fixture = await createReviewFixture({ stage: "feedback" });
    const form = { intent: "add-strength", text: "Försök" };
    expect((await act(fixture.reviewId, DEMO.unitContact, form)).status).toBe(403);
    expect((await act(fixture.reviewId, DEMO.coordinator, form)).status).toBe(403);
    for (const email of [DEMO.unitContactStockholm, DEMO.reviewerNorrbotten, DEMO.advisor, DEMO.editor, DEMO.admin]) {
      expect((await act(fixture.reviewId, email, form)).status, email).toBe(404);
    }
    for (const stage of ["analysis", "assessment", "factual_check"] as const) {
      await setStage(fixture.reviewId, stage);
      const result = await act(fixture.reviewId, DEMO.reviewer, form);
      expect(result.status, stage).toBe(403);
      expect(result.data.message).toBe("feedback.error.notEditable");
    }
    expect(await strengths(fixture.reviewId)).toHaveLength(0);
    expect((await act(fixture.reviewId, DEMO.unitContact, form)).status).toBe(403);
  });
});
