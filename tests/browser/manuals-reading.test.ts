/**
 * The manual pages in a real browser: axe (WCAG 2.1 A/AA), one h1 and no skipped heading levels,
 * the diff's <del>/<ins> with their screen-reader words, the version form, English with fallback,
 * and the 400/404 pages with their messages. Nothing here saves data.
 */
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { expectNoAxeViolations, signIn, waitForHydration } from "./browser";
import { useBrowser } from "./browser";

const { newPage } = useBrowser();

/** Heading levels in document order inside <main>. */
async function headingLevels(page: Page): Promise<number[]> {
  return page.locator("main").locator("h1, h2, h3, h4, h5, h6").evaluateAll((nodes) => nodes.map((n) => Number(n.tagName.slice(1))));
}

async function expectHeadingOutline(page: Page) {
  const levels = await headingLevels(page);
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  expect(levels[0]).toBe(1);
  levels.forEach((level, i) => {
    if (i > 0) expect(level - levels[i - 1]!, `heading ${i} (h${level}) after h${levels[i - 1]}`).toBeLessThanOrEqual(1);
  });
}

async function visit(page: Page, path: string, status = 200) {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(status);
  await waitForHydration(page);
}

describe("manual pages", () => {
  test("anonymous visitors are sent to sign in and come back", async () => {
    const page = await newPage();
    await page.goto("/manuals/county/2");
    expect(new URL(page.url()).pathname).toBe("/login");
    await signIn(page, "kontakt.uppsala@kollega.test");
    expect(new URL(page.url()).pathname).toBe("/manuals/county/2");
  });

  for (const path of ["/manuals", "/manuals/county", "/manuals/county/2", "/manuals/national/1", "/manuals/county/diff?from=1&to=2"]) {
    test(`${path}: axe and heading outline`, async () => {
      const page = await newPage();
      await signIn(page, "granskare.stockholm@kollega.test");
      await visit(page, path);
      await expectHeadingOutline(page);
      await expectNoAxeViolations(page, path);
    });
  }

  test("one version reads with numbers, lead-in, basis note, scale and source", async () => {
    const page = await newPage();
    await signIn(page, "radgivare@kollega.test");
    await visit(page, "/manuals/county/1");
    const main = page.locator("main");
    await expect(main.locator("h1").textContent()).resolves.toContain("Bedömningsmanual för länsnivå");
    await expect(main.locator("#political-forum-heading").textContent()).resolves.toMatch(/^1\.1 Finns ett politiskt forum/);
    await expect(main.locator("#group-development-competences").textContent()).resolves.toContain("följande kompetenser:");
    await expect(main.locator("#competence-decision-support-heading").textContent()).resolves.toMatch(/^2\.8 /);
    await expect(main.locator("#political-forum").getByText("Projektets förslag", { exact: true }).count()).resolves.toBe(1);
    await expect(main.locator("#political-forum").textContent()).resolves.toContain("avsnitt 5.1, rad 3993–3996");
    await expect(main.locator("table.scale-table th[scope=row]").allTextContents()).resolves.toEqual([
      "Saknas",
      "Påbörjat",
      "Delvis på plats",
      "På plats",
      "Ej bedömbart",
    ]);
  });

  test("the diff highlights words for eyes and for screen readers, and filters to changes", async () => {
    const page = await newPage();
    await signIn(page, "nationell@kollega.test");
    await visit(page, "/manuals/county");
    await page.locator("main").getByRole("checkbox", { name: "Visa bara ändrade kriterier" }).check();
    await page.locator("main").getByRole("button", { name: "Jämför" }).click();
    await page.waitForURL((url) => url.pathname === "/manuals/county/diff" && url.searchParams.get("changes") === "only");
    const entries = page.locator("main .diff-entry");
    await entries.first().waitFor();
    // The four changed criteria, and four unchanged ones that v2 links Kolada indicators to (decision 014).
    expect(await entries.count()).toBe(8);
    const types = await page.locator("main .diff-entry .diff-type").allTextContents();
    expect(types.filter((type) => type !== "Oförändrat")).toEqual(["Delat", "Utgått", "Omformulerat", "Nytt"]);
    expect(await page.locator("main .diff-entry .diff-kpis--added").count()).toBe(4);
    await page.locator("main .diff-entry").getByText("Tillagda nyckeltal: N79136, N79131").waitFor();
    const reworded = page.locator("main .diff-entry--reworded");
    expect(await reworded.locator("del").first().textContent()).toMatch(/^borttaget: /);
    expect(await reworded.locator("ins").first().textContent()).toMatch(/^tillagt: /);
    expect(await reworded.locator("del .visually-hidden").first().isVisible()).toBe(true);
    await expectNoAxeViolations(page, "diff, changes only");
  });

  test("English follows the user's language", async () => {
    const page = await newPage();
    await signIn(page, "granskare.skane@kollega.test");
    await visit(page, "/manuals/node/1");
    await page.locator("header").getByRole("button", { name: "In English" }).click();
    await page.locator("main h1").filter({ hasText: "Assessment manual" }).waitFor();
    await expect(page.locator("main").getByText("Assessment basis").first().isVisible()).resolves.toBe(true);
    // Back to Swedish, so other tests see this account as they expect.
    await page.locator("header").getByRole("button", { name: "På svenska" }).click();
    await page.locator("main h1").filter({ hasText: "Bedömningsmanual" }).waitFor();
  });

  test("bad diff queries answer 400 and unknown versions 404, each with its message", async () => {
    const page = await newPage();
    await signIn(page, "redaktor@kollega.test");
    await visit(page, "/manuals/county/diff?from=2&to=1", 400);
    await page.locator("main").getByText("Ange två olika versioner att jämföra").waitFor();
    await expectNoAxeViolations(page, "diff 400");
    await visit(page, "/manuals/county/9", 404);
    await page.locator("main").getByText("Version 9 av manualen finns inte.").waitFor();
    await visit(page, "/manuals/county/diff?from=1&to=9", 404);
  });

  test("the export downloads the JSON file", async () => {
    const page = await newPage();
    await signIn(page, "admin@kollega.test");
    const response = await page.request.get("/manuals/county/2/export.json");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-disposition"]).toBe('attachment; filename="county-v2.json"');
    const json = await response.json();
    expect(json).toMatchObject({ manual: "county", version: 2, status: "published" });
  });
});
