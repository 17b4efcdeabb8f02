/**
 * The national picture in a real browser, as the national coordinator: the clear message while
 * nothing is published, then a round with published reviews (written straight into the server's
 * database, since publishing is built elsewhere), its heatmaps, the GET form with and without
 * JavaScript, the CSV download, Swedish and English, and axe on each state. The round it creates
 * is removed again afterwards.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase, type OpenedDatabase } from "#db/connection";
import { readSheets } from "~/modules/national/xlsx.fixture";
import { currentPath, expectNoAxeViolations, serverDatabasePath, signIn, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();

const COORDINATOR = "nationell@kollega.test";
/** Counties whose contacts are not demo accounts, so no other test sees a difference. */
const UNITS = ["05", "06", "13", "14", "25"];

let opened: OpenedDatabase | undefined;
let roundId: number | undefined;
let hadPublishedBefore = false;

function db() {
  if (!opened) {
    const file = serverDatabasePath();
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
    await page.getByRole("button", { name: "Visa", exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("demand") === "basic");
    expect(currentPath(page)).toBe(`/national?round=${roundId}&demand=basic`);
    // The facts say the filter once the filtered picture has rendered (the address can change first).
    const filterFact = page.locator("dl.facts dd").filter({ hasText: "Grundläggande" });
    await filterFact.first().waitFor();
    expect(await filterFact.count()).toBe(1);

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
    await page.getByRole("button", { name: "Visa", exact: true }).click();
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

describe("/national trends across rounds (demo: Länsgranskning 2025 on v1, 2026 on v2)", () => {
  const seriesBox = (page: import("playwright-core").Page, name: string) => page.getByRole("checkbox", { name: new RegExp(`^${name} \\(manualversion \\d+, `) });
  // The page opens on the newest round with published reviews, which the review walk (same server)
  // may have made one of its own; these tests are about the demo county rounds, so they open 2026.
  const open2026 = async (page: import("playwright-core").Page) => {
    const round = await db().selectFrom("rounds").select("id").where("name", "=", "Länsgranskning 2026").executeTakeFirstOrThrow();
    await page.goto(`/national?round=${round.id}`);
  };

  test("a series chosen in the GET form: the SVG chart, the table, 'Ej jämförbart' with its relation; Swedish and English; axe", async () => {
    const page = await newPage();
    await signIn(page, COORDINATOR);
    await open2026(page);
    await waitForHydration(page);
    await seriesBox(page, "Länsgranskning 2025").check();
    await seriesBox(page, "Länsgranskning 2026").check();
    await page.getByRole("button", { name: "Visa trender" }).click();
    await page.waitForURL((url) => url.searchParams.getAll("series").length === 2);

    const chart = page.getByRole("img", { name: /Medelvärde per dimension och omgång/ });
    await chart.waitFor();
    // Server-rendered: the lines are in the SVG itself.
    expect(await chart.locator("path").count()).toBeGreaterThanOrEqual(3);
    const criteria = page.getByRole("table", { name: /Nationellt medelvärde, andel med gap och n per kriterium och omgång/ });
    const split = criteria.locator('tr[data-criterion="research-collaborations"]');
    expect(await split.locator("td").first().textContent()).toBe("Ej jämförbart (delat från external-collaborations)");
    expect(await criteria.locator('tr[data-criterion="development-support-followed-up"] td').first().textContent()).toBe("Ej jämförbart (nytt kriterium)");
    expect(await criteria.locator('tr[data-criterion="competence-decision-support"] td').nth(1).textContent()).toBe("Ej jämförbart (utgått)");
    // A same criterion has numbers in both rounds.
    const same = await criteria.locator('tr[data-criterion="political-forum"] td').allTextContents();
    expect(same.every((text) => /^\d,\d\d · gap \d+ % · n \d+$/.test(text.replace(/\u00a0/g, " ")))).toBe(true);
    const trendCsv = await page.request.get(`/national/export.csv?${new URL(page.url()).searchParams}&table=trends`);
    expect(trendCsv.status()).toBe(200);
    const xlsx = await page.request.get(`/national/export.xlsx?${new URL(page.url()).searchParams}`);
    expect(xlsx.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect([...(await xlsx.body()).subarray(0, 2)]).toEqual([0x50, 0x4b]);
    await expectNoAxeViolations(page, "/national with a trend series");

    const header = page.locator("header");
    try {
      await header.getByRole("button", { name: "In English" }).click();
      await page.locator("html[lang=en]").waitFor({ state: "attached" });
      await page.getByRole("img", { name: /Mean per dimension and round/ }).waitFor();
      await page.getByText("Not comparable (split from external-collaborations)").first().waitFor();
      await waitForHydration(page);
      await expectNoAxeViolations(page, "/national with a trend series, in English");
    } finally {
      const toSwedish = header.getByRole("button", { name: "På svenska" });
      if (await toSwedish.count()) await toSwedish.click();
    }
    await page.locator("html[lang=sv]").waitFor({ state: "attached" });
    // Two axe runs over a long page on a shared machine: more room than the default minute.
  }, 180_000);

  test("the series form works without JavaScript", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await signIn(page, COORDINATOR);
    await open2026(page);
    await seriesBox(page, "Länsgranskning 2025").check();
    await seriesBox(page, "Länsgranskning 2026").check();
    await page.getByRole("button", { name: "Visa trender" }).click();
    await page.waitForURL((url) => url.searchParams.getAll("series").length === 2);
    await page.getByRole("img", { name: /Medelvärde per dimension och omgång/ }).waitFor();
  });

  test("a bad series answers 400 with the message beside the field and the picture kept", async () => {
    const page = await newPage();
    await signIn(page, COORDINATOR);
    const round = await db().selectFrom("rounds").select("id").where("name", "=", "Länsgranskning 2026").executeTakeFirstOrThrow();
    // One round only: 400, the picture stays, the message sits in the series fieldset.
    const response = await page.goto(`/national?round=${round.id}&series=${round.id}`);
    expect(response?.status()).toBe(400);
    const fieldset = page.getByRole("group", { name: "Omgångar i serien" });
    await fieldset.getByRole("alert").filter({ hasText: "Välj minst två omgångar för att se trender." }).waitFor();
    expect(await fieldset.getAttribute("aria-describedby")).toBe("national-series-error");
    expect(await page.getByRole("table", { name: "Konsensuspoäng per enhet och kriterium." }).count()).toBe(1);
    await expectNoAxeViolations(page, "/national with a bad series");
  });
});

describe("/national/unit (a unit contact's own view)", () => {
  test("Uppsala's own results beside the distribution, no other county's name; Swedish and English; axe", async () => {
    const page = await newPage();
    await signIn(page, "kontakt.uppsala@kollega.test");
    await page.locator("header nav").getByRole("link", { name: "Nationell jämförelse" }).click();
    await page.waitForURL((url) => url.pathname === "/national/unit");
    await waitForHydration(page);
    await page.locator("main h1").filter({ hasText: "Nationell jämförelse" }).waitFor();
    const criteria = page.getByRole("table", { name: /Er enhets konsensuspoäng, den nationella medianen och antalet enheter per poäng/ });
    // The page opens on Uppsala's latest round with a published review. Which round that is depends
    // on whether the review walk (same server) has published its one-county round yet, so the test
    // checks the default against the database, then picks Länsgranskning 2025 (all 21 counties
    // published: every distribution shown) with the page's own GET form.
    const latest = await db()
      .selectFrom("reviews")
      .innerJoin("units", "units.id", "reviews.unit_id")
      .innerJoin("rounds", "rounds.id", "reviews.round_id")
      .where("units.name_sv", "=", "Region Uppsala")
      .where("reviews.stage", "=", "published")
      .select(["rounds.id", "rounds.period_start"])
      .orderBy("rounds.period_start", "desc")
      .orderBy("rounds.id", "desc")
      .executeTakeFirstOrThrow();
    expect(Number(await page.locator("select#unit-round").inputValue())).toBe(latest.id);
    const round2025 = await db().selectFrom("rounds").select("id").where("name", "=", "Länsgranskning 2025").executeTakeFirstOrThrow();
    await page.locator("select#unit-round").selectOption(String(round2025.id));
    await page.getByRole("button", { name: "Visa", exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("round") === String(round2025.id));
    const { count } = await db()
      .selectFrom("manual_criteria")
      .innerJoin("rounds", "rounds.manual_version_id", "manual_criteria.manual_version_id")
      .where("rounds.id", "=", round2025.id)
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(23);
    expect(await criteria.locator("tbody tr").count()).toBe(23);
    // The counts per step add up to n.
    const cells = await criteria.locator("tbody tr").first().locator("td").allTextContents();
    const [, , n, ...counts] = cells;
    expect(counts.map((c) => Number.parseInt(c, 10)).reduce((a, b) => a + b, 0)).toBe(Number(n));
    const text = (await page.locator("main").textContent()) ?? "";
    for (const other of ["Stockholm", "Skåne", "Norrbotten", "Halland", "Gotland"]) expect(text).not.toContain(other);
    await page.getByText("Skydd för små grupper", { exact: false }).waitFor();
    await expectNoAxeViolations(page, "/national/unit");

    const header = page.locator("header");
    try {
      await header.getByRole("button", { name: "In English" }).click();
      await page.locator("html[lang=en]").waitFor({ state: "attached" });
      await page.locator("main h1").filter({ hasText: "National comparison" }).waitFor();
      await waitForHydration(page);
      await expectNoAxeViolations(page, "/national/unit in English");
    } finally {
      const toSwedish = header.getByRole("button", { name: "På svenska" });
      if (await toSwedish.count()) await toSwedish.click();
    }
    await page.locator("html[lang=sv]").waitFor({ state: "attached" });
    // The named picture and its exports stay closed to a unit contact.
    expect((await page.goto("/national"))?.status()).toBe(403);
    expect((await page.request.get("/national/export.xlsx")).status()).toBe(403);
  }, 180_000);
});

describe("Länsgranskning 2025 in the page's HTML, the CSV, the XLSX and the JSON", () => {
  test("agree on every score of all 21 counties and on every criterion's n, mean and gap shares", async () => {
    const page = await newPage();
    await signIn(page, COORDINATOR);
    const round = await db().selectFrom("rounds").select("id").where("name", "=", "Länsgranskning 2025").executeTakeFirstOrThrow();
    await page.goto(`/national?round=${round.id}`);
    // The heatmap as rendered: unit name and the visible text of every cell.
    const matrix = await page.getByRole("table", { name: "Konsensuspoäng per enhet och kriterium." }).evaluate((table) =>
      [...table.querySelectorAll("tbody tr")].map((tr) => ({
        unit: tr.querySelector("th")!.textContent!.trim(),
        cells: [...tr.querySelectorAll("td")].map((td) => (td.querySelector('[aria-hidden="true"]')?.textContent ?? td.childNodes[0]?.textContent ?? "").trim()),
      })),
    );
    expect(matrix).toHaveLength(21);
    const csv = (await (await page.request.get(`/national/export.csv?round=${round.id}`)).text()).replace(/^\uFEFF/, "").trimEnd().split("\r\n").slice(1).map((l) => l.split(";"));
    const sheets = readSheets(new Uint8Array(await (await page.request.get(`/national/export.xlsx?round=${round.id}`)).body()));
    const json = await (await page.request.get(`/national/export.json?round=${round.id}`)).json();
    expect(csv).toHaveLength(21 * 23);
    for (const [u, row] of matrix.entries()) {
      expect(row.cells).toHaveLength(23);
      for (const [c, shown] of row.cells.entries()) {
        const line = csv[u * 23 + c]!;
        const cell = json.units[u].cells[c];
        const xlsx = sheets[0]!.rows[1 + u * 23 + c]!;
        expect(line[4]).toBe(row.unit);
        expect(json.units[u].name.sv).toBe(row.unit);
        // Shown: the score, "E/B" (cannot assess) or "–" (no score).
        const expected = cell.cannotAssess ? "E/B" : cell.score === null ? "–" : String(cell.score);
        expect(shown, `${row.unit} ${cell.criterionKey}`).toBe(expected);
        expect(line[10]).toBe(cell.score === null ? "" : String(cell.score));
        expect(line[11]).toBe(cell.cannotAssess ? "1" : "0");
        expect([xlsx[3], xlsx[6], xlsx[10], xlsx[11]]).toEqual([line[3], line[6], cell.score, cell.cannotAssess ? 1 : 0]);
      }
    }
    // The per-criterion table: n, mean and median (one decimal, decimal comma), shares as whole percentages.
    const stats = await page.getByRole("table", { name: /Gap och stora gap per kriterium/ }).evaluate((table) =>
      [...table.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent!.replace(/[\u00a0\u202f]/g, " ").trim())),
    );
    const oneDecimal = new Intl.NumberFormat("sv-SE", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const decimal = (v: number) => oneDecimal.format(v);
    const percent = (v: number) => `${Math.round(v * 100)} %`;
    for (const [i, stat] of json.criterionStats.entries()) {
      const [, n, mean, median, gapShare, majorGapShare] = stats[i]!;
      expect([n, mean, median, gapShare, majorGapShare]).toEqual([String(stat.n), decimal(stat.mean), decimal(stat.median), percent(stat.gapShare), percent(stat.majorGapShare)]);
    }
  });
});
