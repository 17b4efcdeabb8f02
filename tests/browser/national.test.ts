/**
 * The national picture in a real browser, as the national coordinator: the clear message while
 * nothing is published, then a round with published reviews (written straight into the server's
 * database, since publishing is built elsewhere), its heatmaps, the GET form with and without
 * JavaScript, the CSV download, Swedish and English, and axe on each state. The round it creates
 * is removed again afterwards.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type OpenedDatabase } from "#db/connection";
import { currentPath, expectNoAxeViolations, signIn, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();

const COORDINATOR = "nationell@kollega.test";
/** Counties whose contacts are not demo accounts, so no other test sees a difference. */
const UNITS = ["05", "06", "13", "14", "25"];

let opened: OpenedDatabase | undefined;
let roundId: number | undefined;
let hadPublishedBefore = false;

function db() {
  if (!opened) {
    const file = process.env.KOLLEGA_TEST_DATABASE_PATH;
    if (!file) throw new Error("KOLLEGA_TEST_DATABASE_PATH is not set: run the browser tests with `npm run test:browser`.");
    opened = openDatabase(file);
  }
  return opened.db;
}

/** A county round on manual v1 with five published reviews, scores and a few recommendations. */
async function createPublishedRound(): Promise<{ roundId: number; reviewIds: Map<string, number> }> {
  const now = new Date().toISOString();
  return db()
    .transaction()
    .execute(async (trx) => {
      const manual = await trx
        .selectFrom("manual_versions")
        .select("id")
        .where("manual_key", "=", "county")
        .where("version", "=", 1)
        .executeTakeFirstOrThrow();
      const criteria = await trx.selectFrom("manual_criteria").select("id").where("manual_version_id", "=", manual.id).orderBy("position").execute();
      const { id } = await trx
        .insertInto("rounds")
        .values({
          name: "Webbtest nationell bild",
          level: "county",
          manual_version_id: manual.id,
          period_start: "2019-01-01",
          period_end: "2019-12-31",
          synthetic: 1,
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const reviewIds = new Map<string, number>();
      for (const [u, code] of UNITS.entries()) {
        const unit = await trx.selectFrom("units").select("id").where("code", "=", code).executeTakeFirstOrThrow();
        const review = await trx
          .insertInto("reviews")
          .values({
            round_id: id,
            unit_id: unit.id,
            stage: "published",
            published_at: now,
            snapshot_json: "{}",
            snapshot_hash: "browser-test",
            created_at: now,
            updated_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        reviewIds.set(code, review.id);
        await trx
          .insertInto("consensus_scores")
          .values(
            criteria.map((criterion, c) => {
              const cannotAssess = u === 1 && c === 2;
              return {
                review_id: review.id,
                criterion_id: criterion.id,
                score: cannotAssess ? null : (u + c) % 4,
                cannot_assess: cannotAssess ? (1 as const) : (0 as const),
                rationale: "",
                updated_by: null,
                updated_at: now,
              };
            }),
          )
          .execute();
        const recommendation = await trx
          .insertInto("recommendations")
          .values({ review_id: review.id, text: "Testrekommendation", priority: u % 2 ? "high" : "low", position: 1, created_by: null, created_at: now, updated_at: now })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx.insertInto("recommendation_criteria").values({ recommendation_id: recommendation.id, criterion_id: criteria[0]!.id }).execute();
      }
      return { roundId: id, reviewIds };
    });
}

beforeAll(async () => {
  const published = await db().selectFrom("reviews").select("id").where("stage", "=", "published").limit(1).executeTakeFirst();
  hadPublishedBefore = published !== undefined;
});

afterAll(async () => {
  if (roundId !== undefined) {
    // Reviews, scores and recommendations go with the round (ON DELETE CASCADE).
    await db().deleteFrom("rounds").where("id", "=", roundId).execute();
  }
  opened?.sqlite.close();
});

describe("/national", () => {
  test("says clearly that nothing is published yet (when so), and is accessible", async () => {
    const page = await newPage();
    await signIn(page, COORDINATOR);
    await page.locator("header nav").getByRole("link", { name: "Nationell bild" }).click();
    await page.waitForURL((url) => url.pathname === "/national");
    await page.locator("main h1").filter({ hasText: "Nationell bild" }).waitFor();
    await waitForHydration(page);
    if (!hadPublishedBefore) {
      await page.getByText("Det finns ännu inga publicerade granskningar.", { exact: false }).waitFor();
      expect(await page.locator("main table").count()).toBe(0);
    }
    await expectNoAxeViolations(page, "/national before any publication");
  });

  test("shows a round's heatmaps, rules and links; the form, the CSV and English work", async () => {
    const created = await createPublishedRound();
    roundId = created.roundId;
    const page = await newPage();
    await signIn(page, COORDINATOR);
    const response = await page.goto(`/national?round=${roundId}`);
    expect(response?.status()).toBe(200);
    await waitForHydration(page);

    // Units × dimensions and units × criteria: real tables with the numbers as text.
    const dimensions = page.getByRole("table", { name: /Medelvärde per enhet och dimension/ });
    await dimensions.waitFor();
    expect(await dimensions.locator("tbody tr").count()).toBe(UNITS.length);
    const matrix = page.getByRole("table", { name: "Konsensuspoäng per enhet och kriterium." });
    expect(await matrix.locator("tbody tr").count()).toBe(UNITS.length);
    expect(await matrix.locator("tbody tr").first().locator("td").count()).toBe(23);
    // The column header carries the criterion's full text for screen readers.
    const firstHeader = matrix.getByRole("columnheader", { name: /^Kriterium 1\.1: Finns ett politiskt forum/ });
    expect(await firstHeader.count()).toBe(1);
    // Cannot assess is shown as E/B with its meaning, and the legend explains it.
    const jonkoping = matrix.getByRole("row", { name: /Region Jönköpings län/ });
    expect((await jonkoping.locator("td").nth(2).textContent())?.startsWith("E/B")).toBe(true);
    await page.locator(".legend-list").getByText("Ej bedömbart: räknas inte i medelvärden").waitFor();
    // Unit names lead to their reviews.
    const link = matrix.getByRole("link", { name: "Region Halland" });
    expect(await link.getAttribute("href")).toBe(`/reviews/${created.reviewIds.get("13")}`);
    // Rules are stated, and Halland's two regions are explained.
    await page.getByText("Regel: kriterier där minst 50", { exact: false }).waitFor();
    await page.getByText("Region Halland hör till flera sjukvårdsregioner", { exact: false }).waitFor();
    await expectNoAxeViolations(page, `/national?round=${roundId}`);

    // The GET form: filter by level of demand.
    await page.getByLabel("Kravnivå", { exact: true }).selectOption("basic");
    await page.getByRole("button", { name: "Visa" }).click();
    await page.waitForURL((url) => url.searchParams.get("demand") === "basic");
    expect(currentPath(page)).toBe(`/national?round=${roundId}&demand=basic`);
    await page.getByRole("term").filter({ hasText: "Kravnivå" }).waitFor();
    expect(await page.locator("dl.facts dd").filter({ hasText: "Grundläggande" }).count()).toBe(1);

    // The CSV download: BOM, semicolons, one row per unit and criterion.
    const csv = await page.request.get(`/national/export.csv?round=${roundId}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const body = await csv.body();
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString("utf8").trim().split("\r\n")).toHaveLength(1 + UNITS.length * 23);

    // The PDF links carry the page's round and filter.
    const pdfLink = page.getByRole("link", { name: "PDF på svenska" });
    expect(await pdfLink.getAttribute("href")).toBe(`/national/report.pdf?round=${roundId}&demand=basic&lang=sv`);
    expect(await page.getByRole("link", { name: "PDF på engelska" }).getAttribute("href")).toBe(`/national/report.pdf?round=${roundId}&demand=basic&lang=en`);
    const pdf = await page.request.get((await pdfLink.getAttribute("href"))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    // English.
    const header = page.locator("header");
    try {
      await header.getByRole("button", { name: "In English" }).click();
      await page.locator("html[lang=en]").waitFor({ state: "attached" });
      await page.locator("main h1").filter({ hasText: "National picture" }).waitFor();
      await page.getByRole("table", { name: "Consensus score per unit and criterion." }).waitFor();
      await waitForHydration(page);
      await expectNoAxeViolations(page, `/national?round=${roundId} in English`);
    } finally {
      const toSwedish = header.getByRole("button", { name: "På svenska" });
      if (await toSwedish.count()) await toSwedish.click();
    }
    await page.locator("html[lang=sv]").waitFor({ state: "attached" });
  });

  test("the form works without JavaScript", async () => {
    expect(roundId, "the previous test created the round").toBeDefined();
    const page = await newPage({ javaScriptEnabled: false });
    await signIn(page, COORDINATOR);
    await page.goto(`/national?round=${roundId}`);
    await page.getByLabel("Kravnivå", { exact: true }).selectOption("advanced");
    await page.getByRole("button", { name: "Visa" }).click();
    await page.waitForURL((url) => url.searchParams.get("demand") === "advanced");
    expect(await page.locator("dl.facts dd").filter({ hasText: "Avancerad" }).count()).toBe(1);
    const matrix = page.getByRole("table", { name: "Konsensuspoäng per enhet och kriterium." });
    const advanced = await db()
      .selectFrom("manual_criteria")
      .innerJoin("rounds", "rounds.manual_version_id", "manual_criteria.manual_version_id")
      .where("rounds.id", "=", roundId!)
      .where("manual_criteria.demand", "=", "advanced")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(await matrix.locator("tbody tr").first().locator("td").count()).toBe(Number(advanced.n));
  });

  test("an advisor may read it; a reviewer gets 403", async () => {
    const advisor = await newPage();
    await signIn(advisor, "radgivare@kollega.test");
    expect((await advisor.goto("/national"))?.status()).toBe(200);
    const reviewer = await newPage();
    await signIn(reviewer, "granskare.skane@kollega.test");
    expect((await reviewer.goto("/national"))?.status()).toBe(403);
    expect((await reviewer.request.get("/national/export.json")).status()).toBe(403);
  });
});
