/**
 * The factual check (/reviews/:id/factual-check) and publication: the unit comments, the team
 * answers, the lead signs off; the snapshot is deterministic, frozen by the database, and nothing
 * of the report changes through the app afterwards.
 */
import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { reviewAccess } from "~/modules/reviews/access";
import { collectSnapshotInput } from "~/modules/feedback/publish.server";
import { createRecommendation, FeedbackError } from "~/modules/feedback/feedback-repository.server";
import { freezeSnapshot, type ReviewSnapshot } from "~/modules/feedback/snapshot";
import * as factualCheck from "~/routes/reviews.$reviewId.factual-check";
import * as recommendationsPage from "~/routes/reviews.$reviewId.recommendations";
import { getDb, getSqlite } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { idOfUser, reviewVersionOf } from "../factories";
import { feedbackFixture, INTERNAL_SECRET, leadAudit, publishedFixture, REVIEWER_SECRET, setStage } from "../feedback-fixtures";
import { DEMO, callAction, callLoader } from "../route";

beforeEach(() => {
  useFreshDatabase();
});

const params = (reviewId: number) => ({ reviewId: String(reviewId) });
const load = (reviewId: number, as: string) => callLoader(factualCheck.loader, { as, params: params(reviewId) });
const act = (reviewId: number, as: string, form: Record<string, string>) => callAction(factualCheck.action, { as, params: params(reviewId), form });
const comments = (reviewId: number) => getDb().selectFrom("factual_comments").selectAll().where("review_id", "=", reviewId).orderBy("id").execute();
const reviewRow = (reviewId: number) => getDb().selectFrom("reviews").selectAll().where("id", "=", reviewId).executeTakeFirstOrThrow();

async function factualCheckFixture() {
  const fixture = await feedbackFixture();
  await setStage(fixture.reviewId, "factual_check");
  return fixture;
}

describe("the factual check", () => {
  it("opens to the team and the unit in the factual check, to the coordinator after publication", async () => {
    const fixture = await feedbackFixture();
    expect((await load(fixture.reviewId, DEMO.unitContact)).status).toBe(403);
    expect((await load(fixture.reviewId, DEMO.reviewer)).status).toBe(403);
    await setStage(fixture.reviewId, "factual_check");
    for (const email of [DEMO.reviewer, DEMO.reviewerSkane, DEMO.unitContact]) expect((await load(fixture.reviewId, email)).status, email).toBe(200);
    expect((await load(fixture.reviewId, DEMO.coordinator)).status).toBe(403);
    for (const email of [DEMO.unitContactStockholm, DEMO.reviewerNorrbotten, DEMO.advisor, DEMO.editor, DEMO.admin]) {
      expect((await load(fixture.reviewId, email)).status, email).toBe(404);
    }
  });

  it("lets the unit's contact comment per criterion or in general; the team answers", async () => {
    const fixture = await factualCheckFixture();
    const added = await act(fixture.reviewId, DEMO.unitContact, { intent: "add-comment", criterionId: String(fixture.criteria[2]!.id), text: "Forumet finns sedan 2023." });
    expect(added.status).toBe(200);
    expect((await act(fixture.reviewId, DEMO.unitContact, { intent: "add-comment", criterionId: "", text: "Enhetens namn är fel stavat." })).status).toBe(200);
    const [first, second] = await comments(fixture.reviewId);
    expect(first).toMatchObject({ criterion_id: fixture.criteria[2]!.id, text: "Forumet finns sedan 2023.", team_response: null, version: 1 });
    expect(second!.criterion_id).toBeNull();

    const unitView = await load(fixture.reviewId, DEMO.unitContact);
    expect(unitView.data).toMatchObject({ canComment: true, canRespond: false, canPublish: false });
    expect(unitView.data.comments).toHaveLength(2);

    const respond = await act(fixture.reviewId, DEMO.reviewerSkane, { intent: "respond", id: String(first!.id), version: "1", response: "Stämmer, rättat." });
    expect(respond.status).toBe(200);
    const stale = await act(fixture.reviewId, DEMO.reviewer, { intent: "respond", id: String(first!.id), version: "1", response: "Annat svar" });
    expect(stale.status).toBe(409);
    expect(stale.data.message).toBe("form.stale");
    expect((await comments(fixture.reviewId))[0]).toMatchObject({ team_response: "Stämmer, rättat.", team_response_by: await idOfUser(DEMO.reviewerSkane), version: 2 });
    // Comments only: the consensus did not change.
    const consensus = await getDb().selectFrom("consensus_scores").select(["score", "version"]).where("review_id", "=", fixture.reviewId).execute();
    expect(consensus.every((c) => c.version === 1)).toBe(true);

    expect((await act(fixture.reviewId, DEMO.unitContact, { intent: "delete-comment", id: String(second!.id), version: "1" })).status).toBe(200);
    expect(await comments(fixture.reviewId)).toHaveLength(1);
    const actions = (await getDb().selectFrom("audit_log").select("action").where("entity_type", "=", "factual_comment").orderBy("id").execute()).map((a) => a.action);
    expect(actions).toEqual(["factual_comment.create", "factual_comment.create", "factual_comment.respond", "factual_comment.delete"]);
  });

  it("refuses bad comments with 400 and saves nothing", async () => {
    const fixture = await factualCheckFixture();
    const otherVersion = await getDb()
      .selectFrom("manual_criteria")
      .innerJoin("manual_versions", "manual_versions.id", "manual_criteria.manual_version_id")
      .select("manual_criteria.id")
      .where("manual_versions.manual_key", "=", "node")
      .executeTakeFirstOrThrow();
    for (const [form, field] of [
      [{ intent: "add-comment", text: " " }, "text"],
      [{ intent: "add-comment", text: "x".repeat(4001) }, "text"],
      [{ intent: "add-comment", text: "ok", criterionId: "999999" }, "criterionId"],
      [{ intent: "add-comment", text: "ok", criterionId: String(otherVersion.id) }, "criterionId"],
    ] as const) {
      const result = await act(fixture.reviewId, DEMO.unitContact, form);
      expect(result.status).toBe(400);
      expect(result.data.fieldErrors[field]).toBeDefined();
    }
    expect(await comments(fixture.reviewId)).toHaveLength(0);
  });

  it("lets only the unit comment and only the team answer", async () => {
    const fixture = await factualCheckFixture();
    expect((await act(fixture.reviewId, DEMO.reviewer, { intent: "add-comment", text: "Teamet" })).status).toBe(403);
    expect((await act(fixture.reviewId, DEMO.coordinator, { intent: "add-comment", text: "Samordnaren" })).status).toBe(403);
    expect((await act(fixture.reviewId, DEMO.unitContactStockholm, { intent: "add-comment", text: "Fel enhet" })).status).toBe(404);
    await act(fixture.reviewId, DEMO.unitContact, { intent: "add-comment", text: "Sakfel" });
    const [comment] = await comments(fixture.reviewId);
    expect((await act(fixture.reviewId, DEMO.unitContact, { intent: "respond", id: String(comment!.id), version: "1", response: "Själv" })).status).toBe(403);
    expect(await comments(fixture.reviewId)).toHaveLength(1);
    // The team cannot change the draft during the factual check.
    const edit = await callAction(recommendationsPage.action, { as: DEMO.reviewer, params: params(fixture.reviewId), form: { intent: "add-strength", text: "Sent" } });
    expect(edit.status).toBe(403);
  });
});

describe("sign-off and publication", () => {
  it("is refused for everyone but the lead, and without the confirmation", async () => {
    const fixture = await factualCheckFixture();
    const version = String(await reviewVersionOf(fixture.reviewId));
    for (const email of [DEMO.reviewerSkane, DEMO.unitContact, DEMO.coordinator]) {
      const result = await act(fixture.reviewId, email, { intent: "publish", version, confirm: "on" });
      expect(result.status, email).toBe(403);
    }
    expect((await act(fixture.reviewId, DEMO.admin, { intent: "publish", version, confirm: "on" })).status).toBe(404);
    const unconfirmed = await act(fixture.reviewId, DEMO.reviewer, { intent: "publish", version });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.data.fieldErrors.confirm).toEqual(["factualCheck.publish.confirmRequired"]);
    expect((await act(fixture.reviewId, DEMO.reviewer, { intent: "publish", version: String(Number(version) - 1), confirm: "on" })).status).toBe(409);
    expect((await reviewRow(fixture.reviewId)).stage).toBe("factual_check");
  });

  it("is refused before the factual check", async () => {
    const fixture = await feedbackFixture();
    const result = await act(fixture.reviewId, DEMO.reviewer, { intent: "publish", version: String(await reviewVersionOf(fixture.reviewId)), confirm: "on" });
    expect(result.status).toBe(403);
    expect((await reviewRow(fixture.reviewId)).stage).toBe("feedback");
  });

  it("freezes a snapshot with its sha256, once", async () => {
    const fixture = await factualCheckFixture();
    await act(fixture.reviewId, DEMO.unitContact, { intent: "add-comment", criterionId: String(fixture.criteria[0]!.id), text: "Årtalet är fel." });
    const [comment] = await comments(fixture.reviewId);
    await act(fixture.reviewId, DEMO.reviewer, { intent: "respond", id: String(comment!.id), version: "1", response: "Rättat." });
    const version = String(await reviewVersionOf(fixture.reviewId));
    const result = await act(fixture.reviewId, DEMO.reviewer, { intent: "publish", version, confirm: "on" });
    expect(result.status).toBe(200);
    expect(result.data.message).toBe("factualCheck.publish.done");

    const review = await reviewRow(fixture.reviewId);
    expect(review).toMatchObject({ stage: "published", signed_off_by: await idOfUser(DEMO.reviewer) });
    expect(review.published_at).toBeTruthy();
    expect(review.snapshot_hash).toBe(createHash("sha256").update(review.snapshot_json!, "utf8").digest("hex"));
    const snapshot = JSON.parse(review.snapshot_json!) as ReviewSnapshot;
    expect(snapshot).toMatchObject({ format: 1, reviewId: fixture.reviewId, manual: { key: "county", version: 1 }, unit: { code: "03" }, publishedAt: review.published_at });
    expect(snapshot.team.map((m) => [m.name, m.isLead])).toEqual([
      [expect.any(String), true],
      [expect.any(String), false],
    ]);
    expect(snapshot.criteria).toHaveLength(23);
    expect(snapshot.criteria[0]).toMatchObject({ key: fixture.criteria[0]!.key, number: "1.1", consensus: { score: 3, rationale: `Konsensusmotivering ${fixture.criteria[0]!.key}` }, selfScore: { score: 3 } });
    expect(snapshot.recommendations.map((r) => r.criterionKeys)).toEqual([[fixture.criteria[2]!.key], [fixture.criteria[1]!.key, fixture.criteria[3]!.key].sort()]);
    expect(snapshot.strengths.map((s) => s.internal)).toEqual([false, true]);
    expect(snapshot.factualComments).toEqual([expect.objectContaining({ text: "Årtalet är fel.", teamResponse: "Rättat.", criterionKey: fixture.criteria[0]!.key })]);
    // Individual reviewers' scores are not part of the report.
    expect(review.snapshot_json).not.toContain(REVIEWER_SECRET);
    const audit = await getDb().selectFrom("audit_log").selectAll().where("action", "=", "review.publish").execute();
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ stage: "published", snapshotHash: review.snapshot_hash });

    // Publishing twice is refused.
    const again = await act(fixture.reviewId, DEMO.reviewer, { intent: "publish", version: String(review.version), confirm: "on" });
    expect(again.status).toBe(403);
    expect(again.data.message).toBe("factualCheck.publish.alreadyPublished");
    expect((await reviewRow(fixture.reviewId)).snapshot_hash).toBe(review.snapshot_hash);

    // The published page shows the record, with the hash verified.
    const view = await load(fixture.reviewId, DEMO.coordinator);
    expect(view.status).toBe(200);
    expect(view.data.publication).toMatchObject({ hash: review.snapshot_hash, intact: true });
    expect(JSON.stringify(view.data)).not.toContain(INTERNAL_SECRET);
  });

  it("builds the same snapshot and hash from the same data", async () => {
    const fixture = await publishedFixture();
    const review = await reviewRow(fixture.reviewId);
    const again = freezeSnapshot(await collectSnapshotInput(getDb(), fixture.reviewId, { userId: review.signed_off_by! }, review.published_at!));
    expect(again.json).toBe(review.snapshot_json);
    expect(again.hash).toBe(review.snapshot_hash);
  });

  it("is frozen by the database: no direct SQL change of the snapshot, hash, stage or publication time", async () => {
    const fixture = await publishedFixture();
    const sqlite = getSqlite();
    expect(() => sqlite.prepare("UPDATE reviews SET snapshot_json = '{}' WHERE id = ?").run(fixture.reviewId)).toThrow(/frozen/);
    expect(() => sqlite.prepare("UPDATE reviews SET snapshot_hash = 'x' WHERE id = ?").run(fixture.reviewId)).toThrow(/frozen/);
    expect(() => sqlite.prepare("UPDATE reviews SET stage = 'feedback' WHERE id = ?").run(fixture.reviewId)).toThrow(/frozen/);
    expect(() => sqlite.prepare("UPDATE reviews SET published_at = '2000-01-01' WHERE id = ?").run(fixture.reviewId)).toThrow(/frozen/);
    expect((await reviewRow(fixture.reviewId)).snapshot_hash).toBe(fixture.hash);
  });

  it("refuses every change of recommendations, strengths, consensus and scores after publication", async () => {
    const fixture = await publishedFixture();
    const before = JSON.stringify(
      await Promise.all([
        getDb().selectFrom("recommendations").selectAll().where("review_id", "=", fixture.reviewId).execute(),
        getDb().selectFrom("strengths").selectAll().where("review_id", "=", fixture.reviewId).execute(),
        getDb().selectFrom("consensus_scores").selectAll().where("review_id", "=", fixture.reviewId).execute(),
      ]),
    );
    const [rec] = await getDb().selectFrom("recommendations").selectAll().where("review_id", "=", fixture.reviewId).orderBy("position").execute();
    const forms: Record<string, string | string[]>[] = [
      { intent: "add-recommendation", text: "Efteråt", priority: "high", criterionIds: [String(fixture.criteria[0]!.id)] },
      { intent: "edit-recommendation", id: String(rec!.id), version: String(rec!.version), text: "Ändrad", priority: "high", criterionIds: [String(fixture.criteria[0]!.id)] },
      { intent: "delete-recommendation", id: String(rec!.id), version: String(rec!.version) },
      { intent: "add-strength", text: "Efteråt" },
      { intent: "delete-strength", id: String(fixture.strengths[0]), version: "1" },
    ];
    for (const form of forms) {
      const result = await callAction(recommendationsPage.action, { as: DEMO.reviewer, params: params(fixture.reviewId), form });
      expect(result.status, String(form.intent)).toBe(403);
      expect(result.data.message).toBe("feedback.error.published");
    }
    // Even a direct call of the domain function re-checks the stage in its transaction.
    await expect(
      createRecommendation(getDb(), fixture.reviewId, { text: "Direkt", priority: "low", timeframe: "", criterionIds: [fixture.criteria[0]!.id] }, await leadAudit()),
    ).rejects.toBeInstanceOf(FeedbackError);
    // Consensus and scores are editable only in earlier stages (access rules of the scoring pages).
    const lead = { userId: await idOfUser(DEMO.reviewer), roles: ["reviewer" as const], homeUnitId: 0 };
    const access = reviewAccess(lead, { unitId: fixture.unitId, stage: "published", teamMemberIds: [lead.userId], leadId: lead.userId, submittedReviewerIds: [] });
    expect(access.canEditConsensus || access.canScore || access.canEditFeedback).toBe(false);
    const after = JSON.stringify(
      await Promise.all([
        getDb().selectFrom("recommendations").selectAll().where("review_id", "=", fixture.reviewId).execute(),
        getDb().selectFrom("strengths").selectAll().where("review_id", "=", fixture.reviewId).execute(),
        getDb().selectFrom("consensus_scores").selectAll().where("review_id", "=", fixture.reviewId).execute(),
      ]),
    );
    expect(after).toBe(before);
  });

  it("gives readers of the published report no internal strengths and no individual scores", async () => {
    const fixture = await publishedFixture();
    for (const email of [DEMO.unitContact, DEMO.coordinator, DEMO.advisor]) {
      const result = await callLoader(recommendationsPage.loader, { as: email, params: params(fixture.reviewId) });
      expect(result.status, email).toBe(200);
      const text = JSON.stringify(result.data);
      expect(text, email).not.toContain(INTERNAL_SECRET);
      expect(text, email).not.toContain(REVIEWER_SECRET);
    }
    const team = await callLoader(recommendationsPage.loader, { as: DEMO.reviewerSkane, params: params(fixture.reviewId) });
    expect(JSON.stringify(team.data)).toContain(INTERNAL_SECRET);
  });
});
