/**
 * Kolada indicators beside the criteria, through the real loaders and actions on a real SQLite
 * file, with Kolada played by the msw handlers of tests/mocks/kolada.ts (no network:
 * onUnhandledRequest "error"). Every failure mode leaves the page loading (200) with a clear state.
 */
import { setupServer } from "msw/node";
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as indicators from "~/routes/reviews.$reviewId.indicators";
import * as report from "~/routes/reviews.$reviewId.report";
import * as reportPdf from "~/routes/reviews.$reviewId.report[.]pdf";
import * as scoring from "~/routes/reviews.$reviewId.scoring";
import * as selfAssessment from "~/routes/reviews.$reviewId.self-assessment";
import { publishReview } from "~/modules/feedback/publish.server";
import { settleBackgroundRefreshes } from "~/modules/kolada/kolada-refresh.server";
import { getDb, getSqlite } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { useFreshDatabase } from "../db";
import { createReviewFixture, reviewVersionOf, type ReviewFixture } from "../factories";
import { leadAudit, setConsensus, setStage } from "../feedback-fixtures";
import { DEFAULT_KOLADA_BASE_URL, koladaHandlers, koladaScenarios, mockValue } from "../mocks/kolada";
import { pdfBytesOf, pdfToText } from "../pdf";
import { DEMO, callAction, callLoader } from "../route";

const server = setupServer(...koladaHandlers());
const requests: string[] = [];
server.events.on("request:start", ({ request }) => void requests.push(new URL(request.url).pathname));
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(async () => {
  await settleBackgroundRefreshes();
  server.resetHandlers();
  requests.length = 0;
  for (const key of ["KOLADA_AUTO_REFRESH", "KOLADA_TIMEOUT_MS", "KOLADA_BASE_URL"]) delete process.env[key];
  resetEnvCache();
});
afterAll(() => server.close());

let fixture: ReviewFixture;
beforeEach(async () => {
  useFreshDatabase();
  // County manual v2 links Kolada indicators to four criteria; Uppsala is Kolada region 0003.
  fixture = await createReviewFixture({ stage: "analysis", manualVersion: 2 });
});

const criterionId = (key: string) => fixture.criteria.find((c) => c.key === key)!.id;
const params = () => ({ reviewId: String(fixture.reviewId) });
const loadSelf = (as: string, query = "") => callLoader(selfAssessment.loader, { path: `/reviews/${fixture.reviewId}/self-assessment${query}`, params: params(), as });
const post = (as: string, form: Record<string, string>) => callAction(indicators.action, { path: `/reviews/${fixture.reviewId}/indicators`, params: params(), as, form });
const refresh = (as: string = DEMO.reviewer, key = "regional-variation-followed", returnTo = "self-assessment") =>
  post(as, { intent: "refresh", criterionId: String(criterionId(key)), returnTo });
const attach = (as: string = DEMO.reviewer, kpiId = "N79136", key = "regional-variation-followed") =>
  post(as, { intent: "attach", criterionId: String(criterionId(key)), kpiId, returnTo: "self-assessment" });

function panelOf(data: any, key = "regional-variation-followed", kpiId = "N79136") {
  return data.indicators.byCriterion[criterionId(key)].panels.find((p: any) => p.kpiId === kpiId);
}

describe("Kolada panels", () => {
  it("show the linked criteria only, from the cache, without asking Kolada while the page loads", async () => {
    const page = await loadSelf(DEMO.reviewer);
    expect(page.status).toBe(200);
    const linked = Object.values(page.data.indicators.byCriterion).map((c: any) => c.criterionKey).sort();
    expect(linked).toEqual(["competence-statistics-analysis", "effect-indicators", "process-indicators", "regional-variation-followed"]);
    expect(panelOf(page.data)).toMatchObject({ status: "empty", years: [], title: null });
    expect(page.data.indicators.county).toMatchObject({ koladaId: "0003" });
    await settleBackgroundRefreshes();
    // Auto refresh is off in demo mode (the tests' mode): no request at all.
    expect(requests).toEqual([]);
  });

  it("refresh: fetches every page from Kolada, then shows the county's years, the national value and the rank", async () => {
    const result = await refresh();
    expect(result.status).toBe(302);
    expect(result.location).toMatch(new RegExp(`/reviews/${fixture.reviewId}/self-assessment\\?indicators=refreshed&criterion=\\d+#indicators-regional-variation-followed$`));
    expect(requests.filter((p) => p.includes("/data/kpi/N79136/")).length).toBeGreaterThan(2);

    const page = await loadSelf(DEMO.reviewer, "?indicators=refreshed&criterion=" + criterionId("regional-variation-followed"));
    const panel = panelOf(page.data);
    expect(panel.status).toBe("current");
    expect(panel.synthetic).toBe(false);
    expect(panel.title).toMatch(/Självmord/);
    expect(panel.years).toHaveLength(5);
    const latest = panel.years[0];
    const year = latest.year;
    expect(latest.county).toBe(mockValue("N79136", "0003", year));
    expect(latest.national).toBe(mockValue("N79136", "0000", year));
    expect(latest.rankedOf).toBe(21);
    const counties = (await getDb().selectFrom("units").select("kolada_id").where("kind", "=", "county").execute()).map((u) => u.kolada_id!);
    const higher = counties.filter((id) => mockValue("N79136", id, year) > latest.county).length;
    expect(latest.rank).toBe(higher + 1);
    expect(page.data.indicators.notice).toMatchObject({ code: "refreshed" });
    expect(panel.kpiUrl).toMatch(/^https:\/\/www\.kolada\.se\//);
  });

  it("the scoring page shows the same panels to the team", async () => {
    await refresh();
    const page = await callLoader(scoring.loader, { path: `/reviews/${fixture.reviewId}/scoring`, params: params(), as: DEMO.reviewerSkane });
    expect(page.status).toBe(200);
    expect(panelOf(page.data).years).toHaveLength(5);
    expect(page.data.indicators.page).toBe("scoring");
  });

  it("an empty result: the page says no values are fetched yet", async () => {
    server.use(koladaScenarios.empty());
    expect((await refresh()).location).toContain("indicators=refreshed");
    const panel = panelOf((await loadSelf(DEMO.reviewer)).data);
    expect(panel).toMatchObject({ status: "empty", years: [] });
  });

  it("503 once, then success: the retry gets the values", async () => {
    server.use(koladaScenarios.unavailableOnce());
    expect((await refresh()).location).toContain("indicators=refreshed");
    expect(panelOf((await loadSelf(DEMO.reviewer)).data).status).toBe("current");
  });

  it("429 with Retry-After, then success: the wait is honoured and the values arrive", async () => {
    server.use(koladaScenarios.rateLimitedOnce(1));
    expect((await refresh()).location).toContain("indicators=refreshed");
    expect(panelOf((await loadSelf(DEMO.reviewer)).data).status).toBe("current");
  });

  it("a timeout after earlier values: the page shows the stored values and says Kolada could not be reached", async () => {
    await refresh();
    process.env.KOLADA_TIMEOUT_MS = "200";
    resetEnvCache();
    server.use(koladaScenarios.hanging());
    const result = await refresh();
    expect(result.location).toContain("indicators=failed&errors=timeout");
    const page = await loadSelf(DEMO.reviewer, `?indicators=failed&errors=timeout&criterion=${criterionId("regional-variation-followed")}`);
    expect(page.status).toBe(200);
    const panel = panelOf(page.data);
    expect(panel).toMatchObject({ status: "stale", lastError: "timeout" });
    expect(panel.years).toHaveLength(5);
    expect(page.data.indicators.notice).toEqual({ code: "failed", errors: ["timeout"], criterionId: criterionId("regional-variation-followed") });
  });

  it("a malformed body with nothing stored: the panel says so, and the rest of the page is there", async () => {
    server.use(koladaScenarios.malformed());
    expect((await refresh()).location).toContain("errors=malformed");
    const page = await loadSelf(DEMO.reviewer);
    expect(page.status).toBe(200);
    expect(panelOf(page.data)).toMatchObject({ status: "unavailable", lastError: "malformed", years: [] });
    expect(page.data.dimensions.length).toBeGreaterThan(0);
  });

  it("Kolada unreachable (a network error): the failure is recorded, the page still loads", async () => {
    server.use(http.get(`${DEFAULT_KOLADA_BASE_URL}/*`, () => HttpResponse.error()));
    const result = await refresh();
    expect(result.location).toContain("indicators=failed&errors=unreachable");
    const page = await loadSelf(DEMO.reviewer);
    expect(page.status).toBe(200);
    expect(panelOf(page.data)).toMatchObject({ status: "unavailable", lastError: "unreachable" });
  });

  it("a background refresh runs after the response, once per KPI however many pages ask", async () => {
    process.env.KOLADA_AUTO_REFRESH = "1";
    resetEnvCache();
    const [first, second] = await Promise.all([loadSelf(DEMO.reviewer), loadSelf(DEMO.reviewerSkane)]);
    expect(panelOf(first.data).status).toBe("empty");
    expect(panelOf(second.data).status).toBe("empty");
    await settleBackgroundRefreshes();
    expect(requests.filter((p) => p.startsWith("/v3/kpi/N79136")).length).toBe(1);
    expect(panelOf((await loadSelf(DEMO.reviewer)).data).status).toBe("current");
    // Fresh now: the next page view does not fetch again.
    requests.length = 0;
    await loadSelf(DEMO.reviewer);
    await settleBackgroundRefreshes();
    expect(requests).toEqual([]);
  });
});

describe("attaching a snapshot", () => {
  it("freezes the values as team evidence of the criterion; the row can never change", async () => {
    await refresh();
    const result = await attach();
    expect(result.status).toBe(302);
    expect(result.location).toContain("indicators=attached");
    const page = await loadSelf(DEMO.reviewer);
    const item = page.data.evidence.find((e: any) => e.kind === "kolada");
    expect(item).toMatchObject({ origin: "team", criterionId: criterionId("regional-variation-followed") });
    expect(item.indicator.years).toEqual(panelOf(page.data).years);
    expect(item.indicator.county.koladaId).toBe("0003");
    expect(item.title).toMatch(/^Kolada N79136: .+ – Region Uppsala$/);
    // A later refresh changes the cache, never the attached snapshot.
    expect(() => getSqlite().prepare("update evidence set snapshot_json = '{}' where kind = 'kolada'").run()).toThrow(/frozen/);
    expect(() => getSqlite().prepare("update evidence set title = 'x' where kind = 'kolada'").run()).toThrow(/frozen/);
    // The unit does not see the team's evidence during the review.
    const unit = await loadSelf(DEMO.unitContact);
    expect(unit.data.evidence.some((e: any) => e.kind === "kolada")).toBe(false);
  });

  it("is refused without stored values (409), for a KPI the criterion does not link (400), and for those who may not add evidence (403)", async () => {
    expect((await attach()).status).toBe(409);
    await refresh();
    expect((await attach(DEMO.reviewer, "U79160")).status).toBe(400);
    // The unit contact sees the panel but adds no evidence in analysis.
    expect((await attach(DEMO.unitContact)).status).toBe(403);
    expect(await getDb().selectFrom("evidence").select("id").where("kind", "=", "kolada").execute()).toEqual([]);
  });

  it("the unit contact attaches as the unit's evidence while gathering", async () => {
    await setStage(fixture.reviewId, "gathering");
    await refresh(DEMO.unitContact);
    expect((await attach(DEMO.unitContact)).status).toBe(302);
    const row = await getDb().selectFrom("evidence").select(["origin", "kind"]).where("kind", "=", "kolada").executeTakeFirstOrThrow();
    expect(row.origin).toBe("unit");
  });

  it("goes into the published report", async () => {
    await refresh();
    await attach();
    await setConsensus(fixture);
    await setStage(fixture.reviewId, "factual_check");
    await publishReview(getDb(), { reviewId: fixture.reviewId, expectedVersion: await reviewVersionOf(fixture.reviewId) }, await leadAudit());
    const page = await callLoader(report.loader, { path: `/reviews/${fixture.reviewId}/report`, params: params(), as: DEMO.unitContact });
    expect(page.status).toBe(200);
    expect(page.data.intact).toBe(true);
    expect(page.data.view.indicators).toHaveLength(1);
    expect(page.data.view.indicators[0]).toMatchObject({ criterionKey: "regional-variation-followed", values: { kpiId: "N79136" } });
    expect(page.data.view.indicators[0].criterionNumber).toBeTruthy();

    // The PDF prints the same snapshot: heading, KPI, the county beside Sweden, year by year.
    const pdf = await callLoader(reportPdf.loader, { path: `/reviews/${fixture.reviewId}/report.pdf`, params: params(), as: DEMO.unitContact });
    const text = pdfToText(await pdfBytesOf(pdf));
    expect(text).toContain("Nyckeltal från Kolada i underlaget");
    expect(text).toContain("N79136");
    for (const year of page.data.view.indicators[0].values.years) expect(text).toContain(String(year.year));
  }, 120_000);
});

describe("who may use the panel", () => {
  it("is 404 for those who do not see the review, and refuses bad input with 400", async () => {
    for (const who of [DEMO.reviewerNorrbotten, DEMO.advisor, DEMO.unitContactStockholm, DEMO.editor]) {
      expect((await refresh(who)).status).toBe(404);
    }
    expect((await post(DEMO.reviewer, { intent: "refresh", criterionId: "abc" })).status).toBe(400);
    expect((await post(DEMO.reviewer, { intent: "refresh", criterionId: String(fixture.criteria.find((c) => c.key === "political-forum")!.id) })).status).toBe(400);
    expect((await post(DEMO.reviewer, { intent: "attach", criterionId: String(criterionId("regional-variation-followed")), kpiId: "X1" })).status).toBe(400);
    expect(requests).toEqual([]);
  });

  it("shows no panel for reviews of other units than counties", async () => {
    const node = await createReviewFixture({ stage: "gathering", unitCode: "NOD-TRAUMA", manualKey: "node", manualVersion: 1, level: "node" });
    const page = await callLoader(selfAssessment.loader, { path: `/reviews/${node.reviewId}/self-assessment`, params: { reviewId: String(node.reviewId) }, as: DEMO.reviewer });
    expect(page.status).toBe(200);
    expect(page.data.indicators).toBeNull();
  });

  it("the GET address sends those who see the review to the self-assessment page", async () => {
    const result = await callLoader(indicators.loader, { path: `/reviews/${fixture.reviewId}/indicators`, params: params(), as: DEMO.reviewer });
    expect(result.status).toBe(302);
    expect(result.location).toBe(`/reviews/${fixture.reviewId}/self-assessment`);
  });
});
