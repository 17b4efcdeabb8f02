/**
 * Property-based fuzzing of the feedback, factual-check and follow-up actions: hostile and random
 * payloads never produce a 5xx for those who may act, and never change anything for those who
 * may not.
 */
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import * as factualCheck from "~/routes/reviews.$reviewId.factual-check";
import * as followUp from "~/routes/reviews.$reviewId.follow-up";
import * as recommendations from "~/routes/reviews.$reviewId.recommendations";
import { getSqlite } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { feedbackFixture, publishedFixture, setStage } from "../feedback-fixtures";
import { DEMO, callAction, sessionCookieFor } from "../route";

const HOSTILE = ["", " ", "<script>alert(1)</script>", "' OR '1'='1'; --", "\u0000", "\u202e\ufeff", "🧠".repeat(100), "a".repeat(5000), "NaN", "-1", "0", "1", "2", "1e309", "9007199254740993", "on", "2026-02-30", "2027-01-31", "high", "accept", "done", "up"];
const value = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 30 }), fc.integer({ min: -5, max: 200 }).map(String));

function payload(intents: string[], fields: string[]) {
  const intent = fc.oneof(fc.constantFrom(...intents), value);
  const key = fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 10 }));
  return fc.tuple(intent, fc.array(fc.tuple(key, value), { maxLength: 10 })).map(([i, pairs]) => {
    const form = new FormData();
    form.append("intent", i);
    for (const [k, v] of pairs) form.append(k, v);
    return form;
  });
}

const TABLES = ["recommendations", "recommendation_criteria", "strengths", "factual_comments", "recommendation_answers", "reviews", "audit_log"];
function fingerprint() {
  return TABLES.map((t) => JSON.stringify(getSqlite().prepare(`select * from ${t} order by rowid`).all())).join("\n");
}

const RUNS = 100;

beforeEach(() => {
  useFreshDatabase();
});

describe("fuzzing the feedback actions", () => {
  it("recommendations and strengths: no 5xx for the team, no change for others", async () => {
    const fixture = await feedbackFixture();
    const params = { reviewId: String(fixture.reviewId) };
    const team = await sessionCookieFor(DEMO.reviewer);
    const others = [await sessionCookieFor(DEMO.unitContact), await sessionCookieFor(DEMO.reviewerNorrbotten), await sessionCookieFor(DEMO.coordinator)];
    await fc.assert(
      fc.asyncProperty(
        payload(
          ["add-recommendation", "edit-recommendation", "delete-recommendation", "move-recommendation", "add-strength", "edit-strength", "delete-strength"],
          ["text", "priority", "timeframe", "criterionIds", "id", "version", "direction", "criterionId", "internal"],
        ),
        async (form) => {
          const before = fingerprint();
          for (const cookie of others) expect([403, 404]).toContain((await callAction(recommendations.action, { cookie, form, params })).status);
          expect(fingerprint()).toBe(before);
          expect((await callAction(recommendations.action, { cookie: team, form, params })).status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("factual check and publication: no 5xx for the unit and the lead, no change for outsiders", async () => {
    const fixture = await feedbackFixture();
    await setStage(fixture.reviewId, "factual_check");
    const params = { reviewId: String(fixture.reviewId) };
    const allowed = [await sessionCookieFor(DEMO.unitContact), await sessionCookieFor(DEMO.reviewer)];
    const outsiders = [await sessionCookieFor(DEMO.unitContactStockholm), await sessionCookieFor(DEMO.reviewerNorrbotten), await sessionCookieFor(DEMO.advisor)];
    await fc.assert(
      fc.asyncProperty(payload(["add-comment", "delete-comment", "respond", "publish"], ["criterionId", "text", "id", "version", "response", "confirm"]), async (form) => {
        const before = fingerprint();
        for (const cookie of outsiders) expect((await callAction(factualCheck.action, { cookie, form, params })).status).toBe(404);
        expect(fingerprint()).toBe(before);
        for (const cookie of allowed) expect((await callAction(factualCheck.action, { cookie, form, params })).status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });

  it("follow-up: no 5xx for the unit, no change for the team, the coordinator or outsiders", async () => {
    const fixture = await publishedFixture();
    const params = { reviewId: String(fixture.reviewId) };
    const unit = await sessionCookieFor(DEMO.unitContact);
    const readers = [await sessionCookieFor(DEMO.reviewer), await sessionCookieFor(DEMO.coordinator)];
    const outsiders = [await sessionCookieFor(DEMO.unitContactStockholm), await sessionCookieFor(DEMO.advisor)];
    await fc.assert(
      fc.asyncProperty(
        payload(["acknowledge", "answer"], ["recommendationId", "version", "response", "plannedAction", "owner", "dueDate", "progress", "progressNote"]),
        async (form) => {
          const before = fingerprint();
          for (const cookie of readers) expect((await callAction(followUp.action, { cookie, form, params })).status).toBe(403);
          for (const cookie of outsiders) expect((await callAction(followUp.action, { cookie, form, params })).status).toBe(404);
          expect(fingerprint()).toBe(before);
          expect((await callAction(followUp.action, { cookie: unit, form, params })).status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
