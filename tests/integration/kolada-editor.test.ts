/**
 * Related Kolada indicators in the manual editor: an editor links, changes and removes KPI ids on
 * a criterion of a county v3 draft (validated as N/U + five digits), the diff lists what was added
 * and removed, and the catalogue search answers from (mock) Kolada or says it could not be reached.
 */
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as draftRoute from "~/routes/manuals.$manual.draft";
import * as criterionRoute from "~/routes/manuals.$manual.$version.edit.criteria.$criterion";
import { loader as diffLoader } from "~/routes/manuals.$manual.diff";
import { getManualVersion } from "~/modules/manuals/manual-repository.server";
import { criteriaOf } from "~/modules/manuals/manual-schema";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { DEFAULT_KOLADA_BASE_URL, koladaHandlers } from "../mocks/kolada";
import { DEMO, callAction, callLoader } from "../route";

const server = setupServer(...koladaHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const KEY = "regional-variation-followed";
const params = { manual: "county", version: "3", criterion: KEY };

beforeEach(async () => {
  useFreshDatabase();
  const draft = await callAction(draftRoute.action, { as: DEMO.editor, params: { manual: "county" }, path: "/manuals/county/draft" });
  expect(draft.status).toBe(302);
});

async function form(kpis: string) {
  const page = await callLoader(criterionRoute.loader, { as: DEMO.editor, params });
  const c = page.data.criterion;
  return {
    intent: "save",
    revision: String(page.data.revision),
    textSv: c.text.sv,
    textEn: c.text.en,
    basisSv: c.basis.sv,
    basisEn: c.basis.en,
    basisSuggested: c.basis.suggested ? "on" : "",
    guidanceSv: c.guidance?.sv ?? "",
    guidanceEn: c.guidance?.en ?? "",
    demand: c.demand,
    number: c.number ?? "",
    sourceSection: c.source?.section ?? "",
    sourceFrom: c.source ? String(c.source.lines[0]) : "",
    sourceTo: c.source ? String(c.source.lines[1]) : "",
    kpisField: "1",
    kpis,
  };
}

const kpisOfDraft = async () => criteriaOf((await getManualVersion(getDb(), { manualKey: "county", version: 3 }))!.content).find((c) => c.key === KEY)!.kpis;

describe("related indicators in the editor", () => {
  it("shows the current links, saves a changed set, and the diff lists added and removed ids", async () => {
    const page = await callLoader(criterionRoute.loader, { as: DEMO.editor, params });
    expect(page.data.criterion.kpis).toEqual(["N79136", "N79131"]);
    const saved = await callAction(criterionRoute.action, { as: DEMO.editor, params, form: await form("n79131, U79160") });
    expect(saved.status).toBe(302);
    expect(await kpisOfDraft()).toEqual(["N79131", "U79160"]);
    const diff = await callLoader(diffLoader, { as: DEMO.editor, params: { manual: "county" }, path: "/manuals/county/diff?from=2&to=3&changes=only" });
    const entry = diff.data.entries.find((e: any) => e.to.some((c: any) => c.key === KEY));
    expect(entry).toMatchObject({ type: "same", kpisAdded: ["U79160"], kpisRemoved: ["N79136"], changedFields: ["kpis"] });
    // Emptying the field removes every link.
    expect((await callAction(criterionRoute.action, { as: DEMO.editor, params, form: await form("") })).status).toBe(302);
    expect(await kpisOfDraft()).toEqual([]);
  });

  it("refuses ids that are not Kolada KPI ids with 400 next to the field, and saves nothing", async () => {
    for (const kpis of ["X12345", "N1234", "N79136 N79136"]) {
      const result = await callAction(criterionRoute.action, { as: DEMO.editor, params, form: await form(kpis) });
      expect(result.status).toBe(400);
      expect(result.data.result.error.kpis).toEqual(["kolada.manual.kpisError"]);
    }
    expect(await kpisOfDraft()).toEqual(["N79136", "N79131"]);
  });

  it("searches Kolada's catalogue, and says plainly when Kolada cannot be reached", async () => {
    const found = await callAction(criterionRoute.action, { as: DEMO.editor, params, form: { intent: "searchKpis", kpiQuery: "psykiatri" } });
    expect(found.status).toBe(200);
    expect(found.data.results.map((r: any) => r.id)).toEqual(["N79131", "U79160", "N79149"]);
    expect((await callAction(criterionRoute.action, { as: DEMO.editor, params, form: { intent: "searchKpis", kpiQuery: "x" } })).status).toBe(400);
    server.use(http.get(`${DEFAULT_KOLADA_BASE_URL}/kpi`, () => HttpResponse.error()));
    const offline = await callAction(criterionRoute.action, { as: DEMO.editor, params, form: { intent: "searchKpis", kpiQuery: "psykiatri" } });
    expect(offline.status).toBe(200);
    expect(offline.data).toMatchObject({ formId: "kpiSearch", error: "unreachable" });
    // Only editors may search.
    expect((await callAction(criterionRoute.action, { as: DEMO.reviewer, params, form: { intent: "searchKpis", kpiQuery: "psykiatri" } })).status).toBe(403);
  });
});
