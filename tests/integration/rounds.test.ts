import { beforeEach, describe, expect, it } from "vitest";
import * as roundsIndex from "~/routes/rounds._index";
import * as roundsNew from "~/routes/rounds.new";
import * as roundPage from "~/routes/rounds.$roundId";
import * as reviewPage from "~/routes/reviews.$reviewId._index";
import * as historyPage from "~/routes/reviews.$reviewId.history";
import { loader as startLoader } from "~/routes/_index";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { DEMO, callAction, callLoader } from "../route";

beforeEach(() => {
  useFreshDatabase();
});

async function unitId(code: string) {
  return (await getDb().selectFrom("units").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
}
async function userId(email: string) {
  return (await getDb().selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
}
async function countyManualVersionId(version = 1) {
  return (
    await getDb().selectFrom("manual_versions").select("id").where("manual_key", "=", "county").where("version", "=", version).executeTakeFirstOrThrow()
  ).id;
}

/** A county round over Uppsala, Stockholm and Skåne, created through the real action. */
async function createCountyRound(extra: Record<string, string | string[]> = {}) {
  const result = await callAction(roundsNew.action, {
    as: DEMO.coordinator,
    form: {
      name: "Länsgranskning test",
      level: "county",
      manualVersionId: String(await countyManualVersionId(2)),
      periodStart: "2026-01-01",
      periodEnd: "2026-12-31",
      selfAssessmentDue: "2026-03-01",
      unitIds: [String(await unitId("03")), String(await unitId("01")), String(await unitId("12"))],
      ...extra,
    },
  });
  expect(result.status).toBe(302);
  const roundId = Number(result.location!.split("/").pop());
  const reviews = await getDb().selectFrom("reviews").innerJoin("units", "units.id", "reviews.unit_id").select(["reviews.id", "units.code"]).where("round_id", "=", roundId).execute();
  return { roundId, reviewOf: (code: string) => reviews.find((r) => r.code === code)!.id };
}

async function reviewVersion(reviewId: number) {
  return (await getDb().selectFrom("reviews").select("version").where("id", "=", reviewId).executeTakeFirstOrThrow()).version;
}

async function teamAction(reviewId: number, form: Record<string, string>, as: string = DEMO.coordinator) {
  return callAction(reviewPage.action, { as, params: { reviewId: String(reviewId) }, form: { version: String(await reviewVersion(reviewId)), ...form } });
}

describe("rounds are planned by the national coordinator", () => {
  it("refuses every other role and sends anonymous users to sign in", async () => {
    for (const email of [DEMO.admin, DEMO.editor, DEMO.advisor, DEMO.reviewer, DEMO.unitContact]) {
      expect((await callLoader(roundsIndex.loader, { as: email })).status).toBe(403);
      expect((await callLoader(roundsNew.loader, { as: email })).status).toBe(403);
      expect((await callAction(roundsNew.action, { as: email, form: { name: "x" } })).status).toBe(403);
    }
    expect((await callLoader(roundsIndex.loader, { path: "/rounds" })).location).toBe("/login?redirectTo=%2Frounds");
  });

  it("creates a round pinned to a manual version with one review per chosen unit", async () => {
    const { roundId } = await createCountyRound();
    const { data } = await callLoader(roundPage.loader, { as: DEMO.coordinator, params: { roundId: String(roundId) } });
    expect(data.round.manual_version).toBe(2);
    expect(data.reviews).toHaveLength(3);
    expect(data.reviews.every((r: { stage: string }) => r.stage === "planned")).toBe(true);
    const list = await callLoader(roundsIndex.loader, { as: DEMO.coordinator });
    expect(list.data.rounds[0].byStage.planned).toBe(3);
  });

  it("refuses bad input with messages and creates nothing", async () => {
    const before = (await getDb().selectFrom("rounds").select("id").execute()).length;
    const bad = await callAction(roundsNew.action, {
      as: DEMO.coordinator,
      form: { name: "", level: "planet", manualVersionId: "x", periodStart: "2026-13-40", periodEnd: "igår", unitIds: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.error.name).toEqual(["form.required"]);
    expect(bad.data.error.periodStart).toEqual(["rounds.error.date"]);
    const nodeManual = (await getDb().selectFrom("manual_versions").select("id").where("manual_key", "=", "node").executeTakeFirstOrThrow()).id;
    const mismatch = await callAction(roundsNew.action, {
      as: DEMO.coordinator,
      form: { name: "Fel manual", level: "county", manualVersionId: String(nodeManual), periodStart: "2026-01-01", periodEnd: "2026-06-01", unitIds: [String(await unitId("03"))] },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.data.error.manualVersionId).toEqual(["rounds.error.manualMismatch"]);
    const wrongUnits = await callAction(roundsNew.action, {
      as: DEMO.coordinator,
      form: { name: "Fel enhet", level: "county", manualVersionId: String(await countyManualVersionId()), periodStart: "2026-01-01", periodEnd: "2026-06-01", unitIds: [String(await unitId("NAT"))] },
    });
    expect(wrongUnits.status).toBe(400);
    expect((await getDb().selectFrom("rounds").select("id").execute()).length).toBe(before);
  });
});

describe("teams", () => {
  it("rejects a conflicted member, accepts valid ones and reports the composition rules", async () => {
    const { reviewOf } = await createCountyRound();
    const stockholmReview = reviewOf("01");
    const conflicted = await teamAction(stockholmReview, { intent: "add", userId: String(await userId(DEMO.reviewer)) });
    expect(conflicted.status).toBe(400);
    expect(conflicted.data.message).toBe("reviews.team.conflictHomeUnit");
    expect(await getDb().selectFrom("review_team_members").selectAll().where("review_id", "=", stockholmReview).execute()).toHaveLength(0);

    expect((await teamAction(stockholmReview, { intent: "add", userId: String(await userId(DEMO.reviewerSkane)) })).status).toBe(200);
    let page = await callLoader(reviewPage.loader, { as: DEMO.coordinator, params: { reviewId: String(stockholmReview) } });
    expect(page.data.review.issues.map((i: { code: string }) => i.code)).toEqual(["lead-missing", "two-counties-required"]);
    expect((await teamAction(stockholmReview, { intent: "add", userId: String(await userId(DEMO.reviewerNorrbotten)), isLead: "on" })).status).toBe(200);
    page = await callLoader(reviewPage.loader, { as: DEMO.coordinator, params: { reviewId: String(stockholmReview) } });
    expect(page.data.review.issues).toEqual([]);
    expect(page.data.review.team.find((m: { isLead: boolean }) => m.isLead).email).toBe(DEMO.reviewerNorrbotten);
    const audit = await getDb().selectFrom("audit_log").select("action").where("entity_type", "=", "review").execute();
    expect(audit.map((a) => a.action)).toEqual(["review.team.add", "review.team.add"]);
  });

  it("refuses a stale team change and keeps the newer team", async () => {
    const { reviewOf } = await createCountyRound();
    const review = reviewOf("03");
    const staleVersion = String(await reviewVersion(review));
    await teamAction(review, { intent: "add", userId: String(await userId(DEMO.reviewerSkane)) });
    const stale = await callAction(reviewPage.action, {
      as: DEMO.coordinator,
      params: { reviewId: String(review) },
      form: { intent: "add", version: staleVersion, userId: String(await userId(DEMO.reviewer)) },
    });
    expect(stale.status).toBe(409);
    const members = await getDb().selectFrom("review_team_members").select("user_id").where("review_id", "=", review).execute();
    expect(members.map((m) => m.user_id)).toEqual([await userId(DEMO.reviewerSkane)]);
  });

  it("proposes teams for the whole round; mutual reviews need a logged reason", async () => {
    const { roundId, reviewOf } = await createCountyRound();
    const proposed = await callAction(roundPage.action, { as: DEMO.coordinator, params: { roundId: String(roundId) }, form: { intent: "propose-teams" } });
    expect(proposed.data.count).toBe(3);
    const { data } = await callLoader(roundPage.loader, { as: DEMO.coordinator, params: { roundId: String(roundId) } });
    for (const review of data.reviews) {
      expect(review.team.length).toBeGreaterThanOrEqual(2);
      expect(review.team.filter((m: { isLead: boolean }) => m.isLead)).toHaveLength(1);
      expect(review.team.every((m: { homeUnitId: number }) => m.homeUnitId !== review.unitId)).toBe(true);
      expect(review.issues.filter((i: { severity: string }) => i.severity !== "override")).toEqual([]);
    }
    // With three demo reviewers, Stockholm and Skåne inevitably review each other.
    const stockholm = data.reviews.find((r: { id: number }) => r.id === reviewOf("01"));
    const mutual = stockholm.issues.find((i: { code: string }) => i.code === "mutual-review");
    expect(mutual).toBeTruthy();
    const refused = await teamAction(reviewOf("01"), { intent: "accept-mutual", otherUnitId: String(mutual.otherUnitId), reason: "" });
    expect(refused.status).toBe(400);
    const accepted = await teamAction(reviewOf("01"), { intent: "accept-mutual", otherUnitId: String(mutual.otherUnitId), reason: "Få granskare i demon" });
    expect(accepted.status).toBe(200);
    const after = await callLoader(reviewPage.loader, { as: DEMO.coordinator, params: { reviewId: String(reviewOf("01")) } });
    expect(after.data.review.issues).toEqual([]);
  });
});

describe("a review's visibility and stages", () => {
  it("is visible to its team, its unit and the coordinator only; others get 404", async () => {
    const { reviewOf } = await createCountyRound();
    const uppsala = reviewOf("03");
    await teamAction(uppsala, { intent: "add", userId: String(await userId(DEMO.reviewer)), isLead: "on" });
    await teamAction(uppsala, { intent: "add", userId: String(await userId(DEMO.reviewerSkane)) });
    const params = { reviewId: String(uppsala) };
    for (const email of [DEMO.coordinator, DEMO.reviewer, DEMO.reviewerSkane, DEMO.unitContact]) {
      expect((await callLoader(reviewPage.loader, { as: email, params })).status, email).toBe(200);
    }
    for (const email of [DEMO.reviewerNorrbotten, DEMO.unitContactStockholm, DEMO.advisor, DEMO.editor, DEMO.admin]) {
      expect((await callLoader(reviewPage.loader, { as: email, params })).status, email).toBe(404);
      expect((await callAction(reviewPage.action, { as: email, params, form: { intent: "advance", version: "1" } })).status, email).toBe(404);
    }
    expect((await callLoader(reviewPage.loader, { as: DEMO.coordinator, params: { reviewId: "999999" } })).status).toBe(404);
    expect((await callLoader(reviewPage.loader, { as: DEMO.coordinator, params: { reviewId: "abc" } })).status).toBe(404);
  });

  it("starts information gathering only with a ready team, only by the coordinator, and lists the unit's task", async () => {
    const { reviewOf } = await createCountyRound();
    const uppsala = reviewOf("03");
    const early = await teamAction(uppsala, { intent: "advance" });
    expect(early.status).toBe(400);
    expect(early.data.blockers).toEqual(["team-not-ready"]);
    await teamAction(uppsala, { intent: "add", userId: String(await userId(DEMO.reviewer)), isLead: "on" });
    await teamAction(uppsala, { intent: "add", userId: String(await userId(DEMO.reviewerSkane)) });
    const byContact = await teamAction(uppsala, { intent: "advance" }, DEMO.unitContact);
    expect(byContact.status).toBe(403);
    const started = await teamAction(uppsala, { intent: "advance" });
    expect(started.status).toBe(200);
    expect((await getDb().selectFrom("reviews").select("stage").where("id", "=", uppsala).executeTakeFirstOrThrow()).stage).toBe("gathering");
    const changeAfterStart = await teamAction(uppsala, { intent: "remove", userId: String(await userId(DEMO.reviewerSkane)) });
    expect(changeAfterStart.status).toBe(403);
    const start = await callLoader(startLoader, { as: DEMO.unitContact });
    expect(start.data.tasks).toEqual([expect.objectContaining({ reviewId: uppsala, kind: "tasks.selfAssessment", due: "2026-03-01" })]);
    // Moving on to analysis without a submitted self-assessment needs the lead's written reason.
    const noReason = await teamAction(uppsala, { intent: "advance" }, DEMO.reviewer);
    expect(noReason.status).toBe(400);
    expect(noReason.data.message).toBe("reviews.advance.reasonRequired");
    const withReason = await teamAction(uppsala, { intent: "advance", overrideReason: "Enheten har meddelat att underlaget dröjer" }, DEMO.reviewer);
    expect(withReason.status).toBe(200);
    const tasks = await callLoader(startLoader, { as: DEMO.reviewerSkane });
    expect(tasks.data.tasks.map((t: { kind: string }) => t.kind)).toEqual(["tasks.scoring"]);
  });

  it("answers a malformed action with 400 and changes nothing", async () => {
    const { reviewOf } = await createCountyRound();
    const result = await callAction(reviewPage.action, { as: DEMO.coordinator, params: { reviewId: String(reviewOf("03")) }, form: { intent: "drop", userId: "1; delete" } });
    expect(result.status).toBe(400);
  });
});

describe("a review's history", () => {
  it("shows the coordinator and the lead who changed what, and nobody else", async () => {
    const { reviewOf } = await createCountyRound();
    const uppsala = reviewOf("03");
    await teamAction(uppsala, { intent: "add", userId: String(await userId(DEMO.reviewer)), isLead: "on" });
    await teamAction(uppsala, { intent: "add", userId: String(await userId(DEMO.reviewerSkane)) });
    await teamAction(uppsala, { intent: "advance" });
    const params = { reviewId: String(uppsala) };
    const history = await callLoader(historyPage.loader, { as: DEMO.coordinator, params });
    expect(history.status).toBe(200);
    expect(history.data.entries.map((e: { action: string }) => e.action)).toEqual(["review.stage", "review.team.add", "review.team.add"]);
    expect(history.data.entries[0].actorName).toBe("Nora Nationell");
    expect(history.data.entries[0].after.stage).toBe("gathering");
    expect((await callLoader(historyPage.loader, { as: DEMO.reviewer, params })).status).toBe(200);
    expect((await callLoader(historyPage.loader, { as: DEMO.reviewerSkane, params })).status).toBe(403);
    expect((await callLoader(historyPage.loader, { as: DEMO.unitContact, params })).status).toBe(403);
    expect((await callLoader(historyPage.loader, { as: DEMO.advisor, params })).status).toBe(404);
  });
});
