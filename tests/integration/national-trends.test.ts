/**
 * Trends across rounds, the XLSX export and the unit contacts' view through their real loaders on
 * the demo data (Länsgranskning 2025 on county v1, 2026 on v2 with five published reviews): the
 * crosswalk decides what is comparable, every export carries the same numbers as the page, every
 * role gets only what it may, and hostile query strings never give a 5xx.
 */
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { seedDemoReviews } from "#db/seed/demo-reviews";
import { scoreTable, trendTable, TREND_COLUMNS, XLSX_SHEETS } from "~/modules/national/national-export";
import type { NationalTrends, TrendValue } from "~/modules/national/trends";
import { MIN_GROUP_SIZE } from "~/modules/national/unit-view";
import { readSheets } from "~/modules/national/xlsx.fixture";
import * as csvRoute from "~/routes/national.export[.]csv";
import * as jsonRoute from "~/routes/national.export[.]json";
import * as xlsxRoute from "~/routes/national.export[.]xlsx";
import * as page from "~/routes/national._index";
import * as unitPage from "~/routes/national.unit";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { createReviewFixture } from "../factories";
import { DEMO, callLoader, sessionCookieFor } from "../route";

beforeEach(() => {
  useFreshDatabase();
});

async function demoRounds() {
  const db = getDb();
  expect(await seedDemoReviews(db)).toBe(true);
  const rounds = await db.selectFrom("rounds").select(["id", "name"]).execute();
  const id = (name: string) => rounds.find((r) => r.name === name)!.id;
  return { r2025: id("Länsgranskning 2025"), r2026: id("Länsgranskning 2026"), nodes: id("Nodgranskning 2026"), national: id("Nationell granskning 2026") };
}

/** The XLSX as bytes (callLoader leaves a binary body as the Response). */
async function xlsxBytes(path: string, as: string = DEMO.coordinator) {
  const response = (await xlsxRoute.loader({
    request: new Request(`http://localhost${path}`, { headers: { Cookie: await sessionCookieFor(as) } }),
    params: {},
    context: {},
  })) as Response;
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

function csvRows(text: string) {
  return text.replace(/^\uFEFF/, "").trimEnd().split("\r\n").map((line) => line.split(";"));
}

const cellText = (value: string | number | null) => (value === null ? "" : String(value));

describe("trends across Länsgranskning 2025 (county v1) and 2026 (county v2)", () => {
  it("maps v1 to v2 through the crosswalk, with 'not comparable' and its relation where the meaning changed", async () => {
    const { r2025, r2026 } = await demoRounds();
    const result = await callLoader(page.loader, { path: `/national?round=${r2026}&series=${r2025}&series=${r2026}`, as: DEMO.coordinator });
    expect(result.status).toBe(200);
    const trends: NationalTrends = result.data.series.trends;
    expect(trends.targetVersion).toBe(2);
    expect(trends.rounds.map((r) => [r.id, r.manualVersion, r.units])).toEqual([
      [r2025, 1, 21],
      [r2026, 2, 5],
    ]);
    const row = (key: string) => trends.criteria.find((c) => c.key === key)!;
    // 24 criteria of v2 and the one retired in v2.
    expect(trends.criteria).toHaveLength(25);
    expect(row("research-collaborations").points[0]).toEqual({ roundId: r2025, comparable: false, reason: "split", criterionKeys: ["external-collaborations"] });
    expect(row("competence-centre-collaborations").points[0]).toMatchObject({ comparable: false, reason: "split" });
    expect(row("development-support-followed-up").points[0]).toMatchObject({ comparable: false, reason: "new" });
    expect(row("competence-decision-support")).toMatchObject({ status: "retired", anchorVersion: 1 });
    expect(row("competence-decision-support").points[1]).toMatchObject({ comparable: false, reason: "retired" });
    expect(row("staff-resources").points[0]).toMatchObject({ comparable: true, caution: true, relations: ["reworded"] });

    // A same criterion: the numbers are each round's own aggregation.
    const r25 = await callLoader(page.loader, { path: `/national?round=${r2025}`, as: DEMO.coordinator });
    const r26 = await callLoader(page.loader, { path: `/national?round=${r2026}`, as: DEMO.coordinator });
    const stat = (data: typeof r25.data, key: string) => data.aggregation.criterionStats.find((s: { criterionKey: string }) => s.criterionKey === key);
    for (const key of ["political-forum", "effect-indicators", "staff-resources"]) {
      const [p25, p26] = row(key).points as TrendValue[];
      expect([p25!.n, p25!.mean, p25!.gapShare, p25!.majorGapShare]).toEqual([stat(r25.data, key).n, stat(r25.data, key).mean, stat(r25.data, key).gapShare, stat(r25.data, key).majorGapShare]);
      expect([p26!.n, p26!.mean, p26!.gapShare]).toEqual([stat(r26.data, key).n, stat(r26.data, key).mean, stat(r26.data, key).gapShare]);
    }
    // The organisation dimension's core leaves out the two halves of the split criterion.
    const organisation = trends.dimensions.find((d) => d.key === "organisation")!;
    expect(organisation.excludedKeys).toEqual(["research-collaborations", "competence-centre-collaborations"]);
    expect(organisation.points).toHaveLength(2);
    const workingMethods = trends.dimensions.find((d) => d.key === "working-methods")!;
    expect(workingMethods.excludedKeys).toEqual(["development-support-followed-up"]);
  });

  it("the page, the trend CSV, the XLSX trend sheet and the JSON carry the same rows", async () => {
    const { r2025, r2026 } = await demoRounds();
    const query = `?round=${r2025}&series=${r2025}&series=${r2026}`;
    const { data } = await callLoader(page.loader, { path: `/national${query}`, as: DEMO.advisor });
    const trends: NationalTrends = data.series.trends;
    const expected = trendTable(trends).rows;

    const csv = await callLoader(csvRoute.loader, { path: `/national/export.csv${query}&table=trends`, as: DEMO.advisor });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Disposition")).toBe(`attachment; filename="nationell-bild-omgang-${r2025}-trender.csv"`);
    const rows = csvRows(csv.data);
    expect(rows[0]).toEqual(TREND_COLUMNS.map((c) => c.key));
    expect(rows.slice(1)).toEqual(expected.map((row) => row.map(cellText)));

    const { bytes } = await xlsxBytes(`/national/export.xlsx${query}`, DEMO.advisor);
    const sheets = readSheets(bytes);
    expect(sheets.map((s) => s.name)).toEqual([XLSX_SHEETS.scores, XLSX_SHEETS.trends, XLSX_SHEETS.columns]);
    expect(sheets[1]!.rows.slice(1)).toEqual(expected);

    const json = await callLoader(jsonRoute.loader, { path: `/national/export.json${query}`, as: DEMO.advisor });
    expect(json.data.trends).toEqual(JSON.parse(JSON.stringify(trends)));
  });

  it("a bad series answers 400 with the message for the series field and the round's picture still shown", async () => {
    const { r2025, r2026, national } = await demoRounds();
    const node = await createReviewFixture({ stage: "published", manualKey: "node", level: "node", unitCode: "NOD-TRAUMA" });
    const cases: [string, string][] = [
      [`series=${r2025}`, "national.error.seriesTooFew"],
      [`series=${r2025}&series=${r2025}`, "national.error.badSeries"],
      [`series=${r2025}&series=abc`, "national.error.badSeries"],
      [`series=${r2025}&series=424242`, "national.error.seriesUnknown"],
      // The national level's round has no published review: not a round of the national picture.
      [`series=${r2025}&series=${national}`, "national.error.seriesUnknown"],
      [`series=${r2025}&series=${node.roundId}`, "national.error.seriesMixed"],
    ];
    for (const [query, messageKey] of cases) {
      const result = await callLoader(page.loader, { path: `/national?round=${r2026}&${query}`, as: DEMO.coordinator });
      expect(result.status, query).toBe(400);
      expect(result.data.series.error, query).toBe(messageKey);
      expect(result.data.series.trends).toBeNull();
      expect(result.data.aggregation.units, query).toHaveLength(5);
      for (const loader of [csvRoute.loader, xlsxRoute.loader, jsonRoute.loader]) {
        const exported = await callLoader(loader, { path: `/national/export.csv?round=${r2026}&${query}`, as: DEMO.coordinator });
        expect(exported.status, query).toBe(400);
        expect(exported.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      }
    }
    const noSeries = await callLoader(csvRoute.loader, { path: `/national/export.csv?round=${r2026}&table=trends`, as: DEMO.coordinator });
    expect(noSeries.status).toBe(400);
    expect(noSeries.data).toBe("Trendtabellen kräver en serie: ange minst två omgångar med series.\n");
    const badTable = await callLoader(csvRoute.loader, { path: `/national/export.csv?table=alla`, as: DEMO.coordinator });
    expect(badTable.status).toBe(400);
  });
});

describe("the XLSX export", () => {
  it("is a download with the workbook MIME type and the CSV's rows and columns", async () => {
    const { r2025 } = await demoRounds();
    const { response, bytes } = await xlsxBytes(`/national/export.xlsx?round=${r2025}&demand=basic`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="nationell-bild-omgang-${r2025}-basic.xlsx"`);
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    const sheets = readSheets(bytes);
    expect(sheets.map((s) => s.name)).toEqual([XLSX_SHEETS.scores, XLSX_SHEETS.columns]);
    const csv = await callLoader(csvRoute.loader, { path: `/national/export.csv?round=${r2025}&demand=basic`, as: DEMO.coordinator });
    const rows = csvRows(csv.data).slice(1);
    expect(sheets[0]!.rows.slice(1).map((row) => row.map(cellText))).toEqual(rows);
    // Numbers are numeric cells, codes keep their leading zero as text.
    const first = sheets[0]!.rows[1]!;
    expect(typeof first[0]).toBe("number");
    expect(first[3]).toBe("01");
  });
});

describe("Länsgranskning 2025 in the demo data: page, CSV, XLSX and JSON agree on every number", () => {
  it("for all 21 counties", async () => {
    const { r2025 } = await demoRounds();
    const query = `?round=${r2025}`;
    const { data } = await callLoader(page.loader, { path: `/national${query}`, as: DEMO.coordinator });
    const aggregation = data.aggregation;
    expect(aggregation.units).toHaveLength(21);
    const expected = scoreTable(data.round, aggregation).rows;
    expect(expected).toHaveLength(21 * 23);

    const csv = await callLoader(csvRoute.loader, { path: `/national/export.csv${query}`, as: DEMO.coordinator });
    expect(csvRows(csv.data).slice(1)).toEqual(expected.map((row) => row.map(cellText)));
    const sheets = readSheets((await xlsxBytes(`/national/export.xlsx${query}`)).bytes);
    expect(sheets[0]!.rows.slice(1)).toEqual(expected);
    const json = await callLoader(jsonRoute.loader, { path: `/national/export.json${query}`, as: DEMO.coordinator });
    const { format: _f, formatVersion: _v, round: _r, trends: _t, ...jsonAggregation } = json.data;
    expect(jsonAggregation).toEqual(JSON.parse(JSON.stringify(aggregation)));
    // Each row of the score table is the page's cell.
    for (const [u, unit] of aggregation.units.entries()) {
      for (const [c, cell] of unit.cells.entries()) {
        const row = expected[u * 23 + c]!;
        expect([row[3], row[6], row[10], row[11]]).toEqual([unit.code, cell.criterionKey, cell.score, cell.cannotAssess ? 1 : 0]);
      }
    }
  });
});

describe("the unit contacts' view (/national/unit)", () => {
  it("shows Uppsala's own published scores beside the distribution, and no other unit", async () => {
    const { r2025 } = await demoRounds();
    const result = await callLoader(unitPage.loader, { path: "/national/unit", as: DEMO.unitContact });
    expect(result.status).toBe(200);
    expect(result.data.kind).toBe("ok");
    // Uppsala is published only in 2025 (in 2026 it is still gathering).
    expect(result.data.rounds.map((r: { id: number }) => r.id)).toEqual([r2025]);
    const { comparison } = result.data;
    expect(comparison.unit.code).toBe("03");
    expect(comparison.units).toBe(21);
    expect(comparison.minGroupSize).toBe(MIN_GROUP_SIZE);

    // Against the coordinator's picture: the same own scores, medians and counts.
    const national = (await callLoader(page.loader, { path: `/national?round=${r2025}`, as: DEMO.coordinator })).data.aggregation;
    const uppsala = national.units.find((u: { code: string }) => u.code === "03");
    for (const [c, criterion] of comparison.criteria.entries()) {
      expect(criterion.own).toEqual({ score: uppsala.cells[c].score, cannotAssess: uppsala.cells[c].cannotAssess });
      const stat = national.criterionStats[c];
      expect(criterion.national.n).toBe(stat.n);
      expect(criterion.national.median).toBe(stat.median);
      const scores = national.units.map((u: { cells: { score: number | null }[] }) => u.cells[c]!.score);
      expect(criterion.national.counts).toEqual([0, 1, 2, 3].map((v) => scores.filter((s: number | null) => s === v).length));
    }

    // Nothing of any other unit: no name, code or review id.
    const text = JSON.stringify(result.data);
    const others = await getDb().selectFrom("units").select(["code", "name_sv", "name_en"]).where("code", "!=", "03").where("kind", "=", "county").execute();
    for (const unit of others) {
      expect(text).not.toContain(unit.name_sv);
      expect(text).not.toContain(unit.name_en);
      expect(text).not.toContain(`"code":"${unit.code}"`);
    }
    const otherReviews = await getDb().selectFrom("reviews").select("id").where("round_id", "=", r2025).execute();
    const uppsalaReview = comparison.unit.reviewId;
    for (const review of otherReviews.filter((r) => r.id !== uppsalaReview)) expect(text).not.toContain(`"reviewId":${review.id}`);
  });

  it("answers 404 for a round without a published review of the unit, 400 for a malformed id", async () => {
    const { r2026 } = await demoRounds();
    for (const query of [`round=${r2026}`, "round=424242"]) {
      const result = await callLoader(unitPage.loader, { path: `/national/unit?${query}`, as: DEMO.unitContact });
      expect(result.status, query).toBe(404);
      expect(result.data.messageKey).toBe("nationalUnit.error.unknownRound");
    }
    for (const query of ["round=x", "round=0", "round=1&round=2"]) {
      const result = await callLoader(unitPage.loader, { path: `/national/unit?${query}`, as: DEMO.unitContact });
      expect(result.status, query).toBe(400);
    }
  });

  it("hides the national numbers when fewer than the minimum group have a score", async () => {
    // A round with four published counties: below the minimum group of five everywhere.
    const fixture = await createReviewFixture({ stage: "published" });
    const db = getDb();
    const now = new Date().toISOString();
    for (const code of ["01", "04", "05"]) {
      const unit = await db.selectFrom("units").select("id").where("code", "=", code).executeTakeFirstOrThrow();
      const { id } = await db
        .insertInto("reviews")
        .values({ round_id: fixture.roundId, unit_id: unit.id, stage: "published", published_at: now, snapshot_json: "{}", snapshot_hash: "x", created_at: now, updated_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("consensus_scores")
        .values(fixture.criteria.map((c) => ({ review_id: id, criterion_id: c.id, score: 2, cannot_assess: 0 as const, rationale: "", updated_by: null, updated_at: now })))
        .execute();
    }
    await db
      .insertInto("consensus_scores")
      .values(fixture.criteria.map((c) => ({ review_id: fixture.reviewId, criterion_id: c.id, score: 1, cannot_assess: 0 as const, rationale: "", updated_by: null, updated_at: now })))
      .execute();
    const result = await callLoader(unitPage.loader, { path: `/national/unit?round=${fixture.roundId}`, as: DEMO.unitContact });
    expect(result.status).toBe(200);
    const { comparison } = result.data;
    expect(comparison.units).toBe(4);
    expect(comparison.criteria.every((c: { national: unknown }) => c.national === null)).toBe(true);
    expect(comparison.dimensions.every((d: { national: unknown }) => d.national === null)).toBe(true);
    expect(comparison.overall.national).toBeNull();
    expect(comparison.criteria[0].own).toEqual({ score: 1, cannotAssess: false });
  });

  it("says so when the unit has nothing published", async () => {
    await demoRounds();
    // Stockholm's 2025 review is published; its contact sees it. A contact of a unit with none sees the message.
    const stockholm = await callLoader(unitPage.loader, { path: "/national/unit", as: DEMO.unitContactStockholm });
    expect(stockholm.data.kind).toBe("ok");
    expect(stockholm.data.comparison.unit.code).toBe("01");
    await getDb().updateTable("users").set({ home_unit_id: (await getDb().selectFrom("units").select("id").where("code", "=", "NAT").executeTakeFirstOrThrow()).id }).where("email", "=", DEMO.unitContactStockholm).execute();
    const none = await callLoader(unitPage.loader, { path: "/national/unit", as: DEMO.unitContactStockholm });
    expect(none.status).toBe(200);
    expect(none.data.kind).toBe("empty");
  });
});

describe("who may see what", () => {
  const NAMED = [DEMO.coordinator, DEMO.advisor];
  const OTHERS = [DEMO.admin, DEMO.editor, DEMO.reviewer, DEMO.reviewerSkane, DEMO.reviewerNorrbotten, DEMO.unitContact, DEMO.unitContactStockholm];

  it("the named picture, its trends and every export: coordinator and advisor only; the unit view: unit contacts only", async () => {
    const { r2025, r2026 } = await demoRounds();
    const series = `round=${r2025}&series=${r2025}&series=${r2026}`;
    const named = [
      { loader: page.loader, path: `/national?${series}` },
      { loader: csvRoute.loader, path: `/national/export.csv?${series}` },
      { loader: csvRoute.loader, path: `/national/export.csv?${series}&table=trends` },
      { loader: xlsxRoute.loader, path: `/national/export.xlsx?${series}` },
      { loader: jsonRoute.loader, path: `/national/export.json?${series}` },
    ];
    for (const route of named) {
      for (const as of NAMED) expect((await callLoader(route.loader, { path: route.path, as })).status, `${route.path} ${as}`).toBe(200);
      for (const as of OTHERS) {
        const refused = await callLoader(route.loader, { path: route.path, as });
        expect(refused.status, `${route.path} ${as}`).toBe(403);
        expect(JSON.stringify(refused.data ?? "")).not.toContain("Region");
      }
      expect((await callLoader(route.loader, { path: route.path })).status).toBe(302);
    }
    for (const as of [DEMO.unitContact, DEMO.unitContactStockholm]) {
      expect((await callLoader(unitPage.loader, { path: "/national/unit", as })).status).toBe(200);
    }
    for (const as of [...NAMED, DEMO.admin, DEMO.editor, DEMO.reviewer, DEMO.reviewerSkane, DEMO.reviewerNorrbotten]) {
      expect((await callLoader(unitPage.loader, { path: "/national/unit", as })).status, as).toBe(403);
    }
    expect((await callLoader(unitPage.loader, { path: "/national/unit" })).status).toBe(302);
  });
});

describe("hostile query strings", () => {
  const HOSTILE = ["", " ", "0", "-1", "1e309", "9007199254740993", "NaN", "abc", "<script>", "' OR 1=1 --", "\u0000", "𝕂".repeat(300), "a".repeat(5000), "trends", "scores", "all", "basic"];

  it("never give a 5xx on the page, the unit view or any export", async () => {
    const { r2025, r2026 } = await demoRounds();
    const value = fc.oneof(fc.constantFrom(...HOSTILE, String(r2025), String(r2026)), fc.string({ maxLength: 12 }));
    const key = fc.constantFrom("round", "demand", "series", "table", "x");
    const query = fc.array(fc.tuple(key, value), { maxLength: 6 }).map((pairs) => new URLSearchParams(pairs).toString());
    const cookies = { coordinator: await sessionCookieFor(DEMO.coordinator), contact: await sessionCookieFor(DEMO.unitContact) };
    const routes = [
      { loader: page.loader, path: "/national", cookie: cookies.coordinator },
      { loader: csvRoute.loader, path: "/national/export.csv", cookie: cookies.coordinator },
      { loader: xlsxRoute.loader, path: "/national/export.xlsx", cookie: cookies.coordinator },
      { loader: jsonRoute.loader, path: "/national/export.json", cookie: cookies.coordinator },
      { loader: unitPage.loader, path: "/national/unit", cookie: cookies.contact },
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), query, async (route, search) => {
        const result = await callLoader(route.loader, { path: `${route.path}?${search}`, cookie: route.cookie });
        expect(result.status, `${route.path}?${search}`).toBeLessThan(500);
        expect([200, 400, 404]).toContain(result.status);
      }),
      { numRuns: 120 },
    );
  });
});
