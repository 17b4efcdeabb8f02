/**
 * The demo's national review (decision 020) in a real browser, as Nora Nationell, a member of the
 * QA working group that reviews the national level: beside "2 C (1) Samtliga län har kapacitet …"
 * the scoring and self-assessment pages show the latest published county results of the related
 * criteria as a table, and the node results beside the node criteria. axe checks both pages.
 * Other browser tests publish county rounds too, so the test checks the table's shape and its
 * numbers' consistency, not which round is the latest.
 */
import { describe, expect, test } from "vitest";
import type { Locator, Page } from "playwright-core";
import { expectNoAxeViolations, signIn, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();

const NATIONAL = "Nationell funktion för uppföljning och kvalitetssäkring";
const ROUND = "Nationell granskning 2026";

/** The evidence section of the criterion whose heading starts with `number`. */
function evidenceOf(page: Page, number: string): Locator {
  return page
    .locator("article")
    .filter({ has: page.getByRole("heading", { name: new RegExp(`^${number.replace(/[()]/g, "\\$&")} `) }) })
    .locator("section.related-evidence");
}

/** Every row's counts add up to the published reviews the caption names. */
async function expectConsistent(table: Locator) {
  const caption = await table.locator("caption").innerText();
  const published = Number(/(\d+) publicerade granskningar/.exec(caption)?.[1]);
  expect(published).toBeGreaterThan(0);
  for (const row of await table.locator("tbody tr").all()) {
    const cells = await row.locator("td").allInnerTexts();
    // Steps 0–3, then "cannot assess" (with "n utan konsensus" when some have none), then gaps.
    const stepSum = cells.slice(0, 4).reduce((sum, cell) => sum + Number(cell), 0);
    const cannot = Number(/^\d+/.exec(cells[4]!)![0]);
    const unscored = Number(/(\d+) utan konsensus/.exec(cells[4]!)?.[1] ?? 0);
    expect(stepSum + cannot + unscored).toBe(published);
  }
}

describe("the national review shows the levels below as evidence", () => {
  test("on the scoring page and the self-assessment, as a table per level beside the criteria concerned", async () => {
    const page = await newPage();
    await signIn(page, "nationell@kollega.test");
    const task = page.locator("main .task-list li").filter({ hasText: `Bedöm kriterierna: ${NATIONAL} (${ROUND})` });
    await task.waitFor();
    await task.getByRole("link").click();
    await page.getByRole("heading", { name: `Granskning av ${NATIONAL}`, level: 1 }).waitFor();
    await page.getByRole("navigation", { name: "Granskningens delar" }).getByRole("link", { name: "Min bedömning", exact: true }).click();
    await page.locator("main h2", { hasText: "Min bedömning" }).waitFor();
    await waitForHydration(page);

    const county = evidenceOf(page, "2 C (1)");
    await county.getByRole("heading", { name: "Underlag från granskningarna av län, noder och resurscentrum" }).waitFor();
    const countyTable = county.getByRole("table");
    expect(await countyTable.locator("caption").innerText()).toMatch(/^Län: .+, senast publicerad \d{4}-\d{2}-\d{2}, \d+ publicerade granskningar/);
    expect(await countyTable.locator("thead th").allInnerTexts()).toEqual([
      "Relaterat kriterium",
      "0 – Saknas",
      "1 – Påbörjat",
      "2 – Delvis på plats",
      "3 – På plats",
      "Ej bedömbart",
      "Enheter med gap",
    ]);
    expect(await countyTable.locator("tbody th").allInnerTexts()).toEqual([expect.stringContaining("Implementering"), expect.stringContaining("personella resurser")]);
    await expectConsistent(countyTable);

    const node = evidenceOf(page, "3 B (7)");
    const nodeTable = node.getByRole("table");
    expect(await nodeTable.locator("caption").innerText()).toMatch(/^Noder: Nodgranskning 2026, senast publicerad .+, 2 publicerade granskningar/);
    await expectConsistent(nodeTable);
    // Criteria without a relation have no such section.
    expect(await evidenceOf(page, "1 (1)").count()).toBe(0);
    await expectNoAxeViolations(page, "the national review's scoring page");

    await page.getByRole("navigation", { name: "Granskningens delar" }).getByRole("link", { name: "Självvärdering", exact: true }).click();
    await page.locator("main h2", { hasText: "Självvärdering" }).first().waitFor();
    await waitForHydration(page);
    await expectConsistent(evidenceOf(page, "2 C (1)").getByRole("table"));
    await expectNoAxeViolations(page, "the national review's self-assessment");
  }, 180_000);
});
