/**
 * /reviews/:reviewId/self-assessment: who may read and fill in the self-assessment, validation on
 * the pinned manual's scale, optimistic concurrency, handing in and reopening — through the real
 * loader and action with real sessions.
 */
import fs from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReviewStage } from "#db/schema";
import * as page from "~/routes/reviews.$reviewId.self-assessment";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { createReviewFixture, reviewVersionOf, type ReviewFixture } from "../factories";
import { DEMO, callAction, callLoader } from "../route";

beforeEach(() => {
  useFreshDatabase();
});
afterEach(() => {
  fs.rmSync(process.env.UPLOAD_DIR!, { recursive: true, force: true });
});

const load = (fixture: ReviewFixture, as: string, query = "") =>
  callLoader(page.loader, { as, params: { reviewId: String(fixture.reviewId) }, path: `/reviews/${fixture.reviewId}/self-assessment${query}` });

const post = (fixture: ReviewFixture, as: string, form: Record<string, string>) =>
  callAction(page.action, { as, params: { reviewId: String(fixture.reviewId) }, path: `/reviews/${fixture.reviewId}/self-assessment`, form });

const save = (fixture: ReviewFixture, criterionId: number, fields: { score?: string; comment?: string; version?: number; autosave?: boolean }, as: string = DEMO.unitContact) =>
  post(fixture, as, {
    intent: "save",
    criterionId: String(criterionId),
    version: String(fields.version ?? 0),
    score: fields.score ?? "",
    comment: fields.comment ?? "",
    ...(fields.autosave ? { autosave: "1" } : {}),
  });

const answers = (reviewId: number) => getDb().selectFrom("self_assessments").selectAll().where("review_id", "=", reviewId).orderBy("criterion_id").execute();
const auditActions = async (prefix: string) =>
  (await getDb().selectFrom("audit_log").select("action").orderBy("id").execute()).map((a) => a.action).filter((a) => a.startsWith(prefix));

describe("who reaches the self-assessment", () => {
  it("gives the unit contact the form, the team and the coordinator a read-only view, everyone else 404", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    const contact = await load(fixture, DEMO.unitContact);
    expect(contact.status).toBe(200);
    expect(contact.data.viewer).toMatchObject({ canEdit: true, addsEvidenceAs: "unit", canSeeTeamEvidence: false });
    expect(contact.data.progress).toEqual({ answered: 0, total: 23 });
    for (const email of [DEMO.reviewer, DEMO.reviewerSkane]) {
      const team = await load(fixture, email);
      expect(team.status).toBe(200);
      expect(team.data.viewer).toMatchObject({ canEdit: false, addsEvidenceAs: "team", canSeeTeamEvidence: true });
    }
    const coordinator = await load(fixture, DEMO.coordinator);
    expect(coordinator.status).toBe(200);
    expect(coordinator.data.viewer).toMatchObject({ canEdit: false, addsEvidenceAs: null, canSeeTeamEvidence: true });
    for (const email of [DEMO.unitContactStockholm, DEMO.advisor, DEMO.editor, DEMO.admin, DEMO.reviewerNorrbotten]) {
      expect((await load(fixture, email)).status, email).toBe(404);
      expect((await save(fixture, fixture.criteria[0]!.id, { score: "1" }, email)).status, email).toBe(404);
    }
    expect(await answers(fixture.reviewId)).toEqual([]);
    expect((await load(fixture, DEMO.unitContact)).data).not.toHaveProperty("storage_key");
  });

  it("lists every criterion of the pinned version grouped by dimension, with its assessment basis and the group lead-in", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    const { data } = await load(fixture, DEMO.unitContact);
    expect(data.dimensions.map((d: { key: string }) => d.key)).toEqual(["organisation", "competence", "working-methods"]);
    const competence = data.dimensions[1];
    const group = competence.blocks.find((b: { kind: string }) => b.kind === "group");
    expect(group.text.sv).toMatch(/^Finns utpekade funktioner/);
    expect(group.criteria).toHaveLength(8);
    const first = data.dimensions[0].blocks[0].criterion;
    expect(first).toMatchObject({ id: fixture.criteria[0]!.id, key: "political-forum", readingNumber: "1.1" });
    expect(first.basis.sv.length).toBeGreaterThan(10);
    expect(data.scale.steps.map((s: { value: number }) => s.value)).toEqual([0, 1, 2, 3]);
  });

  it("is closed before information gathering starts", async () => {
    const fixture = await createReviewFixture({ stage: "planned" });
    const result = await load(fixture, DEMO.unitContact);
    expect(result.status).toBe(403);
    expect(result.data.messageKey).toBe("selfAssessment.error.notStarted");
    expect((await load(fixture, DEMO.reviewer)).status).toBe(403);
  });
});

describe("saving answers", () => {
  it("lets the unit contact save a score and a comment per criterion, audit-logged, and redirects back to it", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    const criterion = fixture.criteria[2]!;
    const result = await save(fixture, criterion.id, { score: "2", comment: "Forum finns men\r\nmöts sällan." });
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/reviews/${fixture.reviewId}/self-assessment?done=saved&criterion=${criterion.id}#criterion-${criterion.key}`);
    const [row] = await answers(fixture.reviewId);
    expect(row).toMatchObject({ criterion_id: criterion.id, score: 2, cannot_assess: 0, comment: "Forum finns men\nmöts sällan.", version: 1 });
    const entry = await getDb().selectFrom("audit_log").selectAll().where("action", "=", "self_assessment.save").executeTakeFirstOrThrow();
    expect(entry.entity_id).toBe(`${fixture.reviewId}:${criterion.id}`);
    expect(JSON.parse(entry.after_json!)).toMatchObject({ score: 2, cannotAssess: false });
    expect(entry.before_json).toBe("null");

    const cannot = await save(fixture, criterion.id, { score: "cannot_assess", comment: "Underlag saknas", version: 1 });
    expect(cannot.status).toBe(302);
    expect((await answers(fixture.reviewId))[0]).toMatchObject({ score: null, cannot_assess: 1, version: 2 });

    const view = await load(fixture, DEMO.unitContact, `?done=saved&criterion=${criterion.id}`);
    expect(view.data.answers[criterion.id]).toMatchObject({ score: null, cannotAssess: true, comment: "Underlag saknas", version: 2 });
    expect(view.data.progress).toEqual({ answered: 1, total: 23 });
    expect(view.data.notice).toEqual({ code: "saved", criterionId: criterion.id });
    // The team reads the same answer.
    expect((await load(fixture, DEMO.reviewerSkane)).data.answers[criterion.id].comment).toBe("Underlag saknas");
  });

  it("answers an autosave with the new version and the progress instead of a redirect", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    const result = await save(fixture, fixture.criteria[0]!.id, { score: "3", autosave: true });
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ ok: true, intent: "save", version: 1, answered: 1, total: 23, message: "selfAssessment.saved" });
    // Saving the same values again changes nothing and keeps the version.
    const again = await save(fixture, fixture.criteria[0]!.id, { score: "3", version: 1, autosave: true });
    expect(again.data.version).toBe(1);
    expect(await auditActions("self_assessment")).toEqual(["self_assessment.save"]);
  });

  it("refuses scores outside the scale, unknown criteria, criteria of another manual version and over-long comments, saving nothing", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    const id = fixture.criteria[0]!.id;
    for (const score of ["4", "-1", "1.5", "x"]) {
      const result = await save(fixture, id, { score });
      expect(result.status, score).toBe(400);
      expect(result.data.fieldErrors.score).toEqual(["selfAssessment.error.score"]);
    }
    const unknown = await save(fixture, 999_999, { score: "1" });
    expect(unknown.status).toBe(400);
    expect(unknown.data.fieldErrors.criterionId).toEqual(["selfAssessment.error.unknownCriterion"]);
    const v2 = await getDb()
      .selectFrom("manual_criteria")
      .innerJoin("manual_versions", "manual_versions.id", "manual_criteria.manual_version_id")
      .select("manual_criteria.id")
      .where("manual_versions.manual_key", "=", "county")
      .where("manual_versions.version", "=", 2)
      .executeTakeFirstOrThrow();
    const otherVersion = await save(fixture, v2.id, { score: "1" });
    expect(otherVersion.status).toBe(400);
    expect(otherVersion.data.fieldErrors.criterionId).toEqual(["selfAssessment.error.unknownCriterion"]);
    const long = await save(fixture, id, { score: "1", comment: "x".repeat(4001) });
    expect(long.status).toBe(400);
    expect(long.data.fieldErrors.comment).toEqual(["selfAssessment.error.commentTooLong"]);
    expect(long.data.values.comment).toHaveLength(4001);
    const badVersion = await post(fixture, DEMO.unitContact, { intent: "save", criterionId: String(id), version: "-3", score: "1" });
    expect(badVersion.status).toBe(400);
    const badIntent = await post(fixture, DEMO.unitContact, { intent: "delete-everything" });
    expect(badIntent.status).toBe(400);
    expect(await answers(fixture.reviewId)).toEqual([]);
    expect(await auditActions("self_assessment")).toEqual([]);
  });

  it("refuses a stale save with 409 and keeps the newer answer", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    const id = fixture.criteria[0]!.id;
    expect((await save(fixture, id, { score: "1", comment: "Första", version: 0 })).status).toBe(302);
    // A second tab still holds version 0.
    const stale = await save(fixture, id, { score: "3", comment: "Andra", version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.data.message).toBe("form.stale");
    expect((await answers(fixture.reviewId))[0]).toMatchObject({ score: 1, comment: "Första", version: 1 });
    expect((await save(fixture, id, { score: "2", comment: "Första", version: 1 })).status).toBe(302);
    expect((await save(fixture, id, { score: "3", version: 1 })).status).toBe(409);
    expect((await answers(fixture.reviewId))[0]).toMatchObject({ score: 2, version: 2 });
  });

  it("lets only the unit contact edit, and only while gathering", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    for (const email of [DEMO.reviewer, DEMO.reviewerSkane, DEMO.coordinator]) {
      const result = await save(fixture, fixture.criteria[0]!.id, { score: "1" }, email);
      expect(result.status, email).toBe(403);
      expect(result.data.message).toBe("selfAssessment.error.notEditable");
    }
    for (const stage of ["analysis", "assessment", "published"] as ReviewStage[]) {
      const later = await createReviewFixture({ stage });
      expect((await load(later, DEMO.unitContact)).data.viewer.canEdit).toBe(false);
      expect((await save(later, later.criteria[0]!.id, { score: "1" })).status, stage).toBe(403);
    }
    expect(await getDb().selectFrom("self_assessments").selectAll().execute()).toEqual([]);
  });
});

describe("handing in", () => {
  async function answerAll(fixture: ReviewFixture, except: number[] = []) {
    for (const [i, criterion] of fixture.criteria.entries()) {
      if (except.includes(i)) continue;
      const result = await save(fixture, criterion.id, { score: i % 5 === 4 ? "cannot_assess" : String(i % 4) });
      expect(result.status).toBe(302);
    }
  }
  const submit = async (fixture: ReviewFixture, as: string = DEMO.unitContact, version?: number) =>
    post(fixture, as, { intent: "submit", version: String(version ?? (await reviewVersionOf(fixture.reviewId))) });

  it("refuses to hand in while criteria are missing and lists them", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    await answerAll(fixture, [1, 20]);
    // A comment alone does not answer a criterion.
    await save(fixture, fixture.criteria[1]!.id, { comment: "Vi återkommer" });
    const result = await submit(fixture);
    expect(result.status).toBe(400);
    expect(result.data.message).toBe("selfAssessment.error.incomplete");
    expect(result.data.missing.map((m: { key: string }) => m.key)).toEqual([fixture.criteria[1]!.key, fixture.criteria[20]!.key]);
    expect(result.data.missing.map((m: { readingNumber: string }) => m.readingNumber)).toEqual(["1.2", "3.4"]);
    const review = await getDb().selectFrom("reviews").select("self_assessment_submitted_at").where("id", "=", fixture.reviewId).executeTakeFirstOrThrow();
    expect(review.self_assessment_submitted_at).toBeNull();
  });

  it("hands in a complete self-assessment, audit-logged; afterwards the unit can no longer edit, until the lead reopens it", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    await answerAll(fixture);
    expect((await submit(fixture, DEMO.reviewer)).status).toBe(403);
    const stale = await submit(fixture, DEMO.unitContact, (await reviewVersionOf(fixture.reviewId)) - 1);
    expect(stale.status).toBe(409);
    const result = await submit(fixture);
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/reviews/${fixture.reviewId}/self-assessment?done=submitted#self-assessment-status`);
    const review = await getDb().selectFrom("reviews").select(["self_assessment_submitted_at"]).where("id", "=", fixture.reviewId).executeTakeFirstOrThrow();
    expect(review.self_assessment_submitted_at).not.toBeNull();
    expect(await auditActions("self_assessment.submit")).toEqual(["self_assessment.submit"]);

    const view = await load(fixture, DEMO.unitContact);
    expect(view.data).toMatchObject({ submitted: true, viewer: { canEdit: false, addsEvidenceAs: null } });
    const refused = await save(fixture, fixture.criteria[0]!.id, { score: "3", version: 1 });
    expect(refused.status).toBe(403);
    expect(refused.data.message).toBe("selfAssessment.error.submitted");
    expect((await submit(fixture)).status).toBe(403);

    expect((await load(fixture, DEMO.reviewerSkane)).data.viewer.canReopen).toBe(false);
    expect((await post(fixture, DEMO.reviewerSkane, { intent: "reopen", version: String(await reviewVersionOf(fixture.reviewId)) })).status).toBe(403);
    expect((await load(fixture, DEMO.reviewer)).data.viewer.canReopen).toBe(true);
    const reopened = await post(fixture, DEMO.reviewer, { intent: "reopen", version: String(await reviewVersionOf(fixture.reviewId)) });
    expect(reopened.status).toBe(302);
    expect((await save(fixture, fixture.criteria[0]!.id, { score: "3", version: 1 })).status).toBe(302);
    expect(await auditActions("self_assessment.re")).toEqual(["self_assessment.reopen"]);
  });
});
