/**
 * The JSON autosave endpoint, POST /reviews/:id/scoring/autosave (decision 023), through real HTTP
 * on the real server: the same session, access, validation, version and audit rules as the
 * scoring page's action, the cross-origin guard in front of it, and nothing stored by a refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../db";
import { createReviewFixture, type ReviewFixture } from "../factories";
import { DEMO } from "../route";
import { httpSignIn, startServer, type RunningServer } from "../server";
import { getDb } from "~/utils/db.server";

let server: RunningServer;
let review: ReviewFixture;
let assessment: ReviewFixture;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  const { path } = useFreshDatabase();
  review = await createReviewFixture({ stage: "analysis" });
  assessment = await createReviewFixture({ stage: "assessment" });
  server = await startServer({ databasePath: path });
  for (const email of Object.values(DEMO)) cookies[email] = await httpSignIn(server.url, email);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

function fields(criterionId: number, { score = "2", rationale = "Motiverat.", version = "0" }: { score?: string; rationale?: string; version?: string } = {}) {
  const body = new URLSearchParams({ intent: "save", criterionId: String(criterionId) });
  body.set(`score-${criterionId}`, score);
  body.set(`rationale-${criterionId}`, rationale);
  body.set(`version-${criterionId}`, version);
  return body;
}

async function post(reviewId: number | string, body: URLSearchParams | string, { as, headers = {} }: { as?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${server.url}/reviews/${reviewId}/scoring/autosave`, {
    method: "POST",
    redirect: "manual",
    headers: {
      Origin: server.url,
      "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
      ...(as ? { Cookie: cookies[as]! } : {}),
      ...headers,
    },
    body,
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* the cross-origin guard answers HTML */
  }
  return { status: response.status, json, text, type: response.headers.get("content-type") ?? "", headers: response.headers };
}

async function stored(reviewId: number, criterionId: number, email: string) {
  return getDb()
    .selectFrom("reviewer_scores")
    .innerJoin("users", "users.id", "reviewer_scores.reviewer_id")
    .select(["reviewer_scores.score", "reviewer_scores.cannot_assess", "reviewer_scores.rationale", "reviewer_scores.version"])
    .where("review_id", "=", reviewId)
    .where("criterion_id", "=", criterionId)
    .where("users.email", "=", email)
    .executeTakeFirst();
}

async function auditCount() {
  return Number((await getDb().selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
}

describe("POST /reviews/:id/scoring/autosave", () => {
  it("saves a team member's own score, answers its new version as JSON and writes the audit entry", async () => {
    const id = review.criteria[0]!.id;
    // Without TRUST_PROXY a client's own X-Forwarded-For is not believed (trust-proxy.test.ts).
    const first = await post(review.reviewId, fields(id, { score: "3", rationale: "  Tydligt.\r\nBra.  " }), { as: DEMO.reviewerSkane, headers: { "X-Forwarded-For": "203.0.113.99" } });
    expect(first.status).toBe(200);
    expect(first.type).toContain("application/json");
    // Answered before Express (app/server/http.ts), with the headers every response carries and
    // the policy of data: nothing in a JSON answer may load or run.
    expect(first.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(first.headers.get("referrer-policy")).toBe("same-origin");
    expect(first.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(first.headers.get("x-powered-by")).toBeNull();
    expect(first.json).toMatchObject({ intent: "save", ok: true, message: "scoring.saved", saved: [{ criterionId: id, version: 1 }], changed: 1, criterionIds: [id] });
    expect(Date.parse(first.json.savedAt)).not.toBeNaN();
    expect(await stored(review.reviewId, id, DEMO.reviewerSkane)).toEqual({ score: 3, cannot_assess: 0, rationale: "Tydligt.\nBra.", version: 1 });
    const audit = await getDb()
      .selectFrom("audit_log")
      .innerJoin("users", "users.id", "audit_log.actor_user_id")
      .select(["action", "entity_id", "after_json", "ip", "users.email"])
      .where("action", "=", "review.score.save")
      .orderBy("audit_log.id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "review.score.save", email: DEMO.reviewerSkane });
    expect(audit.entity_id).toBe(`${review.reviewId}:${id}:${review.team.find((m) => m.email === DEMO.reviewerSkane)!.userId}`);
    expect(JSON.parse(audit.after_json!)).toEqual({ score: 3, cannotAssess: false, rationale: "Tydligt.\nBra.", version: 1 });
    expect(audit.ip).toMatch(/127\.0\.0\.1$/);

    // The next save names the version the first one answered; "cannot assess" is a score too.
    const second = await post(review.reviewId, fields(id, { score: "cannot_assess", version: "1" }), { as: DEMO.reviewerSkane });
    expect(second.status).toBe(200);
    expect(second.json.saved).toEqual([{ criterionId: id, version: 2 }]);
    expect(await stored(review.reviewId, id, DEMO.reviewerSkane)).toMatchObject({ score: null, cannot_assess: 1, version: 2 });
  });

  it("refuses a stale version with 409 and the message, and keeps the stored answer", async () => {
    const id = review.criteria[1]!.id;
    expect((await post(review.reviewId, fields(id, { score: "1" }), { as: DEMO.reviewer })).status).toBe(200);
    const before = await auditCount();
    const stale = await post(review.reviewId, fields(id, { score: "0", version: "0" }), { as: DEMO.reviewer });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ intent: "save", ok: false, message: "form.stale", staleCriterionId: id });
    expect(await stored(review.reviewId, id, DEMO.reviewer)).toMatchObject({ score: 1, version: 1 });
    expect(await auditCount()).toBe(before);
  });

  it("refuses bad input with 400 and Swedish message keys, saving nothing", async () => {
    const id = review.criteria[2]!.id;
    const before = await auditCount();
    const badScore = await post(review.reviewId, fields(id, { score: "7" }), { as: DEMO.reviewerSkane });
    expect(badScore.status).toBe(400);
    expect(badScore.json).toMatchObject({ ok: false, message: "form.errorSummary", fieldErrors: { [`score-${id}`]: ["scoring.error.invalidScore"] } });
    const long = await post(review.reviewId, fields(id, { rationale: "x".repeat(4001) }), { as: DEMO.reviewerSkane });
    expect(long.status).toBe(400);
    expect(long.json.fieldErrors).toEqual({ [`rationale-${id}`]: ["scoring.error.rationaleTooLong"] });
    const badVersion = await post(review.reviewId, fields(id, { version: "-1" }), { as: DEMO.reviewerSkane });
    expect(badVersion.status).toBe(400);
    const foreign = await post(review.reviewId, fields(assessment.criteria.length ? 999_999 : 0), { as: DEMO.reviewerSkane });
    expect(foreign.status).toBe(400);
    expect(foreign.json.formErrors).toContain("scoring.error.unknownCriterion");
    // Submitting is a form post to the page, never this endpoint.
    const submit = await post(review.reviewId, new URLSearchParams({ intent: "submit" }), { as: DEMO.reviewerSkane });
    expect(submit.status).toBe(400);
    expect(submit.json).toMatchObject({ ok: false, message: "form.invalidValue" });
    expect((await post(review.reviewId, JSON.stringify({ intent: "save" }), { as: DEMO.reviewerSkane, headers: { "Content-Type": "application/json" } })).status).toBe(415);
    expect((await post(review.reviewId, `intent=save&rationale-${id}=${"x".repeat(70_000)}`, { as: DEMO.reviewerSkane })).status).toBe(413);
    expect(await stored(review.reviewId, id, DEMO.reviewerSkane)).toBeUndefined();
    expect(await auditCount()).toBe(before);
  });

  it("answers an anonymous request 401 with where to sign in, and those who may not score 403 or 404", async () => {
    const id = review.criteria[3]!.id;
    const before = await auditCount();
    const anonymous = await post(review.reviewId, fields(id));
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({ ok: false, message: "scoring.error.signedOut", redirectTo: `/login?${new URLSearchParams({ redirectTo: `/reviews/${review.reviewId}/scoring` })}` });
    const forged = await post(review.reviewId, fields(id), { headers: { Cookie: `${cookies[DEMO.reviewer]!.slice(0, -3)}abc` } });
    expect(forged.status).toBe(401);
    // May see the review but is not on its team: 403; may not see it at all: 404 (nothing leaks).
    for (const [email, status] of [
      [DEMO.coordinator, 403],
      [DEMO.unitContact, 403],
      [DEMO.reviewerNorrbotten, 404],
      [DEMO.unitContactStockholm, 404],
      [DEMO.advisor, 404],
      [DEMO.editor, 404],
      [DEMO.admin, 404],
    ] as const) {
      const answer = await post(review.reviewId, fields(id), { as: email });
      expect(answer.status, email).toBe(status);
      if (status === 403) expect(answer.json.message).toBe("scoring.error.teamOnly");
    }
    expect((await post(999_999, fields(id), { as: DEMO.reviewer })).status).toBe(404);
    expect((await post("abc", fields(id), { as: DEMO.reviewer })).status).toBe(404);
    // Outside the analysis stage the team is refused too; after submitting, 409.
    const closed = await post(assessment.reviewId, fields(assessment.criteria[0]!.id), { as: DEMO.reviewer });
    expect(closed.status).toBe(403);
    expect(closed.json.message).toBe("scoring.error.closed");
    expect(await auditCount()).toBe(before);
  });

  it("refuses cross-origin posts before anything is read", async () => {
    const id = review.criteria[4]!.id;
    const before = await auditCount();
    const evil = await post(review.reviewId, fields(id), { as: DEMO.reviewer, headers: { Origin: "https://evil.example" } });
    expect(evil.status).toBe(403);
    expect(evil.text).toContain("Förfrågan nekad");
    const nullOrigin = await post(review.reviewId, fields(id), { as: DEMO.reviewer, headers: { Origin: "null" } });
    expect(nullOrigin.status).toBe(403);
    const response = await fetch(`${server.url}/reviews/${review.reviewId}/scoring/autosave`, {
      method: "POST",
      headers: { Cookie: cookies[DEMO.reviewer]!, "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded" },
      body: fields(id),
    });
    expect(response.status).toBe(403);
    expect(await stored(review.reviewId, id, DEMO.reviewer)).toBeUndefined();
    expect(await auditCount()).toBe(before);
  });

  it("refuses saves once the reviewer has submitted (409), like the page's action", async () => {
    const member = review.team.find((m) => m.email === DEMO.reviewer)!;
    await getDb().insertInto("reviewer_submissions").values({ review_id: review.reviewId, reviewer_id: member.userId, submitted_at: new Date().toISOString() }).execute();
    const locked = await post(review.reviewId, fields(review.criteria[5]!.id), { as: DEMO.reviewer });
    expect(locked.status).toBe(409);
    expect(locked.json).toMatchObject({ ok: false, message: "scoring.error.locked" });
    expect(await stored(review.reviewId, review.criteria[5]!.id, DEMO.reviewer)).toBeUndefined();
  });
});
