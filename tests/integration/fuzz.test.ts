/**
 * Property-based fuzzing of actions: random and hostile payloads (wrong types, huge strings,
 * unicode edge cases, script and SQL fragments, missing and repeated fields) must never produce a
 * 5xx, and requests from roles that may not act must never change the database.
 */
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import * as login from "~/routes/login";
import * as account from "~/routes/account";
import * as language from "~/routes/language";
import * as usersIndex from "~/routes/admin.users._index";
import * as usersNew from "~/routes/admin.users.new";
import * as unitEdit from "~/routes/admin.units.$unitId";
import * as roundsNew from "~/routes/rounds.new";
import * as roundPage from "~/routes/rounds.$roundId";
import * as reviewPage from "~/routes/reviews.$reviewId._index";
import { getSqlite } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { createReviewFixture } from "../factories";
import { DEMO, callAction, sessionCookieFor } from "../route";

const HOSTILE = [
  "",
  " ",
  "<script>alert(1)</script>",
  "' OR '1'='1'; DROP TABLE users; --",
  "\u0000",
  "\u202e\u200b\ufeff",
  "𝕂𝕠𝕝𝕝𝕖𝕘𝕒 🧠".repeat(50),
  "a".repeat(20_000),
  "../../etc/passwd",
  "NaN",
  "-1",
  "0",
  "1e309",
  "9007199254740993",
  "[]",
  "{}",
  "null",
  "true",
  "on",
  "2026-02-30",
  "javascript:alert(1)",
  "//evil.example",
];

const value = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 40 }), fc.string({ unit: "grapheme", maxLength: 20 }), fc.integer().map(String));

function payload(fields: string[]) {
  const key = fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 12 }));
  return fc.array(fc.tuple(key, value), { maxLength: 12 }).map((pairs) => {
    const form = new FormData();
    for (const [k, v] of pairs) form.append(k, v);
    return form;
  });
}

/** A fingerprint of every table's contents that actions may change. */
function snapshot() {
  const sqlite = getSqlite();
  const tables = ["users", "user_roles", "units", "node_counties", "rounds", "reviews", "review_team_members", "round_mutual_review_overrides", "sessions"];
  return tables.map((t) => JSON.stringify(sqlite.prepare(`select * from ${t} order by rowid`).all())).join("\n");
}

const RUNS = 150;

beforeEach(() => {
  useFreshDatabase();
});

describe("fuzzing actions", () => {
  it("sign-in, account and language never answer 5xx", async () => {
    const cookie = await sessionCookieFor(DEMO.reviewerNorrbotten);
    await fc.assert(
      fc.asyncProperty(payload(["email", "password", "redirectTo", "locale", "currentPassword", "newPassword", "confirmPassword"]), async (form) => {
        for (const action of [login.action, language.action]) {
          const result = await callAction(action, { form });
          expect(result.status).toBeLessThan(500);
        }
        const result = await callAction(account.action, { cookie, form });
        expect(result.status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });

  it("administration: no 5xx for admins, no change at all for other roles", async () => {
    const unit = getSqlite().prepare("select id from units where code = 'NOD-TRAUMA'").get() as { id: number };
    const params = { unitId: String(unit.id) };
    const admin = await sessionCookieFor(DEMO.admin);
    const reviewer = await sessionCookieFor(DEMO.reviewer);
    await fc.assert(
      fc.asyncProperty(
        payload(["name", "email", "homeUnitId", "roles", "password", "intent", "userId", "version", "nameSv", "nameEn", "hostOrganisation", "active", "connectedCountyIds"]),
        async (form) => {
          const before = snapshot();
          for (const [action, p] of [
            [usersNew.action, {}],
            [usersIndex.action, {}],
            [unitEdit.action, params],
          ] as const) {
            expect((await callAction(action, { cookie: reviewer, form, params: p })).status).toBe(403);
          }
          expect(snapshot()).toBe(before);
          for (const [action, p] of [
            [usersNew.action, {}],
            [usersIndex.action, {}],
            [unitEdit.action, params],
          ] as const) {
            expect((await callAction(action, { cookie: admin, form, params: p })).status).toBeLessThan(500);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("rounds and teams: no 5xx for the coordinator, no change for a unit contact or an outside reviewer", async () => {
    const fixture = await createReviewFixture({ stage: "planned" });
    const coordinator = await sessionCookieFor(DEMO.coordinator);
    const contact = await sessionCookieFor(DEMO.unitContact);
    const outsider = await sessionCookieFor(DEMO.reviewerNorrbotten);
    const routes: { action: (args: any) => unknown; params: Record<string, string> }[] = [
      { action: roundsNew.action, params: {} },
      { action: roundPage.action, params: { roundId: String(fixture.roundId) } },
      { action: reviewPage.action, params: { reviewId: String(fixture.reviewId) } },
    ];
    await fc.assert(
      fc.asyncProperty(
        payload(["name", "level", "manualVersionId", "periodStart", "periodEnd", "unitIds", "intent", "version", "userId", "isLead", "otherUnitId", "reason", "overrideReason"]),
        async (form) => {
          const before = snapshot();
          for (const route of routes) {
            for (const cookie of [contact, outsider]) {
              const result = await callAction(route.action, { cookie, form, params: route.params });
              // A malformed request may be refused as such (400) before the intent's permission is checked.
              expect([400, 403, 404]).toContain(result.status);
            }
          }
          expect(snapshot()).toBe(before);
          for (const route of routes) {
            expect((await callAction(route.action, { cookie: coordinator, form, params: route.params })).status).toBeLessThan(500);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
