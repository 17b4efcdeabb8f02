/**
 * Fuzzing the Kolada indicator action (POST /reviews/:id/indicators): hostile and random payloads
 * never give a 5xx to those who may use the panel, and change nothing (no evidence, no cache, no
 * request to Kolada) for those who may not. Kolada is the msw handlers (no network).
 */
import fc from "fast-check";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as indicators from "~/routes/reviews.$reviewId.indicators";
import { settleBackgroundRefreshes } from "~/modules/kolada/kolada-refresh.server";
import { getSqlite } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { createReviewFixture } from "../factories";
import { koladaHandlers } from "../mocks/kolada";
import { DEMO, callAction, sessionCookieFor } from "../route";

const server = setupServer(...koladaHandlers());
let requests = 0;
server.events.on("request:start", () => void requests++);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => {
  useFreshDatabase();
});

const HOSTILE = ["", " ", "<script>alert(1)</script>", "' OR '1'='1'; --", "\u0000", "\u202e\ufeff", "🧠".repeat(100), "a".repeat(5000), "NaN", "-1", "0", "1e309", "refresh", "attach", "scoring", "self-assessment", "N79136", "U79160", "n79136", "N7913", "//evil.example"];

function fingerprint() {
  return ["evidence", "kolada_values", "kolada_kpis", "kolada_fetches", "audit_log"].map((t) => JSON.stringify(getSqlite().prepare(`select * from ${t} order by rowid`).all())).join("\n");
}

describe("fuzzing the indicator action", () => {
  it("no 5xx for the team, no change at all for those who do not see the review", async () => {
    const fixture = await createReviewFixture({ stage: "analysis", manualVersion: 2 });
    const ids = fixture.criteria.map((c) => String(c.id));
    const value = fc.oneof(fc.constantFrom(...HOSTILE, ...ids), fc.string({ maxLength: 30 }), fc.integer({ min: -5, max: 5000 }).map(String));
    const key = fc.oneof(fc.constantFrom("intent", "criterionId", "kpiId", "returnTo"), fc.string({ maxLength: 10 }));
    const payload = fc.array(fc.tuple(key, value), { maxLength: 8 }).map((pairs) => {
      const form = new FormData();
      for (const [k, v] of pairs) form.append(k, v);
      return form;
    });
    const lead = await sessionCookieFor(DEMO.reviewer);
    const outsiders = [await sessionCookieFor(DEMO.reviewerNorrbotten), await sessionCookieFor(DEMO.advisor), await sessionCookieFor(DEMO.unitContactStockholm)];
    const params = { reviewId: String(fixture.reviewId) };
    await fc.assert(
      fc.asyncProperty(payload, async (form) => {
        const before = fingerprint();
        const requestsBefore = requests;
        for (const cookie of outsiders) {
          expect((await callAction(indicators.action, { cookie, form, params })).status).toBe(404);
        }
        expect(fingerprint()).toBe(before);
        expect(requests).toBe(requestsBefore);
        const result = await callAction(indicators.action, { cookie: lead, form, params });
        expect(result.status).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
    await settleBackgroundRefreshes();
  });
});
