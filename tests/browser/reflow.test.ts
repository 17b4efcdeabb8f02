/**
 * At 320 CSS pixels wide — a phone, or a 1280-pixel screen zoomed to 400 % — the pages reflow
 * (WCAG 1.4.10): nothing but a wide table scrolls sideways, never the page itself, and such a table
 * scrolls in a named region a keyboard user can reach (TableScroll; axe's
 * scrollable-region-focusable, WCAG 2.1.1). Checked on the pages of each kind (lists, the national
 * picture, a manual and its diff, the good-practice library, a review's tabs and report) for the
 * roles that use them, with axe's WCAG 2.1 A and AA rules at that width.
 */
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { baseUrl, expectNoAxeViolations, signIn, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();
const NARROW = { viewport: { width: 320, height: 800 } };
const NOT_A_PAGE = [/^\/logout/, /^\/language/, /\.(csv|json|pdf|xlsx)$/, /\/evidence\//];

/** How far the page itself scrolls sideways, in CSS pixels (0 when it reflows). */
function sidewaysScroll(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function check(page: Page, path: string, failures: string[]) {
  const response = await page.goto(path);
  if (response?.status() !== 200) return failures.push(`${path}: status ${response?.status()}`);
  await waitForHydration(page);
  const overflow = await sidewaysScroll(page);
  if (overflow > 0) failures.push(`${path}: the page scrolls ${overflow} px sideways`);
  try {
    await expectNoAxeViolations(page, `${path} at 320 px`);
  } catch (error) {
    failures.push((error as Error).message);
  }
}

async function linksIn(page: Page, selector: string) {
  const origin = new URL(baseUrl()).origin;
  const hrefs = await page.locator(selector).evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  return [...new Set(hrefs.map((href) => new URL(href)).filter((url) => url.origin === origin).map((url) => url.pathname + url.search))].filter(
    (p) => !NOT_A_PAGE.some((pattern) => pattern.test(p.split("?")[0]!)),
  );
}

/** A demo review in `stage` of the 2026 county round, with the given user on its team. */
function reviewOf(stage: string, teamMember: string): number {
  const file = process.env.KOLLEGA_TEST_DATABASE_PATH;
  if (!file) throw new Error("KOLLEGA_TEST_DATABASE_PATH is not set: run the browser tests with `npm run test:browser`.");
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(
        `SELECT reviews.id FROM reviews JOIN review_team_members m ON m.review_id = reviews.id JOIN users ON users.id = m.user_id
          WHERE reviews.stage = ? AND users.email = ? ORDER BY reviews.id LIMIT 1`,
      )
      .get(stage, teamMember) as { id: number } | undefined;
    if (!row) throw new Error(`no demo review in ${stage} with ${teamMember} on the team`);
    return row.id;
  } finally {
    db.close();
  }
}

describe("reflow at 320 CSS px (WCAG 1.4.10)", () => {
  test("the coordinator's pages: the start page, everything the navigation links to, a round, a published report", async () => {
    const page = await newPage(NARROW);
    await signIn(page, "nationell@kollega.test");
    const failures: string[] = [];
    await check(page, "/", failures);
    const pages = await linksIn(page, "nav.site-nav a[href]");
    expect(pages.length).toBeGreaterThan(2);
    for (const path of pages) await check(page, path, failures);
    await page.goto("/rounds");
    const round = (await linksIn(page, "main a[href^='/rounds/']")).find((p) => /^\/rounds\/\d+$/.test(p));
    expect(round).toBeTruthy();
    await check(page, round!, failures);
    const published = reviewOf("published", "granskare.stockholm@kollega.test");
    await check(page, `/reviews/${published}/report`, failures);
    expect(failures).toEqual([]);
  }, 180_000);

  test("a manual, its diff and calibration (the editor)", async () => {
    const page = await newPage(NARROW);
    await signIn(page, "redaktor@kollega.test");
    const failures: string[] = [];
    await page.goto("/manuals");
    const manuals = (await linksIn(page, "main a[href^='/manuals/']")).filter((p) => /^\/manuals\/[^/]+$/.test(p.split("?")[0]!));
    expect(manuals.length).toBeGreaterThan(0);
    await check(page, manuals[0]!, failures);
    const further = (await linksIn(page, "main a[href^='/manuals/']")).filter((p) => /\/(diff|calibration)|\/manuals\/[^/]+\/\d+$/.test(p)).slice(0, 4);
    expect(further.length).toBeGreaterThan(0);
    for (const path of further) await check(page, path, failures);
    expect(failures).toEqual([]);
  }, 120_000);

  test("a reviewer's review in analysis: its overview and every tab, the scoring page among them", async () => {
    const page = await newPage(NARROW);
    await signIn(page, "granskare.skane@kollega.test");
    const failures: string[] = [];
    const review = reviewOf("analysis", "granskare.skane@kollega.test");
    await check(page, `/reviews/${review}`, failures);
    const tabs = await linksIn(page, "nav.review-tabs a[href]");
    expect(tabs).toContain(`/reviews/${review}/scoring`);
    for (const tab of tabs) await check(page, tab, failures);
    await check(page, "/reviews", failures);
    expect(failures).toEqual([]);
  }, 120_000);

  test("the unit contact's start page, list of reviews and the pages its tasks lead to (factual check, follow-up)", async () => {
    const page = await newPage(NARROW);
    await signIn(page, "kontakt.stockholm@kollega.test");
    const failures: string[] = [];
    await check(page, "/", failures);
    const tasks = await linksIn(page, "main a[href^='/reviews/']");
    expect(tasks.length).toBeGreaterThan(0);
    for (const path of tasks) await check(page, path, failures);
    await check(page, "/reviews", failures);
    expect(failures).toEqual([]);
  }, 90_000);
});
