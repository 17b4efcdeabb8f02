/**
 * The access matrix: for every route module, what each role (and an anonymous visitor) gets from
 * its loader, and for every route module with an action, what each of them gets from POSTing to
 * it. A route file without a loader entry, or with an action but no action entry, fails the suite,
 * so a new page or form cannot ship without deciding who may use it. Object-level checks use
 * reviews of Uppsala whose team is the Stockholm reviewer (lead) and the Skåne reviewer; manual
 * drafts use the open draft of the county manual (version 3).
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../db";
import { createReviewFixture, type ReviewFixture } from "../factories";
import { DEMO, callAction, callLoader, sessionCookieFor, type RouteResult } from "../route";
import { pdfFile } from "../evidence-files";
import { startDraft } from "~/modules/manuals/manual-editor.server";
import { addFileEvidence } from "~/modules/self-assessment/evidence.server";
import { handleScoreAutosave } from "~/modules/scoring/autosave-endpoint.server";
import { getDb } from "~/utils/db.server";

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
  /** The review in the analysis stage (the reviewers score). */
  review: ReviewFixture;
  /** The same unit's reviews in other stages, for the actions that open there. */
  gathering: ReviewFixture;
  assessment: ReviewFixture;
  feedback: ReviewFixture;
  factualCheck: ReviewFixture;
  unitId: number;
  /** A file the reviewed unit uploaded as evidence. */
  evidenceId: number;
  /** The open draft of the county manual and one of its criteria. */
  draftVersion: number;
  draftCriterion: string;
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
  // The manual editor (decision 005): drafts are for editors only. Their pages answer 403 to every
  // other role before looking the draft up, so the answer does not tell whether a draft exists;
  // reading a draft through the public manual pages answers 404 (below).
  "manuals.$manual.draft.tsx": { path: () => "/manuals/county/draft", params: () => ({ manual: "county" }), expect: only(["editor"], 403, 302) },
  "manuals.$manual.import.tsx": { path: () => "/manuals/county/import", params: () => ({ manual: "county" }), expect: only(["editor"], 403) },
  "manuals.$manual.$version.edit._index.tsx": {
    path: (c) => `/manuals/county/${c.draftVersion}/edit`,
    params: (c) => ({ manual: "county", version: String(c.draftVersion) }),
    expect: only(["editor"], 403),
  },
  "manuals.$manual.$version.edit.criteria.$criterion.tsx": {
    path: (c) => `/manuals/county/${c.draftVersion}/edit/criteria/${c.draftCriterion}`,
    params: (c) => ({ manual: "county", version: String(c.draftVersion), criterion: c.draftCriterion }),
    expect: only(["editor"], 403),
  },
  "manuals.$manual.$version.edit.crosswalk.tsx": {
    path: (c) => `/manuals/county/${c.draftVersion}/edit/crosswalk`,
    params: (c) => ({ manual: "county", version: String(c.draftVersion) }),
    expect: only(["editor"], 403),
  },
  "manuals.$manual.$version.edit.scale.tsx": {
    path: (c) => `/manuals/county/${c.draftVersion}/edit/scale`,
    params: (c) => ({ manual: "county", version: String(c.draftVersion) }),
    expect: only(["editor"], 403),
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
  "national.export[.]xlsx.tsx": {
    path: (c) => `/national/export.xlsx?round=${c.review.roundId}`,
    expect: only(["coordinator", "advisor"], 403),
  },
  // A unit contact's own unit beside the anonymous distribution (decision 013): contacts only.
  "national.unit.tsx": { path: () => "/national/unit", expect: only(["unitContact", "otherUnitContact"], 403) },
  // "Mina granskningar": reviewers and unit contacts; each sees only their own (tests/integration/my-reviews.test.ts).
  "reviews._index.tsx": {
    path: () => "/reviews",
    expect: only(["lead", "teamMember", "otherReviewer", "unitContact", "otherUnitContact"], 403),
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
  // The Kolada panel's action route: its GET sends those who see the review to the self-assessment
  // page (the panel lives there and on the scoring page); others get 404 like every review page.
  "reviews.$reviewId.indicators.tsx": {
    path: (c) => `/reviews/${c.review.reviewId}/indicators`,
    params: (c) => ({ reviewId: String(c.review.reviewId) }),
    expect: only(TEAM_AND_UNIT, 404, 302),
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

/** More cases for routes whose answer depends on the object: a draft is not there for non-editors. */
const MORE_LOADER_CASES: [file: string, label: string, entry: RouteEntry][] = [
  [
    "manuals.$manual.$version._index.tsx",
    "a draft version",
    { path: (c) => `/manuals/county/${c.draftVersion}`, params: (c) => ({ manual: "county", version: String(c.draftVersion) }), expect: only(["editor"], 404) },
  ],
  [
    "manuals.$manual.$version.export[.]json.tsx",
    "a draft version",
    {
      path: (c) => `/manuals/county/${c.draftVersion}/export.json`,
      params: (c) => ({ manual: "county", version: String(c.draftVersion) }),
      expect: only(["editor"], 404),
    },
  ],
  [
    "manuals.$manual.diff.tsx",
    "against a draft",
    { path: (c) => `/manuals/county/diff?from=2&to=${c.draftVersion}`, params: () => ({ manual: "county" }), expect: only(["editor"], 404) },
  ],
];

/** What a POST gets: the same outcomes as a loader. */
interface ActionCase extends RouteEntry {
  label?: string;
  /** The body: chosen to reach the route's own checks without changing anything for allowed roles. */
  form?: Record<string, string | string[]>;
}

const REVIEW_TEAM: Who[] = ["lead", "teamMember"];
/** A review page's action in a stage where nobody may act: who sees the review gets 403, the rest 404. */
const viewersRefused = (): Record<Who, Outcome> => ({ ...only([], 404), lead: 403, teamMember: 403, coordinator: 403, unitContact: 403 });

const reviewCase = (stage: keyof Pick<Ctx, "review" | "gathering" | "assessment" | "feedback" | "factualCheck">, sub: string, form: ActionCase["form"], expect: Record<Who, Outcome>, label?: string): ActionCase => ({
  label: label ?? `in ${stage === "review" ? "analysis" : stage}`,
  path: (c) => `/reviews/${c[stage].reviewId}${sub}`,
  params: (c) => ({ reviewId: String(c[stage].reviewId) }),
  form,
  expect,
});

const ACTIONS: Record<string, ActionCase | ActionCase[]> = {
  "$.tsx": { path: () => "/finns-inte", expect: everyone(404) },
  // Signing in and choosing a language are open to everyone; a bad body is a 400 for anyone.
  "login.tsx": { path: () => "/login", expect: everyone(400, 400) },
  "logout.tsx": { path: () => "/logout", expect: everyone(302) },
  "language.tsx": { path: () => "/language", form: { locale: "en", redirectTo: "/" }, expect: everyone(302, 302) },
  "account.tsx": { path: () => "/account", expect: everyone(400) },
  "admin.users._index.tsx": { path: () => "/admin/users", form: { intent: "deactivate" }, expect: only(["admin"], 403, 400) },
  "admin.users.new.tsx": { path: () => "/admin/users/new", expect: only(["admin"], 403, 400) },
  "admin.units.$unitId.tsx": {
    path: (c) => `/admin/units/${c.unitId}`,
    params: (c) => ({ unitId: String(c.unitId) }),
    expect: only(["admin"], 403, 400),
  },
  "rounds.new.tsx": { path: () => "/rounds/new", expect: only(["coordinator"], 403, 400) },
  "rounds.$roundId.tsx": {
    path: (c) => `/rounds/${c.review.roundId}`,
    params: (c) => ({ roundId: String(c.review.roundId) }),
    form: { intent: "unknown" },
    expect: only(["coordinator"], 403, 400),
  },
  // Editors only; a draft that exists is found again (302 to it), nothing else changes.
  "manuals.$manual.draft.tsx": { path: () => "/manuals/county/draft", params: () => ({ manual: "county" }), expect: only(["editor"], 403, 302) },
  "manuals.$manual.import.tsx": { path: () => "/manuals/county/import", params: () => ({ manual: "county" }), expect: only(["editor"], 403, 400) },
  "manuals.$manual.$version.edit._index.tsx": {
    path: (c) => `/manuals/county/${c.draftVersion}/edit`,
    params: (c) => ({ manual: "county", version: String(c.draftVersion) }),
    form: { intent: "details" },
    expect: only(["editor"], 403, 400),
  },
  "manuals.$manual.$version.edit.criteria.$criterion.tsx": {
    path: (c) => `/manuals/county/${c.draftVersion}/edit/criteria/${c.draftCriterion}`,
    params: (c) => ({ manual: "county", version: String(c.draftVersion), criterion: c.draftCriterion }),
    form: { intent: "save" },
    expect: only(["editor"], 403, 400),
  },
  "manuals.$manual.$version.edit.crosswalk.tsx": {
    path: (c) => `/manuals/county/${c.draftVersion}/edit/crosswalk`,
    params: (c) => ({ manual: "county", version: String(c.draftVersion) }),
    expect: only(["editor"], 403, 400),
  },
  "manuals.$manual.$version.edit.scale.tsx": {
    path: (c) => `/manuals/county/${c.draftVersion}/edit/scale`,
    params: (c) => ({ manual: "county", version: String(c.draftVersion) }),
    expect: only(["editor"], 403, 400),
  },
  // Moving the review on: the lead may (refused here for a missing reason: scores not submitted),
  // the coordinator only out of planning and gathering.
  "reviews.$reviewId._index.tsx": reviewCase("review", "", { intent: "advance", version: "1" }, { ...only(["lead"], 404, 400), teamMember: 403, coordinator: 403, unitContact: 403 }),
  "reviews.$reviewId.self-assessment.tsx": [
    reviewCase("gathering", "/self-assessment", { intent: "save" }, { ...only(["unitContact"], 404, 400), lead: 403, teamMember: 403, coordinator: 403 }),
    reviewCase("review", "/self-assessment", { intent: "save" }, viewersRefused(), "in analysis (the self-assessment is closed)"),
  ],
  "reviews.$reviewId.scoring.tsx": [
    reviewCase("review", "/scoring", { intent: "save" }, { ...only(REVIEW_TEAM, 404, 400), coordinator: 403, unitContact: 403 }),
    reviewCase("assessment", "/scoring", { intent: "save" }, viewersRefused()),
  ],
  "reviews.$reviewId.consensus.tsx": [
    reviewCase("review", "/consensus", { intent: "save" }, viewersRefused()),
    reviewCase("assessment", "/consensus", { intent: "save" }, { ...only(REVIEW_TEAM, 404, 400), coordinator: 403, unitContact: 403 }),
  ],
  "reviews.$reviewId.recommendations.tsx": [
    reviewCase("review", "/recommendations", { intent: "add-rec" }, viewersRefused()),
    reviewCase("feedback", "/recommendations", { intent: "add-rec" }, { ...only(REVIEW_TEAM, 404, 400), coordinator: 403, unitContact: 403 }),
  ],
  "reviews.$reviewId.factual-check.tsx": [
    reviewCase("review", "/factual-check", { intent: "add-comment" }, viewersRefused()),
    reviewCase("factualCheck", "/factual-check", { intent: "add-comment" }, { ...only(["unitContact"], 404, 400), lead: 403, teamMember: 403, coordinator: 403 }),
  ],
  // The Kolada panel's buttons: those who see the review's evidence get past the guard (an incomplete
  // form is a 400); who may attach in which stage: tests/integration/kolada.test.ts.
  "reviews.$reviewId.indicators.tsx": reviewCase("review", "/indicators", { intent: "attach" }, only(TEAM_AND_UNIT, 404, 400)),
  // No follow-up before publication: 404 for everyone (published reviews: follow-up.test.ts).
  "reviews.$reviewId.follow-up.tsx": reviewCase("review", "/follow-up", { intent: "acknowledge" }, only([], 404)),
};

/**
 * Endpoints Express answers itself in front of Remix (app/server/http.ts), by the constant their
 * path is mounted with: the same roles and outcomes as the route action they stand beside
 * (anonymous: 401 with where to sign in, since a fetch cannot use a redirect). Called as functions
 * with a real session; over HTTP: tests/integration/scoring-autosave-http.test.ts.
 */
type EndpointCase = { label: string; reviewId: (c: Ctx) => number; form: Record<string, string>; expect: Record<Who, Outcome> };
const EXPRESS_ENDPOINTS: Record<string, { call: (reviewId: number, cookie: string | undefined, form: URLSearchParams) => Promise<{ status: number }>; cases: EndpointCase[] }> = {
  // Decision 023: the scoring page's autosave, beside reviews.$reviewId.scoring.tsx's action.
  SCORE_AUTOSAVE_ROUTE: {
    call: (reviewId, cookie, form) => handleScoreAutosave(getDb(), { reviewId: String(reviewId), cookieHeader: cookie, form, ip: "127.0.0.1" }),
    cases: [
      { label: "in analysis", reviewId: (c) => c.review.reviewId, form: { intent: "save" }, expect: { ...only(REVIEW_TEAM, 404, 400), coordinator: 403, unitContact: 403, anonymous: 401 } },
      { label: "in assessment", reviewId: (c) => c.assessment.reviewId, form: { intent: "save" }, expect: { ...viewersRefused(), anonymous: 401 } },
    ],
  },
};

const routeFiles = fs.readdirSync(path.resolve("app/routes")).filter((f) => /\.tsx?$/.test(f) && !f.includes(".test."));
const routeModule = (file: string) => import(`~/routes/${file.replace(/\.tsx$/, "")}`) as Promise<{ loader?: (args: any) => unknown; action?: (args: any) => unknown }>;

function outcomeOf(who: Who, result: RouteResult): Outcome {
  return result.status === 302 && result.location?.startsWith("/login") && who === "anonymous" ? "login" : result.status;
}

async function auditCount() {
  return Number((await getDb().selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
}

describe("access matrix", () => {
  it("has an entry for every route module", () => {
    const missing = routeFiles.filter((f) => !MATRIX[f]);
    expect(missing, "add these routes to the access matrix").toEqual([]);
  });

  it("has an action entry for every route module with an action", async () => {
    const missing: string[] = [];
    for (const file of routeFiles) if ((await routeModule(file)).action && !ACTIONS[file]) missing.push(file);
    expect(missing, "add these actions to ACTIONS").toEqual([]);
    const stale = Object.keys(ACTIONS).filter((f) => !routeFiles.includes(f));
    expect(stale, "ACTIONS names routes that no longer exist").toEqual([]);
  });

  let ctx: Ctx;
  beforeAll(async () => {
    const { db } = useFreshDatabase();
    const review = await createReviewFixture({ stage: "analysis" });
    const [gathering, assessment, feedback, factualCheck] = [
      await createReviewFixture({ stage: "gathering" }),
      await createReviewFixture({ stage: "assessment" }),
      await createReviewFixture({ stage: "feedback" }),
      await createReviewFixture({ stage: "factual_check" }),
    ];
    const unit = await db.selectFrom("units").select("id").where("code", "=", "NOD-TRAUMA").executeTakeFirstOrThrow();
    const evidenceId = await addFileEvidence(
      db,
      { reviewId: review.reviewId, criterionId: review.criteria[0]!.id, origin: "unit", title: "Protokoll", fileName: "protokoll.pdf", bytes: pdfFile(), detected: { mediaType: "application/pdf", extensions: ["pdf"] } },
      { actorUserId: null },
    );
    const editor = await db.selectFrom("users").select("id").where("email", "=", DEMO.editor).executeTakeFirstOrThrow();
    const draft = await startDraft(db, { manualKey: "county", userId: editor.id }, { actorUserId: editor.id });
    const draftCriterion = await db
      .selectFrom("manual_criteria")
      .innerJoin("manual_versions", "manual_versions.id", "manual_criteria.manual_version_id")
      .select("manual_criteria.key")
      .where("manual_versions.manual_key", "=", "county")
      .where("manual_versions.version", "=", draft.version)
      .orderBy("manual_criteria.position")
      .executeTakeFirstOrThrow();
    ctx = { review, gathering, assessment, feedback, factualCheck, unitId: unit.id, evidenceId, draftVersion: draft.version, draftCriterion: draftCriterion.key };
  });

  const loaderCases: [string, string, RouteEntry][] = [...Object.entries(MATRIX).map(([file, entry]) => [file, "", entry] as [string, string, RouteEntry]), ...MORE_LOADER_CASES];
  for (const [file, label, entry] of loaderCases) {
    it(`${file}${label ? ` (${label})` : ""}: every role gets what it may`, async () => {
      const mod = await routeModule(file);
      expect(mod.loader, `${file} has a loader`).toBeTypeOf("function");
      const got: Partial<Record<Who, Outcome>> = {};
      for (const who of ["anonymous", ...SIGNED_IN] as Who[]) {
        const result = await callLoader(mod.loader!, {
          path: entry.path(ctx),
          params: entry.params?.(ctx) ?? {},
          as: who === "anonymous" ? undefined : EMAIL[who],
        });
        got[who] = outcomeOf(who, result);
      }
      expect(got).toEqual(entry.expect);
    });
  }

  it("has an entry for every endpoint Express answers before Remix", () => {
    const source = fs.readFileSync(path.resolve("app/server/http.ts"), "utf8");
    const mounted = [...source.matchAll(/app\.(?:get|post|put|patch|delete|all)\(\s*([^,\s]+)/g)].map((m) => m[1]!).filter((p) => p !== '"*"');
    expect(mounted.sort()).toEqual(Object.keys(EXPRESS_ENDPOINTS).sort());
  });

  for (const [name, endpoint] of Object.entries(EXPRESS_ENDPOINTS)) {
    for (const entry of endpoint.cases) {
      it(`POST ${name} (${entry.label}): every role gets what it may, and who is refused changes nothing`, async () => {
        const got: Partial<Record<Who, Outcome>> = {};
        for (const who of ["anonymous", ...SIGNED_IN] as Who[]) {
          const before = await auditCount();
          const result = await endpoint.call(entry.reviewId(ctx), who === "anonymous" ? undefined : await sessionCookieFor(EMAIL[who]), new URLSearchParams(entry.form));
          got[who] = result.status;
          if (result.status >= 401 && result.status !== 400) expect(await auditCount(), `${who}: refused, nothing written`).toBe(before);
        }
        expect(got).toEqual(entry.expect);
      });
    }
  }

  for (const [file, cases] of Object.entries(ACTIONS)) {
    for (const entry of Array.isArray(cases) ? cases : [cases]) {
      it(`POST ${file}${entry.label ? ` (${entry.label})` : ""}: every role gets what it may, and who is refused changes nothing`, async () => {
        const mod = await routeModule(file);
        expect(mod.action, `${file} has an action`).toBeTypeOf("function");
        const got: Partial<Record<Who, Outcome>> = {};
        const unchangedByRefusal: Who[] = [];
        for (const who of ["anonymous", ...SIGNED_IN] as Who[]) {
          const before = await auditCount();
          const result = await callAction(mod.action!, {
            path: entry.path(ctx),
            params: entry.params?.(ctx) ?? {},
            as: who === "anonymous" ? undefined : EMAIL[who],
            form: entry.form ?? {},
          });
          const outcome = outcomeOf(who, result);
          got[who] = outcome;
          expect(result.status, `${who}: no 5xx`).toBeLessThan(500);
          if ((outcome === "login" || outcome === 403 || outcome === 404) && (await auditCount()) === before) unchangedByRefusal.push(who);
        }
        expect(got).toEqual(entry.expect);
        const refused = (Object.keys(got) as Who[]).filter((who) => got[who] === "login" || got[who] === 403 || got[who] === 404);
        expect(unchangedByRefusal.sort()).toEqual(refused.sort());
      });
    }
  }
});
