/**
 * The access matrix: for every route module, what each role (and an anonymous visitor) gets from
 * its loader. A route file without an entry here fails the suite, so a new page cannot ship
 * without deciding who may open it. Object-level checks use a review of Uppsala whose team is the
 * Stockholm reviewer (lead) and the Skåne reviewer.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../db";
import { createReviewFixture, type ReviewFixture } from "../factories";
import { DEMO, callLoader } from "../route";
import { pdfFile } from "../evidence-files";
import { addFileEvidence } from "~/modules/self-assessment/evidence.server";

type Who =
  | "anonymous"
  | "admin"
  | "editor"
  | "coordinator"
  | "advisor"
  | "lead"
  | "teamMember"
  | "otherReviewer"
  | "unitContact"
  | "otherUnitContact";

const EMAIL: Record<Exclude<Who, "anonymous">, string> = {
  admin: DEMO.admin,
  editor: DEMO.editor,
  coordinator: DEMO.coordinator,
  advisor: DEMO.advisor,
  lead: DEMO.reviewer,
  teamMember: DEMO.reviewerSkane,
  otherReviewer: DEMO.reviewerNorrbotten,
  unitContact: DEMO.unitContact,
  otherUnitContact: DEMO.unitContactStockholm,
};
const SIGNED_IN = Object.keys(EMAIL) as Exclude<Who, "anonymous">[];

/** 302 to /login for anonymous visitors is written "login". */
type Outcome = number | "login";

function everyone(status: Outcome, anonymous: Outcome = "login"): Record<Who, Outcome> {
  return { anonymous, ...Object.fromEntries(SIGNED_IN.map((who) => [who, status])) } as Record<Who, Outcome>;
}
function only(allowed: Who[], otherwise: Outcome, status: Outcome = 200): Record<Who, Outcome> {
  return { ...everyone(otherwise), ...Object.fromEntries(allowed.map((who) => [who, status])), anonymous: "login" } as Record<Who, Outcome>;
}

interface Ctx {
  review: ReviewFixture;
  unitId: number;
  /** A file the reviewed unit uploaded as evidence. */
  evidenceId: number;
}

interface RouteEntry {
  path: (ctx: Ctx) => string;
  params?: (ctx: Ctx) => Record<string, string>;
  expect: Record<Who, Outcome>;
}

const TEAM_AND_UNIT: Who[] = ["coordinator", "lead", "teamMember", "unitContact"];

const MATRIX: Record<string, RouteEntry> = {
  "_index.tsx": { path: () => "/", expect: everyone(200) },
  "login.tsx": { path: () => "/login", expect: everyone(302, 200) },
  "logout.tsx": { path: () => "/logout", expect: everyone(200) },
  "account.tsx": { path: () => "/account", expect: everyone(200) },
  "language.tsx": { path: () => "/language", expect: everyone(302, 302) },
  "healthz.tsx": { path: () => "/healthz", expect: everyone(200, 200) },
  "$.tsx": { path: () => "/finns-inte", expect: everyone(404) },
  "admin.users._index.tsx": { path: () => "/admin/users", expect: only(["admin"], 403) },
  "admin.users.new.tsx": { path: () => "/admin/users/new", expect: only(["admin"], 403) },
  "admin.units._index.tsx": { path: () => "/admin/units", expect: only(["admin"], 403) },
  "admin.units.$unitId.tsx": {
    path: (c) => `/admin/units/${c.unitId}`,
    params: (c) => ({ unitId: String(c.unitId) }),
    expect: only(["admin"], 403),
  },
  "manuals._index.tsx": { path: () => "/manuals", expect: everyone(200) },
  "manuals.$manual._index.tsx": { path: () => "/manuals/county", params: () => ({ manual: "county" }), expect: everyone(200) },
  "manuals.$manual.$version._index.tsx": {
    path: () => "/manuals/county/2",
    params: () => ({ manual: "county", version: "2" }),
    expect: everyone(200),
  },
  "manuals.$manual.diff.tsx": {
    path: () => "/manuals/county/diff?from=1&to=2",
    params: () => ({ manual: "county" }),
    expect: everyone(200),
  },
  "manuals.$manual.$version.export[.]json.tsx": {
    path: () => "/manuals/county/1/export.json",
    params: () => ({ manual: "county", version: "1" }),
    expect: everyone(200),
  },
  // Calibration (decision 009): editors, and the coordinator and advisory group read-only.
  "manuals.$manual.calibration.tsx": {
    path: () => "/manuals/county/calibration",
    params: () => ({ manual: "county" }),
    expect: only(["editor", "coordinator", "advisor"], 403),
  },
  // The good-practice library is the shared space of every signed-in user.
  "good-practice.tsx": { path: () => "/good-practice", expect: everyone(200) },
  "rounds._index.tsx": { path: () => "/rounds", expect: only(["coordinator"], 403) },
  "rounds.new.tsx": { path: () => "/rounds/new", expect: only(["coordinator"], 403) },
  "rounds.$roundId.tsx": {
    path: (c) => `/rounds/${c.review.roundId}`,
    params: (c) => ({ roundId: String(c.review.roundId) }),
    expect: only(["coordinator"], 403),
  },
  "national._index.tsx": { path: () => "/national", expect: only(["coordinator", "advisor"], 403) },
  "national.export[.]csv.tsx": {
    path: (c) => `/national/export.csv?round=${c.review.roundId}`,
    expect: only(["coordinator", "advisor"], 403),
  },
  "national.export[.]json.tsx": {
    path: (c) => `/national/export.json?round=${c.review.roundId}`,
    expect: only(["coordinator", "advisor"], 403),
  },
  // The national report as PDF: the guard of /national (tests/integration/national-pdf.test.ts).
  "national.report[.]pdf.tsx": {
    path: (c) => `/national/report.pdf?round=${c.review.roundId}`,
    expect: only(["coordinator", "advisor"], 403),
  },
  "reviews.$reviewId.tsx": {
    path: (c) => `/reviews/${c.review.reviewId}`,
    params: (c) => ({ reviewId: String(c.review.reviewId) }),
    expect: only(TEAM_AND_UNIT, 404),
  },
  "reviews.$reviewId._index.tsx": {
    path: (c) => `/reviews/${c.review.reviewId}`,
    params: (c) => ({ reviewId: String(c.review.reviewId) }),
    expect: only(TEAM_AND_UNIT, 404),
  },
  "reviews.$reviewId.self-assessment.tsx": {
    path: (c) => `/reviews/${c.review.reviewId}/self-assessment`,
    params: (c) => ({ reviewId: String(c.review.reviewId) }),
    expect: only(TEAM_AND_UNIT, 404),
  },
  "reviews.$reviewId.evidence.$evidenceId.tsx": {
    path: (c) => `/reviews/${c.review.reviewId}/evidence/${c.evidenceId}`,
    params: (c) => ({ reviewId: String(c.review.reviewId), evidenceId: String(c.evidenceId) }),
    expect: only(TEAM_AND_UNIT, 404),
  },
  // The fixture is in analysis: the team scores; consensus is not open yet.
  "reviews.$reviewId.scoring.tsx": {
    path: (c) => `/reviews/${c.review.reviewId}/scoring`,
    params: (c) => ({ reviewId: String(c.review.reviewId) }),
    expect: { ...only(["lead", "teamMember"], 404), coordinator: 403, unitContact: 403 },
  },
  "reviews.$reviewId.consensus.tsx": {
    path: (c) => `/reviews/${c.review.reviewId}/consensus`,
    params: (c) => ({ reviewId: String(c.review.reviewId) }),
    expect: { ...only([], 404), lead: 403, teamMember: 403, coordinator: 403, unitContact: 403 },
  },
  // Feedback pages: the fixture is in analysis, so the draft and the factual check are not open yet
  // (403 for those who see the review) and there is no follow-up before publication (404).
  // Stage by stage: tests/integration/feedback.test.ts, publication.test.ts, follow-up.test.ts.
  "reviews.$reviewId.recommendations.tsx": {
    path: (c) => `/reviews/${c.review.reviewId}/recommendations`,
    params: (c) => ({ reviewId: String(c.review.reviewId) }),
    expect: { ...only([], 404), lead: 403, teamMember: 403, coordinator: 403, unitContact: 403 },
  },
  "reviews.$reviewId.factual-check.tsx": {
    path: (c) => `/reviews/${c.review.reviewId}/factual-check`,
    params: (c) => ({ reviewId: String(c.review.reviewId) }),
    expect: { ...only([], 404), lead: 403, teamMember: 403, coordinator: 403, unitContact: 403 },
  },
  "reviews.$reviewId.follow-up.tsx": {
    path: (c) => `/reviews/${c.review.reviewId}/follow-up`,
    params: (c) => ({ reviewId: String(c.review.reviewId) }),
    expect: only([], 404),
  },
  // No report before publication (the fixture is in analysis).
  "reviews.$reviewId.report.tsx": {
    path: (c) => `/reviews/${c.review.reviewId}/report`,
    params: (c) => ({ reviewId: String(c.review.reviewId) }),
    expect: everyone(404),
  },
  // The same as the HTML report; after publication role by role: tests/integration/review-pdf.test.ts.
  "reviews.$reviewId.report[.]pdf.tsx": {
    path: (c) => `/reviews/${c.review.reviewId}/report.pdf`,
    params: (c) => ({ reviewId: String(c.review.reviewId) }),
    expect: everyone(404),
  },
  "reviews.$reviewId.history.tsx": {
    path: (c) => `/reviews/${c.review.reviewId}/history`,
    params: (c) => ({ reviewId: String(c.review.reviewId) }),
    expect: { ...only(["coordinator", "lead"], 404), teamMember: 403, unitContact: 403 },
  },
};

/**
 * Routes covered by their own, more detailed access tests (their module's integration test)
 * while the matrix entry is being written. Keep this list short.
 */
const COVERED_ELSEWHERE: RegExp[] = [
  // The manual editor's pages (in progress): tests/integration/manuals-editor.test.ts.
  /^manuals\.\$manual\.(draft|import)/,
  /^manuals\.\$manual\.\$version\.edit/,
];

const routeFiles = fs.readdirSync(path.resolve("app/routes")).filter((f) => /\.tsx?$/.test(f) && !f.includes(".test."));

describe("access matrix", () => {
  it("has an entry for every route module", () => {
    const missing = routeFiles.filter((f) => !MATRIX[f] && !COVERED_ELSEWHERE.some((pattern) => pattern.test(f)));
    expect(missing, "add these routes to the access matrix").toEqual([]);
  });

  let ctx: Ctx;
  beforeAll(async () => {
    const { db } = useFreshDatabase();
    const review = await createReviewFixture({ stage: "analysis" });
    const unit = await db.selectFrom("units").select("id").where("code", "=", "NOD-TRAUMA").executeTakeFirstOrThrow();
    const evidenceId = await addFileEvidence(
      db,
      { reviewId: review.reviewId, criterionId: review.criteria[0]!.id, origin: "unit", title: "Protokoll", fileName: "protokoll.pdf", bytes: pdfFile(), detected: { mediaType: "application/pdf", extensions: ["pdf"] } },
      { actorUserId: null },
    );
    ctx = { review, unitId: unit.id, evidenceId };
  });

  for (const [file, entry] of Object.entries(MATRIX)) {
    it(`${file}: every role gets what it may`, async () => {
      const mod = (await import(`~/routes/${file.replace(/\.tsx$/, "")}`)) as { loader?: (args: any) => unknown };
      expect(mod.loader, `${file} has a loader`).toBeTypeOf("function");
      const got: Partial<Record<Who, Outcome>> = {};
      for (const who of ["anonymous", ...SIGNED_IN] as Who[]) {
        const result = await callLoader(mod.loader!, {
          path: entry.path(ctx),
          params: entry.params?.(ctx) ?? {},
          as: who === "anonymous" ? undefined : EMAIL[who],
        });
        got[who] = result.status === 302 && result.location?.startsWith("/login") && who === "anonymous" ? "login" : result.status;
      }
      expect(got).toEqual(entry.expect);
    });
  }
});
