/**
 * The national picture through its real loaders and the real tables: who may open the page and
 * the exports, that only published reviews count, that page, CSV and JSON agree, and that bad
 * queries answer 400 and unknown rounds 404.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { seedDemoReviews } from "#db/seed/demo-reviews";
import * as csvRoute from "~/routes/national.export[.]csv";
import * as jsonRoute from "~/routes/national.export[.]json";
import * as xlsxRoute from "~/routes/national.export[.]xlsx";
import * as page from "~/routes/national._index";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { createReviewFixture, idOfUnit, type ReviewFixture } from "../factories";
import { DEMO, callLoader, sessionCookieFor } from "../route";

beforeEach(() => {
  useFreshDatabase();
});

const NOW = "2026-06-01T10:00:00.000Z";

/** Adds a review of `unitCode` to the fixture's round, in `stage`. */
async function addReview(fixture: ReviewFixture, unitCode: string, stage: "published" | "assessment" | "factual_check") {
  const { id } = await getDb()
    .insertInto("reviews")
    .values({
      round_id: fixture.roundId,
      unit_id: await idOfUnit(unitCode),
      stage,
      published_at: stage === "published" ? NOW : null,
      snapshot_json: stage === "published" ? "{}" : null,
      snapshot_hash: stage === "published" ? "test-hash" : null,
      created_at: NOW,
      updated_at: NOW,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** Consensus rows for every criterion: `scoreOf(index)` gives a score, null, or "ca" (cannot assess). */
async function addConsensus(reviewId: number, fixture: ReviewFixture, scoreOf: (index: number) => number | null | "ca") {
  await getDb()
    .insertInto("consensus_scores")
    .values(
      fixture.criteria.map((criterion, i) => {
        const value = scoreOf(i);
        return {
          review_id: reviewId,
          criterion_id: criterion.id,
          score: value === "ca" ? null : value,
          cannot_assess: value === "ca" ? (1 as const) : (0 as const),
          rationale: "",
          updated_by: null,
          updated_at: NOW,
        };
      }),
    )
    .execute();
}

async function addRecommendation(reviewId: number, priority: "high" | "medium" | "low", criterionIds: number[]) {
  const { id } = await getDb()
    .insertInto("recommendations")
    .values({ review_id: reviewId, text: "Gör något", priority, position: 1, created_by: null, created_at: NOW, updated_at: NOW })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (criterionIds.length) {
    await getDb()
      .insertInto("recommendation_criteria")
      .values(criterionIds.map((criterion_id) => ({ recommendation_id: id, criterion_id })))
      .execute();
  }
  return id;
}

interface Scenario {
  fixture: ReviewFixture;
  uppsala: number;
  stockholm: number;
  halland: number;
  skaneDraft: number;
}

/**
 * A county round on manual v1 (23 criteria): Uppsala (the factory's review), Stockholm and
 * Halland published; Skåne still in assessment with consensus rows and a recommendation that
 * must never count.
 */
async function scenario(): Promise<Scenario> {
  const fixture = await createReviewFixture({ stage: "published" });
  const uppsala = fixture.reviewId;
  const stockholm = await addReview(fixture, "01", "published");
  const halland = await addReview(fixture, "13", "published");
  const skaneDraft = await addReview(fixture, "12", "assessment");
  await addConsensus(uppsala, fixture, (i) => (i === 0 ? "ca" : 2));
  await addConsensus(stockholm, fixture, () => 3);
  await addConsensus(halland, fixture, (i) => (i < 6 ? 0 : i === 22 ? null : 1));
  await addConsensus(skaneDraft, fixture, () => 0);
  const [first, second] = fixture.criteria;
  await addRecommendation(halland, "high", [first!.id, second!.id]);
  await addRecommendation(uppsala, "medium", [first!.id]);
  await addRecommendation(skaneDraft, "high", [first!.id]);
  return { fixture, uppsala, stockholm, halland, skaneDraft };
}

const ALLOWED = [DEMO.coordinator, DEMO.advisor];
const REFUSED = [DEMO.admin, DEMO.editor, DEMO.reviewer, DEMO.reviewerSkane, DEMO.unitContact, DEMO.unitContactStockholm];
const ROUTES = [
  { name: "page", loader: page.loader, path: "/national" },
  { name: "CSV", loader: csvRoute.loader, path: "/national/export.csv" },
  { name: "XLSX", loader: xlsxRoute.loader, path: "/national/export.xlsx" },
  { name: "JSON", loader: jsonRoute.loader, path: "/national/export.json" },
];

describe("access to the national picture", () => {
  it("lets the coordinator and the advisor in, refuses every other role, sends anonymous visitors to sign in", async () => {
    const { fixture } = await scenario();
    for (const route of ROUTES) {
      const path = `${route.path}?round=${fixture.roundId}`;
      for (const as of ALLOWED) expect((await callLoader(route.loader, { path, as })).status, `${route.name} as ${as}`).toBe(200);
      for (const as of REFUSED) expect((await callLoader(route.loader, { path, as })).status, `${route.name} as ${as}`).toBe(403);
      const anonymous = await callLoader(route.loader, { path });
      expect(anonymous.status).toBe(302);
      expect(anonymous.location).toBe(`/login?${new URLSearchParams({ redirectTo: path })}`);
    }
  });

  it("refused exports carry no data", async () => {
    const { fixture } = await scenario();
    const result = await callLoader(csvRoute.loader, { path: `/national/export.csv?round=${fixture.roundId}`, as: DEMO.unitContact });
    expect(result.status).toBe(403);
    expect(JSON.stringify(result.data)).not.toContain("Halland");
  });
});

describe("the national page", () => {
  it("says clearly when nothing is published yet, and the exports answer 404", async () => {
    await createReviewFixture({ stage: "factual_check" });
    const result = await callLoader(page.loader, { path: "/national", as: DEMO.coordinator });
    expect(result.status).toBe(200);
    expect(result.data.kind).toBe("empty");
    expect(result.data.rounds).toEqual([]);
    const csv = await callLoader(csvRoute.loader, { path: "/national/export.csv", as: DEMO.coordinator });
    expect(csv.status).toBe(404);
    expect(csv.data).toBe("Det finns ännu ingen omgång med publicerade granskningar att ladda ner.\n");
  });

  it("shows the latest round with published reviews by default, and only published reviews", async () => {
    const { fixture, halland, uppsala } = await scenario();
    const { data } = await callLoader(page.loader, { path: "/national", as: DEMO.advisor });
    expect(data.kind).toBe("ok");
    expect(data.round).toMatchObject({ id: fixture.roundId, publishedReviews: 3, manualKey: "county", manualVersion: 1 });
    expect(data.query).toEqual({ round: fixture.roundId, demand: null });
    const aggregation = data.aggregation;
    // Skåne is in assessment: not a unit, no scores, no recommendations.
    expect(aggregation.units.map((u: { code: string }) => u.code)).toEqual(["01", "03", "13"]);
    expect(aggregation.criteria).toHaveLength(23);
    const hallandUnit = aggregation.units.find((u: { code: string }) => u.code === "13");
    expect(hallandUnit).toMatchObject({ reviewId: halland, regionCodes: ["sodra", "vastra"], majorGaps: 22, missing: 1 });
    expect(aggregation.units.find((u: { code: string }) => u.code === "03")).toMatchObject({ reviewId: uppsala, cannotAssess: 1, mean: 2 });
    // First criterion: Stockholm 3, Halland 0; Uppsala cannot assess.
    expect(aggregation.criterionStats[0]).toMatchObject({ n: 2, mean: 1.5, gaps: 1, gapShare: 0.5, majorGaps: 1, cannotAssess: 1 });
    expect(aggregation.regions.multiRegionUnits).toEqual([{ unitCode: "13", regionCodes: ["sodra", "vastra"] }]);
    expect(aggregation.recommendationThemes.recommendations).toBe(2);
    expect(aggregation.recommendationThemes.criteria[0]).toMatchObject({ criterionKey: fixture.criteria[0]!.key, total: 2, high: 1, medium: 1, units: 2 });
    expect(aggregation.inDepthCandidates.map((c: { unitCode: string }) => c.unitCode)).toEqual(["13"]);
  });

  it("never counts a review before publication, even with consensus rows", async () => {
    const fixture = await createReviewFixture({ stage: "assessment", unitCode: "12" });
    await addConsensus(fixture.reviewId, fixture, () => 1);
    // The round exists, but has nothing published: an empty picture, not Skåne's draft scores.
    const { data } = await callLoader(page.loader, { path: `/national?round=${fixture.roundId}`, as: DEMO.coordinator });
    expect(data.kind).toBe("ok");
    expect(data.round.publishedReviews).toBe(0);
    expect(data.aggregation.units).toEqual([]);
    expect(data.rounds).toEqual([]);
    const csv = await callLoader(csvRoute.loader, { path: `/national/export.csv?round=${fixture.roundId}`, as: DEMO.coordinator });
    expect(csv.status).toBe(200);
    expect(csv.data).not.toContain("Skåne");
    expect(csv.data.trim().split("\r\n")).toHaveLength(1);
    const json = await callLoader(jsonRoute.loader, { path: `/national/export.json?round=${fixture.roundId}`, as: DEMO.coordinator });
    expect(json.data.units).toEqual([]);
    expect(JSON.stringify(json.data)).not.toContain("Skåne");
  });

  it("offers only rounds with published reviews, latest first", async () => {
    const older = await scenario();
    const newer = await createReviewFixture({ stage: "published", unitCode: "05" });
    await getDb().updateTable("rounds").set({ period_start: "2027-01-01", name: "Senare omgång" }).where("id", "=", newer.roundId).execute();
    const draftOnly = await createReviewFixture({ stage: "analysis" });
    const { data } = await callLoader(page.loader, { path: "/national", as: DEMO.coordinator });
    expect(data.rounds.map((r: { id: number }) => r.id)).toEqual([newer.roundId, older.fixture.roundId]);
    expect(data.rounds.map((r: { id: number }) => r.id)).not.toContain(draftOnly.roundId);
    expect(data.round.id).toBe(newer.roundId);
    const chosen = await callLoader(page.loader, { path: `/national?round=${older.fixture.roundId}`, as: DEMO.coordinator });
    expect(chosen.data.round.id).toBe(older.fixture.roundId);
  });

  it("filters by level of demand", async () => {
    const { fixture } = await scenario();
    const { data } = await callLoader(page.loader, { path: `/national?round=${fixture.roundId}&demand=basic`, as: DEMO.coordinator });
    const demands = await getDb().selectFrom("manual_criteria").select(["key", "demand"]).where("manual_version_id", "=", fixture.manualVersionId).execute();
    const basic = demands.filter((c) => c.demand === "basic").map((c) => c.key);
    expect(data.aggregation.filter).toEqual({ demand: "basic" });
    expect(data.aggregation.criteria.map((c: { key: string }) => c.key).sort()).toEqual(basic.sort());
    expect(data.query.demand).toBe("basic");
  });

  it("answers 400 for a malformed query and 404 for an unknown round", async () => {
    await scenario();
    for (const query of ["round=abc", "round=0", "demand=expert", "round=1&round=2"]) {
      const result = await callLoader(page.loader, { path: `/national?${query}`, as: DEMO.coordinator });
      expect(result.status, query).toBe(400);
      expect(result.data.messageKey).toMatch(/^national\.error\./);
    }
    const unknown = await callLoader(page.loader, { path: "/national?round=999999", as: DEMO.coordinator });
    expect(unknown.status).toBe(404);
    expect(unknown.data.messageKey).toBe("national.error.unknownRound");
  });
});

describe("the national exports", () => {
  it("CSV: UTF-8 with BOM, semicolons, one row per published unit × criterion, as a download", async () => {
    const { fixture } = await scenario();
    const result = await callLoader(csvRoute.loader, { path: `/national/export.csv?round=${fixture.roundId}`, as: DEMO.coordinator });
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(result.headers.get("Content-Disposition")).toBe(`attachment; filename="nationell-bild-omgang-${fixture.roundId}.csv"`);
    expect(result.headers.get("Cache-Control")).toBe("private, no-store");
    // Response.text() drops a byte-order mark while decoding: check the bytes themselves.
    const response = (await csvRoute.loader({
      request: new Request(`http://localhost/national/export.csv?round=${fixture.roundId}`, { headers: { Cookie: await sessionCookieFor(DEMO.coordinator) } }),
      params: {},
      context: {},
    })) as Response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text: string = result.data;
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "round_id;manual;manual_version;unit_code;unit_name;healthcare_regions;criterion_key;criterion_number;dimension;demand;score;cannot_assess",
    );
    expect(lines).toHaveLength(1 + 3 * 23);
    expect(lines.slice(1).map((l) => l.split(";")[3])).not.toContain("12");
    const first = fixture.criteria[0]!.key;
    const criterion = await getDb()
      .selectFrom("manual_criteria")
      .select(["dimension_key", "demand"])
      .where("id", "=", fixture.criteria[0]!.id)
      .executeTakeFirstOrThrow();
    expect(lines).toContain(
      `${fixture.roundId};county;1;13;Region Halland;Södra sjukvårdsregionen, Västra sjukvårdsregionen;${first};1.1;${criterion.dimension_key};${criterion.demand};0;0`,
    );
    // Uppsala: cannot assess on the first criterion → empty score, flag 1.
    expect(lines).toContain(`${fixture.roundId};county;1;03;Region Uppsala;Sjukvårdsregion Mellansverige;${first};1.1;${criterion.dimension_key};${criterion.demand};;1`);
    // Halland has no score on the last criterion → empty score, flag 0.
    expect(lines.filter((l) => l.split(";")[3] === "13").at(-1)).toMatch(/;;0$/);
  });

  it("JSON: the page's aggregation object with a format header", async () => {
    const { fixture } = await scenario();
    const path = `?round=${fixture.roundId}&demand=developing`;
    const json = await callLoader(jsonRoute.loader, { path: `/national/export.json${path}`, as: DEMO.advisor });
    expect(json.status).toBe(200);
    expect(json.headers.get("Content-Disposition")).toBe(`attachment; filename="nationell-bild-omgang-${fixture.roundId}-developing.json"`);
    const { data: pageData } = await callLoader(page.loader, { path: `/national${path}`, as: DEMO.advisor });
    const { format, formatVersion, round, trends, ...aggregation } = json.data;
    expect(format).toBe("kollega.national-aggregation");
    expect(formatVersion).toBe(2);
    expect(trends).toBeNull();
    expect(round).toMatchObject({ id: fixture.roundId, manualKey: "county", manualVersion: 1, publishedReviews: 3 });
    expect(aggregation).toEqual(JSON.parse(JSON.stringify(pageData.aggregation)));
  });

  it("answers a plain-text 400 for bad parameters and 404 for an unknown round", async () => {
    await scenario();
    for (const loader of [csvRoute.loader, jsonRoute.loader, xlsxRoute.loader]) {
      const bad = await callLoader(loader, { path: "/national/export.csv?round=x", as: DEMO.coordinator });
      expect(bad.status).toBe(400);
      expect(bad.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      expect(bad.data).toBe("Ogiltig omgång: ange omgångens nummer.\n");
      const badDemand = await callLoader(loader, { path: "/national/export.csv?demand=alla", as: DEMO.coordinator });
      expect(badDemand.status).toBe(400);
      const unknown = await callLoader(loader, { path: "/national/export.csv?round=424242", as: DEMO.coordinator });
      expect(unknown.status).toBe(404);
      expect(unknown.data).toBe("Omgången finns inte.\n");
    }
  });
});

describe("with the demo review data", () => {
  it("Länsgranskning 2025 shows all 21 counties, and the page, CSV and JSON agree", async () => {
    const db = getDb();
    expect(await seedDemoReviews(db)).toBe(true);
    const round = await db.selectFrom("rounds").select("id").where("name", "=", "Länsgranskning 2025").executeTakeFirstOrThrow();
    // The demo seed publishes every 2025 review with its frozen snapshot.

    const { data } = await callLoader(page.loader, { path: `/national?round=${round.id}`, as: DEMO.coordinator });
    const aggregation = data.aggregation;
    expect(aggregation.units).toHaveLength(21);
    expect(aggregation.criteria).toHaveLength(23);

    const csv = await callLoader(csvRoute.loader, { path: `/national/export.csv?round=${round.id}`, as: DEMO.coordinator });
    const rows = (csv.data as string).trimEnd().split("\r\n").slice(1).map((line) => line.split(";"));
    expect(rows).toHaveLength(21 * 23);
    const json = await callLoader(jsonRoute.loader, { path: `/national/export.json?round=${round.id}`, as: DEMO.coordinator });

    // Every cell: the same score on the page, in the CSV and in the JSON.
    for (const [u, unit] of aggregation.units.entries()) {
      for (const [c, cell] of unit.cells.entries()) {
        const row = rows[u * 23 + c]!;
        expect([row[3], row[6]]).toEqual([unit.code, cell.criterionKey]);
        expect(row[10]).toBe(cell.score === null ? "" : String(cell.score));
        expect(row[11]).toBe(cell.cannotAssess ? "1" : "0");
        expect(json.data.units[u].cells[c]).toEqual(cell);
      }
    }
    // And against the database directly: the mean of every criterion.
    const stats = await db
      .selectFrom("consensus_scores")
      .innerJoin("reviews", "reviews.id", "consensus_scores.review_id")
      .innerJoin("manual_criteria", "manual_criteria.id", "consensus_scores.criterion_id")
      .where("reviews.round_id", "=", round.id)
      .where("consensus_scores.cannot_assess", "=", 0)
      .where("consensus_scores.score", "is not", null)
      .groupBy("manual_criteria.key")
      .select((eb) => ["manual_criteria.key", eb.fn.avg<number>("consensus_scores.score").as("mean"), eb.fn.countAll<number>().as("n")])
      .execute();
    for (const row of stats) {
      const stat = aggregation.criterionStats.find((s: { criterionKey: string }) => s.criterionKey === row.key);
      expect(stat.n).toBe(row.n);
      expect(stat.mean).toBeCloseTo(row.mean, 4);
    }
    // Halland counts in both of its regions.
    const regions = aggregation.regions.breakdown.map((r: { code: string; unitCodes: string[] }) => [r.code, r.unitCodes.includes("13")]);
    expect(regions.filter(([, has]: [string, boolean]) => has).map(([code]: [string]) => code)).toEqual(["sodra", "vastra"]);
  });
});
