/**
 * The procedure's promises that the page-by-page tests leave open: every person's start page
 * lists the task of the moment with its due date, stage by stage; a round's requirement of a user
 * representative holds at the start and "Propose teams" meets it; an accepted mutual review keeps
 * its reason in both reviews' histories; the history has the feedback, factual check and answers
 * too; stale saves and skipped steps are refused with their message and change nothing; the
 * national level is reviewed by the QA working group, national members included.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { ReviewStage } from "#db/schema";
import { createUser } from "~/modules/users/users.server";
import { loader as startLoader } from "~/routes/_index";
import * as factualCheck from "~/routes/reviews.$reviewId.factual-check";
import * as followUp from "~/routes/reviews.$reviewId.follow-up";
import * as historyPage from "~/routes/reviews.$reviewId.history";
import * as reviewPage from "~/routes/reviews.$reviewId._index";
import * as selfAssessmentPage from "~/routes/reviews.$reviewId.self-assessment";
import * as roundPage from "~/routes/rounds.$roundId";
import * as roundsNew from "~/routes/rounds.new";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { createReviewFixture, idOfUnit, idOfUser, reviewVersionOf, type ReviewFixture } from "../factories";
import { publishedFixture, setStage } from "../feedback-fixtures";
import { DEMO, callAction, callLoader } from "../route";
import { scoreAll, submitScores } from "../scoring-helpers";

beforeEach(() => {
  useFreshDatabase();
});

const params = (reviewId: number) => ({ reviewId: String(reviewId) });

async function tasksOf(email: string) {
  const { data } = await callLoader(startLoader, { as: email });
  return (data.tasks as { reviewId: number; kind: string; due: string | null }[]).map((t) => `${t.kind} ${t.due}`);
}

async function stageOf(reviewId: number): Promise<ReviewStage> {
  return (await getDb().selectFrom("reviews").select("stage").where("id", "=", reviewId).executeTakeFirstOrThrow()).stage;
}

function advance(reviewId: number, as: string, version: number, overrideReason?: string) {
  return callAction(reviewPage.action, { as, params: params(reviewId), form: { intent: "advance", version: String(version), ...(overrideReason ? { overrideReason } : {}) } });
}

async function answerEverything(fixture: ReviewFixture) {
  const now = new Date().toISOString();
  await getDb()
    .insertInto("self_assessments")
    .values(fixture.criteria.map((c) => ({ review_id: fixture.reviewId, criterion_id: c.id, score: 2, comment: "", updated_by: null, updated_at: now })))
    .execute();
}

describe("each person's start page", () => {
  it("lists the task of the moment with its due date, from information gathering to the answers", async () => {
    // The fixture's round: self-assessment 2026-03-01, scoring 04-01, consensus 05-01,
    // factual check 06-01, publication 06-15, follow-up 12-01.
    const fixture = await createReviewFixture({ stage: "gathering" });
    const id = fixture.reviewId;
    expect(await tasksOf(DEMO.unitContact)).toEqual(["tasks.selfAssessment 2026-03-01"]);
    expect(await tasksOf(DEMO.reviewer)).toEqual([]);

    // Handed in: the lead is asked to move on.
    await answerEverything(fixture);
    await getDb().updateTable("reviews").set({ self_assessment_submitted_at: new Date().toISOString() }).where("id", "=", id).execute();
    expect(await tasksOf(DEMO.unitContact)).toEqual([]);
    expect(await tasksOf(DEMO.reviewer)).toEqual(["tasks.startAnalysis 2026-03-01"]);
    expect(await tasksOf(DEMO.reviewerSkane)).toEqual([]);

    expect((await advance(id, DEMO.reviewer, await reviewVersionOf(id))).status).toBe(200);
    expect(await tasksOf(DEMO.reviewer)).toEqual(["tasks.scoring 2026-04-01"]);
    expect(await tasksOf(DEMO.reviewerSkane)).toEqual(["tasks.scoring 2026-04-01"]);
    await scoreAll(fixture, DEMO.reviewer, () => "2");
    expect((await submitScores(fixture, DEMO.reviewer)).status).toBe(200);
    // Submitted: the task moves off the lead's page, stays on the other reviewer's.
    expect(await tasksOf(DEMO.reviewer)).toEqual([]);
    expect(await tasksOf(DEMO.reviewerSkane)).toEqual(["tasks.scoring 2026-04-01"]);
    await scoreAll(fixture, DEMO.reviewerSkane, () => "1");
    await submitScores(fixture, DEMO.reviewerSkane);

    expect((await advance(id, DEMO.reviewer, await reviewVersionOf(id))).status).toBe(200);
    expect(await tasksOf(DEMO.reviewer)).toEqual(["tasks.consensus 2026-05-01"]);
    expect(await tasksOf(DEMO.reviewerSkane)).toEqual(["tasks.consensus 2026-05-01"]);
    expect(await tasksOf(DEMO.unitContact)).toEqual([]);

    await setStage(id, "feedback");
    expect(await tasksOf(DEMO.reviewerSkane)).toEqual(["tasks.feedback 2026-06-15"]);
    await setStage(id, "factual_check");
    expect(await tasksOf(DEMO.unitContact)).toEqual(["tasks.factualCheck 2026-06-01"]);
    expect(await tasksOf(DEMO.reviewer)).toEqual(["tasks.publish 2026-06-01"]);
    expect(await tasksOf(DEMO.reviewerSkane)).toEqual([]);
  });

  it("keeps the unit's answer task until receipt is acknowledged and every recommendation answered", async () => {
    const fixture = await publishedFixture();
    const id = fixture.reviewId;
    expect(await tasksOf(DEMO.unitContact)).toEqual(["tasks.answer 2026-12-01"]);
    expect(await tasksOf(DEMO.reviewer)).toEqual([]);
    const act = (form: Record<string, string>) => callAction(followUp.action, { as: DEMO.unitContact, params: params(id), form });
    expect((await act({ intent: "acknowledge" })).status).toBe(200);
    expect(await tasksOf(DEMO.unitContact)).toEqual(["tasks.answer 2026-12-01"]);
    for (const recommendationId of fixture.recommendations) {
      expect((await act({ intent: "answer", recommendationId: String(recommendationId), version: "0", response: "accept", plannedAction: "Plan", owner: "Styrgruppen", dueDate: "2027-03-31", progress: "not_started" })).status).toBe(200);
    }
    expect(await tasksOf(DEMO.unitContact)).toEqual([]);
  });

  it("links each task to the page where its work is", async () => {
    const fixture = await createReviewFixture({ stage: "factual_check" });
    const { data } = await callLoader(startLoader, { as: DEMO.reviewer });
    expect(data.tasks).toEqual([expect.objectContaining({ reviewId: fixture.reviewId, kind: "tasks.publish" })]);
  });
});

describe("user representatives", () => {
  /** Two people from user organisations who may sit as user representatives (reviewer role). */
  async function addRepresentatives() {
    const audit = { actorUserId: null };
    const ids = [];
    for (const [email, unit] of [
      ["brukare.orebro@example.test", "18"],
      ["brukare.halland@example.test", "13"],
    ] as const) {
      ids.push(await createUser(getDb(), { email, name: `Brukarföreträdare ${unit}`, homeUnitId: await idOfUnit(unit), roles: ["reviewer"], password: null, userRepresentative: true }, audit));
    }
    return ids;
  }

  async function roundRequiringRepresentative(codes: string[]) {
    const manual = await getDb().selectFrom("manual_versions").select("id").where("manual_key", "=", "county").where("version", "=", 2).executeTakeFirstOrThrow();
    const unitIds = await Promise.all(codes.map(idOfUnit));
    const created = await callAction(roundsNew.action, {
      as: DEMO.coordinator,
      form: {
        name: "Länsgranskning med brukarföreträdare",
        level: "county",
        manualVersionId: String(manual.id),
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        selfAssessmentDue: "2026-03-01",
        requiresUserRepresentative: "on",
        unitIds: unitIds.map(String),
      },
    });
    expect(created.status).toBe(302);
    const roundId = Number(created.location!.split("/").pop());
    const reviews = await getDb().selectFrom("reviews").select(["id", "unit_id"]).where("round_id", "=", roundId).execute();
    return { roundId, reviews };
  }

  it("holds the round's requirement at the start: no user representative, no information gathering", async () => {
    const [representative] = await addRepresentatives();
    const { reviews } = await roundRequiringRepresentative(["03"]);
    const reviewId = reviews[0]!.id;
    for (const [email, lead] of [
      [DEMO.reviewer, true],
      [DEMO.reviewerSkane, false],
    ] as const) {
      const result = await callAction(reviewPage.action, {
        as: DEMO.coordinator,
        params: params(reviewId),
        form: { intent: "add", version: String(await reviewVersionOf(reviewId)), userId: String(await idOfUser(email)), ...(lead ? { isLead: "on" } : {}) },
      });
      expect(result.status).toBe(200);
    }
    const page = await callLoader(reviewPage.loader, { as: DEMO.coordinator, params: params(reviewId) });
    expect(page.data.review.issues.map((i: { code: string }) => i.code)).toEqual(["user-representative-required"]);
    const refused = await advance(reviewId, DEMO.coordinator, await reviewVersionOf(reviewId), "Vi startar ändå");
    expect(refused.status).toBe(400);
    expect(refused.data.blockers).toEqual(["team-not-ready"]);
    expect(await stageOf(reviewId)).toBe("planned");

    // Added without ticking the box: a user representative always sits as one.
    const added = await callAction(reviewPage.action, {
      as: DEMO.coordinator,
      params: params(reviewId),
      form: { intent: "add", version: String(await reviewVersionOf(reviewId)), userId: String(representative) },
    });
    expect(added.status).toBe(200);
    const after = await callLoader(reviewPage.loader, { as: DEMO.coordinator, params: params(reviewId) });
    expect(after.data.review.issues).toEqual([]);
    expect(after.data.review.team.find((m: { userId: number }) => m.userId === representative)).toMatchObject({ isUserRepresentative: true, isLead: false });
    expect((await advance(reviewId, DEMO.coordinator, await reviewVersionOf(reviewId))).status).toBe(200);
    expect(await stageOf(reviewId)).toBe("gathering");
  });

  it("is met by 'Propose teams': every team gets one user representative beside its reviewers, and passes the rules", async () => {
    const representatives = await addRepresentatives();
    const { roundId } = await roundRequiringRepresentative(["03", "01", "12"]);
    const proposed = await callAction(roundPage.action, { as: DEMO.coordinator, params: { roundId: String(roundId) }, form: { intent: "propose-teams" } });
    expect(proposed.data.count).toBe(3);
    const { data } = await callLoader(roundPage.loader, { as: DEMO.coordinator, params: { roundId: String(roundId) } });
    const seated = new Map<number, number>();
    for (const review of data.reviews) {
      const reps = review.team.filter((m: { isUserRepresentative: boolean }) => m.isUserRepresentative);
      expect(reps, review.unitCode).toHaveLength(1);
      expect(representatives).toContain(reps[0].userId);
      expect(reps[0].isLead).toBe(false);
      seated.set(reps[0].userId, (seated.get(reps[0].userId) ?? 0) + 1);
      // Reviewers stay reviewers: no user representative among them.
      expect(review.team.filter((m: { userId: number }) => representatives.includes(m.userId))).toHaveLength(1);
      expect(review.issues.filter((i: { severity: string; code: string }) => i.severity !== "override")).toEqual([]);
    }
    // Three seats over two people: two and one.
    expect([...seated.values()].sort()).toEqual([1, 2]);
  });

  it("are not proposed as reviewers when the round does not ask for one", async () => {
    const representatives = await addRepresentatives();
    const created = await callAction(roundsNew.action, {
      as: DEMO.coordinator,
      form: {
        name: "Utan krav",
        level: "county",
        manualVersionId: String((await getDb().selectFrom("manual_versions").select("id").where("manual_key", "=", "county").where("version", "=", 2).executeTakeFirstOrThrow()).id),
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        unitIds: [String(await idOfUnit("03")), String(await idOfUnit("01"))],
      },
    });
    const roundId = Number(created.location!.split("/").pop());
    await callAction(roundPage.action, { as: DEMO.coordinator, params: { roundId: String(roundId) }, form: { intent: "propose-teams" } });
    const members = await getDb().selectFrom("review_team_members").innerJoin("reviews", "reviews.id", "review_team_members.review_id").select(["user_id", "is_user_representative"]).where("reviews.round_id", "=", roundId).execute();
    expect(members.length).toBeGreaterThan(0);
    expect(members.some((m) => representatives.includes(m.user_id) || m.is_user_representative === 1)).toBe(false);
  });
});

describe("a mutual review accepted with a reason", () => {
  it("keeps the reason in the audit log and in both reviews' histories", async () => {
    const created = await callAction(roundsNew.action, {
      as: DEMO.coordinator,
      form: {
        name: "Ömsesidig",
        level: "county",
        manualVersionId: String((await getDb().selectFrom("manual_versions").select("id").where("manual_key", "=", "county").where("version", "=", 2).executeTakeFirstOrThrow()).id),
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        unitIds: [String(await idOfUnit("01")), String(await idOfUnit("12"))],
      },
    });
    const roundId = Number(created.location!.split("/").pop());
    const reviews = await getDb().selectFrom("reviews").innerJoin("units", "units.id", "reviews.unit_id").select(["reviews.id", "units.code"]).where("round_id", "=", roundId).execute();
    const stockholm = reviews.find((r) => r.code === "01")!.id;
    const skane = reviews.find((r) => r.code === "12")!.id;
    const add = async (reviewId: number, email: string, lead = false) =>
      callAction(reviewPage.action, {
        as: DEMO.coordinator,
        params: params(reviewId),
        form: { intent: "add", version: String(await reviewVersionOf(reviewId)), userId: String(await idOfUser(email)), ...(lead ? { isLead: "on" } : {}) },
      });
    // Stockholm's reviewer reviews Skåne, Skåne's reviewer reviews Stockholm.
    await add(stockholm, DEMO.reviewerSkane, true);
    await add(stockholm, DEMO.reviewerNorrbotten);
    await add(skane, DEMO.reviewer, true);
    await add(skane, DEMO.reviewerNorrbotten);
    const before = await callLoader(reviewPage.loader, { as: DEMO.coordinator, params: params(stockholm) });
    expect(before.data.review.issues).toEqual([expect.objectContaining({ code: "mutual-review", otherUnitId: await idOfUnit("12") })]);

    const reason = "Bara tre granskare finns tillgängliga i demon i år.";
    const accepted = await callAction(reviewPage.action, { as: DEMO.coordinator, params: params(stockholm), form: { intent: "accept-mutual", otherUnitId: String(await idOfUnit("12")), reason } });
    expect(accepted.status).toBe(200);
    const logged = await getDb().selectFrom("audit_log").selectAll().where("action", "=", "round.mutual-review.accept").execute();
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!.after_json!)).toMatchObject({ reason });
    expect(logged[0]!.actor_user_id).toBe(await idOfUser(DEMO.coordinator));
    for (const reviewId of [stockholm, skane]) {
      const history = await callLoader(historyPage.loader, { as: DEMO.coordinator, params: params(reviewId) });
      const entry = history.data.entries.find((e: { action: string }) => e.action === "review.mutual-review.accept");
      expect(entry, String(reviewId)).toMatchObject({ actorName: "Nora Nationell", after: { reason } });
      const page = await callLoader(reviewPage.loader, { as: DEMO.coordinator, params: params(reviewId) });
      expect(page.data.review.issues).toEqual([]);
    }
  });
});

describe("a review's history", () => {
  it("shows the coordinator the feedback, the factual check, the publication and the unit's answers with who did them", async () => {
    const fixture = await publishedFixture();
    await callAction(followUp.action, {
      as: DEMO.unitContact,
      params: params(fixture.reviewId),
      form: { intent: "answer", recommendationId: String(fixture.recommendations[0]), version: "0", response: "partly", plannedAction: "Ett forum inrättas.", owner: "Styrgruppen", dueDate: "", progress: "in_progress" },
    });
    const history = await callLoader(historyPage.loader, { as: DEMO.coordinator, params: params(fixture.reviewId) });
    expect(history.status).toBe(200);
    const entries = history.data.entries as { action: string; actorName: string | null; after: Record<string, unknown> | null }[];
    const actions = entries.map((e) => e.action);
    for (const action of ["recommendation.create", "strength.create", "factual_comment.create", "factual_comment.respond", "review.publish", "recommendation_answer.create"]) {
      expect(actions, action).toContain(action);
    }
    expect(entries.find((e) => e.action === "factual_comment.create")!.actorName).toBe("Ulla Uppsala");
    expect(entries.find((e) => e.action === "recommendation_answer.create")!.after).toMatchObject({ planned_action: "Ett forum inrättas.", owner: "Styrgruppen" });
    // Another review's events stay out.
    const other = await publishedFixture({ unitCode: "04" });
    const otherHistory = await callLoader(historyPage.loader, { as: DEMO.coordinator, params: params(other.reviewId) });
    expect(otherHistory.data.entries.some((e: { action: string }) => e.action === "recommendation_answer.create")).toBe(false);
  });
});

describe("stale saves and skipped steps", () => {
  it("refuses a stage change made from an outdated page with 409, and moves the review only once", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    await answerEverything(fixture);
    await getDb().updateTable("reviews").set({ self_assessment_submitted_at: new Date().toISOString() }).where("id", "=", fixture.reviewId).execute();
    const seen = await reviewVersionOf(fixture.reviewId);
    expect((await advance(fixture.reviewId, DEMO.reviewer, seen)).status).toBe(200);
    // The coordinator's page was loaded before the lead moved on: refused, not a second step.
    const stale = await callAction(reviewPage.action, { as: DEMO.coordinator, params: params(fixture.reviewId), form: { intent: "advance", version: String(seen) } });
    expect(stale.status).toBe(403);
    expect(await stageOf(fixture.reviewId)).toBe("analysis");
    await setStage(fixture.reviewId, "gathering");
    const version = await reviewVersionOf(fixture.reviewId);
    expect((await advance(fixture.reviewId, DEMO.coordinator, version - 1)).status).toBe(409);
    expect((await advance(fixture.reviewId, DEMO.coordinator, version - 1)).data.message).toBe("form.stale");
    expect(await stageOf(fixture.reviewId)).toBe("gathering");
  });

  it("refuses reopening a self-assessment from an outdated page with 409", async () => {
    const fixture = await createReviewFixture({ stage: "gathering" });
    await answerEverything(fixture);
    const submittedAt = new Date().toISOString();
    await getDb().updateTable("reviews").set((eb) => ({ self_assessment_submitted_at: submittedAt, version: eb("version", "+", 1) })).where("id", "=", fixture.reviewId).execute();
    const stale = await callAction(selfAssessmentPage.action, {
      as: DEMO.reviewer,
      params: params(fixture.reviewId),
      form: { intent: "reopen", version: String((await reviewVersionOf(fixture.reviewId)) - 1) },
    });
    expect(stale.status).toBe(409);
    expect(stale.data.message).toBe("form.stale");
    const row = await getDb().selectFrom("reviews").select("self_assessment_submitted_at").where("id", "=", fixture.reviewId).executeTakeFirstOrThrow();
    expect(row.self_assessment_submitted_at).toBe(submittedAt);
  });

  it("refuses withdrawing a factual-check comment the team has answered meanwhile (409), keeping comment and answer", async () => {
    const fixture = await createReviewFixture({ stage: "factual_check" });
    const act = (as: string, form: Record<string, string>) => callAction(factualCheck.action, { as, params: params(fixture.reviewId), form });
    expect((await act(DEMO.unitContact, { intent: "add-comment", criterionId: "", text: "Namnet är fel stavat." })).status).toBe(200);
    const comment = await getDb().selectFrom("factual_comments").selectAll().where("review_id", "=", fixture.reviewId).executeTakeFirstOrThrow();
    expect((await act(DEMO.reviewer, { intent: "respond", id: String(comment.id), version: String(comment.version), response: "Rättat." })).status).toBe(200);
    const stale = await act(DEMO.unitContact, { intent: "delete-comment", id: String(comment.id), version: String(comment.version) });
    expect(stale.status).toBe(409);
    expect(stale.data.message).toBe("form.stale");
    expect(await getDb().selectFrom("factual_comments").select(["id", "team_response"]).where("id", "=", comment.id).executeTakeFirst()).toEqual({ id: comment.id, team_response: "Rättat." });
  });

  it("refuses publishing before the factual check with a message saying so, and nothing is frozen", async () => {
    const fixture = await createReviewFixture({ stage: "feedback" });
    const result = await callAction(factualCheck.action, {
      as: DEMO.reviewer,
      params: params(fixture.reviewId),
      form: { intent: "publish", version: String(await reviewVersionOf(fixture.reviewId)), confirm: "on" },
    });
    expect(result.status).toBe(403);
    expect(result.data.message).toBe("factualCheck.publish.wrongStage");
    const row = await getDb().selectFrom("reviews").select(["stage", "snapshot_json", "published_at"]).where("id", "=", fixture.reviewId).executeTakeFirstOrThrow();
    expect(row).toEqual({ stage: "feedback", snapshot_json: null, published_at: null });
  });
});

describe("the national level's review", () => {
  it("is composed of the QA working group: national members are not a conflict, county and node members are required", async () => {
    const fixture = await createReviewFixture({ stage: "planned", unitCode: "NAT", manualKey: "national", level: "national", team: [] });
    const add = async (email: string, lead = false) =>
      callAction(reviewPage.action, {
        as: DEMO.coordinator,
        params: params(fixture.reviewId),
        form: { intent: "add", version: String(await reviewVersionOf(fixture.reviewId)), userId: String(await idOfUser(email)), ...(lead ? { isLead: "on" } : {}) },
      });
    expect((await add(DEMO.coordinator)).status).toBe(200);
    expect((await add(DEMO.reviewer, true)).status).toBe(200);
    let page = await callLoader(reviewPage.loader, { as: DEMO.coordinator, params: params(fixture.reviewId) });
    expect(page.data.review.issues.map((i: { code: string }) => i.code)).toEqual(["qa-group-composition"]);
    // A node member completes the group.
    const node = await createUser(getDb(), { email: "nod.trauma@example.test", name: "Nils Nod", homeUnitId: await idOfUnit("NOD-TRAUMA"), roles: ["reviewer"], password: null }, { actorUserId: null });
    const added = await callAction(reviewPage.action, {
      as: DEMO.coordinator,
      params: params(fixture.reviewId),
      form: { intent: "add", version: String(await reviewVersionOf(fixture.reviewId)), userId: String(node) },
    });
    expect(added.status).toBe(200);
    page = await callLoader(reviewPage.loader, { as: DEMO.coordinator, params: params(fixture.reviewId) });
    expect(page.data.review.issues).toEqual([]);
    expect((await advance(fixture.reviewId, DEMO.coordinator, await reviewVersionOf(fixture.reviewId))).status).toBe(200);
  });
});
