/**
 * The scoring page (/reviews/:id/scoring): who may see and score in which stage, validation of
 * every field, optimistic concurrency, submission with its lock, audit entries, and the blind rule:
 * nothing about another reviewer's scores reaches a reviewer before they have submitted.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as overviewPage from "~/routes/reviews.$reviewId._index";
import * as reviewFrame from "~/routes/reviews.$reviewId";
import * as scoringPage from "~/routes/reviews.$reviewId.scoring";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { createReviewFixture, type ReviewFixture } from "../factories";
import { DEMO, callAction, callLoader } from "../route";
import { loadScoring, params, reviewerScoreRows, saveScores, scoreAll, submitScores } from "../scoring-helpers";

beforeEach(() => {
  useFreshDatabase();
});

const SECRET_A = "HEMLIG-MOTIVERING-STOCKHOLM-7f3a";
const SECRET_B = "HEMLIG-MOTIVERING-SKANE-91c2";

async function auditEntries(action: string) {
  return getDb().selectFrom("audit_log").selectAll().where("action", "=", action).orderBy("id").execute();
}

async function userId(email: string) {
  return (await getDb().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
}

describe("who may open the scoring page", () => {
  it("answers per role: team members 200, viewers of the review 403, everyone else 404", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
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
      const result = await loadScoring(fixture, email);
      expect(result.status, email).toBe(status);
      if (status !== 200) expect(JSON.stringify(result.data)).not.toContain("criteria");
    }
    const anonymous = await callLoader(scoringPage.loader, { params: params(fixture), path: `/reviews/${fixture.reviewId}/scoring` });
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toContain("/login");
  });

  it("opens in the analysis stage and stays readable afterwards, without editing", async () => {
    for (const stage of ["planned", "gathering"] as const) {
      const fixture = await createReviewFixture({ stage, unitCode: stage === "planned" ? "04" : "05" });
      const result = await loadScoring(fixture, DEMO.reviewer);
      expect(result.status, stage).toBe(403);
      expect(result.data.message).toBe("scoring.error.notYet");
    }
    for (const stage of ["analysis", "assessment", "feedback", "published"] as const) {
      const fixture = await createReviewFixture({ stage, unitCode: { analysis: "06", assessment: "07", feedback: "08", published: "09" }[stage] });
      const result = await loadScoring(fixture, DEMO.reviewer);
      expect(result.status, stage).toBe(200);
      expect(result.data.canScore, stage).toBe(stage === "analysis");
    }
  });

  it("lists every criterion of the pinned manual version with the unit's self-assessment beside it", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    const first = fixture.criteria[0]!;
    await getDb()
      .insertInto("self_assessments")
      .values({
        review_id: fixture.reviewId,
        criterion_id: first.id,
        score: 2,
        cannot_assess: 0,
        comment: "Vi har en plan.",
        updated_by: null,
        updated_at: new Date().toISOString(),
      })
      .execute();
    const { data } = await loadScoring(fixture, DEMO.reviewer);
    const criteria = data.dimensions.flatMap((d: { criteria: unknown[] }) => d.criteria);
    expect(criteria.map((c: { id: number }) => c.id)).toEqual(fixture.criteria.map((c) => c.id));
    expect(data.dimensions).toHaveLength(3);
    expect(criteria[0].self).toEqual({ score: 2, cannotAssess: false, comment: "Vi har en plan." });
    expect(criteria[0].text.sv.length).toBeGreaterThan(10);
    expect(criteria[0].readingNumber).toBe("1.1");
    expect(data.scale.steps.map((s: { value: number }) => s.value)).toEqual([0, 1, 2, 3]);
    expect(data.criteriaCount).toBe(23);
  });
});

describe("saving scores", () => {
  it("saves a score and rationale with a version, and audits before and after", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    const criterion = fixture.criteria[0]!.id;
    const first = await saveScores(fixture, DEMO.reviewer, [{ criterionId: criterion, score: "2", rationale: "Delvis på plats i länet.", version: 0 }]);
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ ok: true, saved: [{ criterionId: criterion, version: 1 }], changed: 1 });
    const second = await saveScores(fixture, DEMO.reviewer, [{ criterionId: criterion, score: "cannot_assess", rationale: "Underlaget saknas.", version: 1 }]);
    expect(second.status).toBe(200);
    const rows = await reviewerScoreRows(fixture);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ score: null, cannot_assess: 1, rationale: "Underlaget saknas.", version: 2, reviewer_id: await userId(DEMO.reviewer) });

    const audit = await auditEntries("review.score.save");
    expect(audit).toHaveLength(2);
    expect(audit[0]!.actor_user_id).toBe(await userId(DEMO.reviewer));
    expect(JSON.parse(audit[0]!.before_json ?? "null")).toBeNull();
    expect(JSON.parse(audit[0]!.after_json!)).toEqual({ score: 2, cannotAssess: false, rationale: "Delvis på plats i länet.", version: 1 });
    expect(JSON.parse(audit[1]!.before_json!)).toEqual({ score: 2, cannotAssess: false, rationale: "Delvis på plats i länet.", version: 1 });
    expect(JSON.parse(audit[1]!.after_json!)).toEqual({ score: null, cannotAssess: true, rationale: "Underlaget saknas.", version: 2 });

    const { data } = await loadScoring(fixture, DEMO.reviewer);
    const loaded = data.dimensions[0].criteria[0];
    expect(loaded.mine).toEqual({ score: null, cannotAssess: true, rationale: "Underlaget saknas.", version: 2 });
    expect(data.answeredCount).toBe(1);
  });

  it("saves a whole dimension in one post (the form without JavaScript) and skips unchanged criteria", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    const [a, b, c] = fixture.criteria;
    await saveScores(fixture, DEMO.reviewer, [{ criterionId: a!.id, score: "1", rationale: "Första." }]);
    const result = await saveScores(fixture, DEMO.reviewer, [
      { criterionId: a!.id, score: "1", rationale: "Första.", version: 1 },
      { criterionId: b!.id, score: "3", rationale: "" },
      { criterionId: c!.id, rationale: "" },
    ]);
    expect(result.status).toBe(200);
    expect(result.data.changed).toBe(1);
    expect(result.data.saved).toEqual([
      { criterionId: a!.id, version: 1 },
      { criterionId: b!.id, version: 1 },
      { criterionId: c!.id, version: 0 },
    ]);
    expect((await reviewerScoreRows(fixture)).map((r) => [r.criterion_id, r.score])).toEqual([
      [a!.id, 1],
      [b!.id, 3],
    ]);
    expect(await auditEntries("review.score.save")).toHaveLength(2);
  });

  it.each([
    ["7", "score outside the scale"],
    ["-1", "negative score"],
    ["x", "not a number"],
    ["2.5", "between two steps"],
    [" 2", "padded"],
  ])("refuses the score %s (%s) with 400 and saves nothing", async (score) => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    const criterion = fixture.criteria[0]!.id;
    const result = await saveScores(fixture, DEMO.reviewer, [{ criterionId: criterion, score, rationale: "Text" }]);
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors[`score-${criterion}`]).toEqual(["scoring.error.invalidScore"]);
    expect(result.data.values[criterion]).toEqual({ score, rationale: "Text" });
    expect(await reviewerScoreRows(fixture)).toHaveLength(0);
    expect(await auditEntries("review.score.save")).toHaveLength(0);
  });

  it("refuses unknown criteria and criteria of another manual version with 400", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    const otherVersion = await getDb()
      .selectFrom("manual_criteria")
      .innerJoin("manual_versions", "manual_versions.id", "manual_criteria.manual_version_id")
      .select("manual_criteria.id")
      .where("manual_versions.manual_key", "=", "county")
      .where("manual_versions.version", "=", 2)
      .executeTakeFirstOrThrow();
    for (const criterionId of [999_999, otherVersion.id]) {
      const result = await saveScores(fixture, DEMO.reviewer, [
        { criterionId: fixture.criteria[0]!.id, score: "2" },
        { criterionId, score: "2" },
      ]);
      expect(result.status, String(criterionId)).toBe(400);
      expect(result.data.formErrors).toContain("scoring.error.unknownCriterion");
    }
    expect((await saveScores(fixture, DEMO.reviewer, [])).status).toBe(400);
    for (const bad of [["abc"], ["0"], [String(fixture.criteria[0]!.id), String(fixture.criteria[0]!.id)]]) {
      const raw = await callAction(scoringPage.action, {
        as: DEMO.reviewer,
        params: params(fixture),
        form: { intent: "save", criterionId: bad, [`score-${fixture.criteria[0]!.id}`]: "2", [`version-${fixture.criteria[0]!.id}`]: "0" },
      });
      expect(raw.status, JSON.stringify(bad)).toBe(400);
    }
    expect(await reviewerScoreRows(fixture)).toHaveLength(0);
  });

  it("refuses a rationale over 4000 characters and a bad version with 400, counting line breaks once", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    const criterion = fixture.criteria[0]!.id;
    const long = await saveScores(fixture, DEMO.reviewer, [{ criterionId: criterion, score: "1", rationale: "a".repeat(4001) }]);
    expect(long.status).toBe(400);
    expect(long.data.fieldErrors[`rationale-${criterion}`]).toEqual(["scoring.error.rationaleTooLong"]);
    const badVersion = await saveScores(fixture, DEMO.reviewer, [{ criterionId: criterion, score: "1", version: "x" }]);
    expect(badVersion.status).toBe(400);
    expect(await reviewerScoreRows(fixture)).toHaveLength(0);
    // A browser sends CRLF for line breaks typed in a 4000-character textarea.
    const crlf = `${"b".repeat(1999)}\r\n${"c".repeat(2000)}`;
    const ok = await saveScores(fixture, DEMO.reviewer, [{ criterionId: criterion, score: "1", rationale: crlf }]);
    expect(ok.status).toBe(200);
    expect((await reviewerScoreRows(fixture))[0]!.rationale).toHaveLength(4000);
  });

  it("refuses a whole post when one criterion is bad", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    const [a, b] = fixture.criteria;
    const result = await saveScores(fixture, DEMO.reviewer, [
      { criterionId: a!.id, score: "2" },
      { criterionId: b!.id, score: "9" },
    ]);
    expect(result.status).toBe(400);
    expect(await reviewerScoreRows(fixture)).toHaveLength(0);
  });

  it("refuses a stale save with 409 and keeps the newer value", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    const criterion = fixture.criteria[0]!.id;
    await saveScores(fixture, DEMO.reviewer, [{ criterionId: criterion, score: "3", rationale: "Från flik ett." }]);
    const stale = await saveScores(fixture, DEMO.reviewer, [{ criterionId: criterion, score: "0", rationale: "Från flik två.", version: 0 }]);
    expect(stale.status).toBe(409);
    expect(stale.data).toMatchObject({ ok: false, message: "form.stale", staleCriterionId: criterion });
    const staleUpdate = await saveScores(fixture, DEMO.reviewer, [{ criterionId: criterion, score: "1", rationale: "Gammal.", version: 5 }]);
    expect(staleUpdate.status).toBe(409);
    const rows = await reviewerScoreRows(fixture);
    expect(rows[0]).toMatchObject({ score: 3, rationale: "Från flik ett.", version: 1 });
    // The stale request saved nothing, not even its other, valid criteria.
    const mixed = await saveScores(fixture, DEMO.reviewer, [
      { criterionId: fixture.criteria[1]!.id, score: "2" },
      { criterionId: criterion, score: "0", version: 0 },
    ]);
    expect(mixed.status).toBe(409);
    expect(await reviewerScoreRows(fixture)).toHaveLength(1);
  });

  it("refuses saves outside the analysis stage and from anyone but the team", async () => {
    const gathering = await createReviewFixture({ stage: "gathering" });
    const result = await saveScores(gathering, DEMO.reviewer, [{ criterionId: gathering.criteria[0]!.id, score: "2" }]);
    expect(result.status).toBe(403);
    expect(result.data.message).toBe("scoring.error.closed");
    const assessment = await createReviewFixture({ stage: "assessment", unitCode: "04" });
    expect((await saveScores(assessment, DEMO.reviewerSkane, [{ criterionId: assessment.criteria[0]!.id, score: "2" }])).status).toBe(403);

    const analysis = await createReviewFixture({ stage: "analysis", unitCode: "05" });
    const entry = [{ criterionId: analysis.criteria[0]!.id, score: "2" }];
    expect((await saveScores(analysis, DEMO.coordinator, entry)).status).toBe(403);
    expect((await saveScores(analysis, DEMO.unitContact, entry)).status).toBe(404); // Uppsala's contact; this review is of Östergötland
    for (const email of [DEMO.reviewerNorrbotten, DEMO.unitContactStockholm, DEMO.advisor, DEMO.editor, DEMO.admin]) {
      expect((await saveScores(analysis, email, entry)).status, email).toBe(404);
    }
    const uppsala = await createReviewFixture({ stage: "analysis", unitCode: "03" });
    expect((await saveScores(uppsala, DEMO.unitContact, [{ criterionId: uppsala.criteria[0]!.id, score: "2" }])).status).toBe(403);
    expect(await getDb().selectFrom("reviewer_scores").selectAll().execute()).toHaveLength(0);
  });
});

describe("submitting", () => {
  it("refuses a submission with gaps, listing every missing criterion", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    await saveScores(fixture, DEMO.reviewer, [
      { criterionId: fixture.criteria[0]!.id, score: "2" },
      { criterionId: fixture.criteria[1]!.id, score: "cannot_assess" },
      { criterionId: fixture.criteria[2]!.id, rationale: "Bara text, ingen bedömning." },
    ]);
    const result = await submitScores(fixture, DEMO.reviewer);
    expect(result.status).toBe(400);
    expect(result.data.message).toBe("scoring.submit.missing");
    expect(result.data.missing.map((m: { id: number }) => m.id)).toEqual(fixture.criteria.slice(2).map((c) => c.id));
    expect(result.data.missing[0].readingNumber).toBe("1.3");
    expect(await getDb().selectFrom("reviewer_submissions").selectAll().execute()).toHaveLength(0);
  });

  it("locks the scores after submission: saving and submitting again answer 409", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    await scoreAll(fixture, DEMO.reviewer, (i) => String(i % 4));
    const result = await submitScores(fixture, DEMO.reviewer);
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ ok: true, message: "scoring.submit.done" });
    const submissions = await getDb().selectFrom("reviewer_submissions").selectAll().execute();
    expect(submissions).toEqual([expect.objectContaining({ review_id: fixture.reviewId, reviewer_id: await userId(DEMO.reviewer) })]);
    const audit = await auditEntries("review.score.submit");
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ submitted: true, criteria: 23 });

    const before = await reviewerScoreRows(fixture);
    const save = await saveScores(fixture, DEMO.reviewer, [{ criterionId: fixture.criteria[0]!.id, score: "3", version: 1 }]);
    expect(save.status).toBe(409);
    expect(save.data.message).toBe("scoring.error.locked");
    expect((await submitScores(fixture, DEMO.reviewer)).status).toBe(409);
    expect(await reviewerScoreRows(fixture)).toEqual(before);

    const { data } = await loadScoring(fixture, DEMO.reviewer);
    expect(data.canScore).toBe(false);
    expect(data.submittedAt).toBe(submissions[0]!.submitted_at);
    expect(data.reviewersSubmitted).toBe(1);
    expect(data.reviewersTotal).toBe(2);
  });
});

describe("blind scoring", () => {
  async function reviewerBSees(fixture: ReviewFixture) {
    const scoring = await loadScoring(fixture, DEMO.reviewerSkane);
    const overview = await callLoader(overviewPage.loader, { as: DEMO.reviewerSkane, params: params(fixture) });
    const frame = await callLoader(reviewFrame.loader, { as: DEMO.reviewerSkane, params: params(fixture) });
    return { scoring, text: JSON.stringify([scoring.data, overview.data, frame.data]) };
  }

  it("shows a reviewer nothing of another reviewer's scores until they have submitted their own", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    const reviewerA = await userId(DEMO.reviewer);
    await scoreAll(
      fixture,
      DEMO.reviewer,
      () => "0",
      (i) => `${SECRET_A} ${i}`
    );

    // B has not scored yet: the full loader data of every review page B opens has no trace of A's scores.
    let seen = await reviewerBSees(fixture);
    expect(seen.text).not.toContain(SECRET_A);
    expect(seen.scoring.data.showOthers).toBe(false);
    for (const criterion of seen.scoring.data.dimensions.flatMap((d: { criteria: unknown[] }) => d.criteria)) {
      expect(criterion.mine).toBeNull();
      expect(criterion.others).toEqual([]);
    }

    // A submits: B still sees only "1 of 2 have submitted".
    expect((await submitScores(fixture, DEMO.reviewer)).status).toBe(200);
    seen = await reviewerBSees(fixture);
    expect(seen.text).not.toContain(SECRET_A);
    expect(seen.scoring.data.reviewersSubmitted).toBe(1);
    expect(JSON.stringify(seen.scoring.data)).not.toContain(`"reviewerId":${reviewerA}`);

    // B's own action answers carry nothing of A's either.
    const save = await saveScores(
      fixture,
      DEMO.reviewerSkane,
      fixture.criteria.map((c) => ({ criterionId: c.id, score: "3", rationale: `${SECRET_B} ${c.id}` }))
    );
    expect(save.status).toBe(200);
    expect(JSON.stringify(save.data)).not.toContain(SECRET_A);
    const invalid = await saveScores(fixture, DEMO.reviewerSkane, [{ criterionId: fixture.criteria[0]!.id, score: "7" }]);
    expect(JSON.stringify(invalid.data)).not.toContain(SECRET_A);
    expect(JSON.stringify(invalid.data)).not.toContain(`"reviewerId"`);

    // B submits: now B sees A's submitted scores and rationales, named.
    const submitted = await submitScores(fixture, DEMO.reviewerSkane);
    expect(submitted.status).toBe(200);
    expect(JSON.stringify(submitted.data)).not.toContain(SECRET_A);
    seen = await reviewerBSees(fixture);
    expect(seen.scoring.data.showOthers).toBe(true);
    const first = seen.scoring.data.dimensions[0].criteria[0];
    expect(first.others).toEqual([expect.objectContaining({ reviewerId: reviewerA, score: 0, rationale: `${SECRET_A} 0`, submitted: true })]);
  });

  it("shows a reviewer who has submitted only the scores of others who have submitted too", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    await scoreAll(fixture, DEMO.reviewer, () => "2");
    await submitScores(fixture, DEMO.reviewer);
    await saveScores(fixture, DEMO.reviewerSkane, [{ criterionId: fixture.criteria[0]!.id, score: "1", rationale: SECRET_B }]);
    const { data } = await loadScoring(fixture, DEMO.reviewer);
    expect(JSON.stringify(data)).not.toContain(SECRET_B);
    expect(data.showOthers).toBe(false);
    // The coordinator and the unit contact never see reviewer scores on this page.
    for (const email of [DEMO.coordinator, DEMO.unitContact]) {
      const result = await loadScoring(fixture, email);
      expect(result.status).toBe(403);
      expect(JSON.stringify(result.data)).not.toContain(SECRET_B);
    }
  });

  it("shows every team member's scores from the assessment stage on", async () => {
    const fixture = await createReviewFixture({ stage: "analysis" });
    await saveScores(fixture, DEMO.reviewerSkane, [{ criterionId: fixture.criteria[0]!.id, score: "1", rationale: SECRET_B }]);
    await getDb().updateTable("reviews").set({ stage: "assessment" }).where("id", "=", fixture.reviewId).execute();
    const { data } = await loadScoring(fixture, DEMO.reviewer);
    expect(data.dimensions[0].criteria[0].others).toEqual([expect.objectContaining({ rationale: SECRET_B, submitted: false })]);
  });
});
