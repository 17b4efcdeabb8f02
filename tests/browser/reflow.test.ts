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
import { expectNoAxeViolations, pageLinks, serverDatabasePath, signIn, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();
const NARROW = { viewport: { width: 320, height: 800 } };

/** How far the page itself scrolls sideways, in CSS pixels (0 when it reflows). */
function sidewaysScroll(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** A signed-in page at 320 px, and `check` to open a path there and collect what fails on it. */
async function narrowAs(email: string) {
  const page = await newPage(NARROW);
  await signIn(page, email);
  const failures: string[] = [];
  const check = async (path: string) => {
    const response = await page.goto(path);
    if (response?.status() !== 200) return void failures.push(`${path}: status ${response?.status()}`);
    await waitForHydration(page);
    const overflow = await sidewaysScroll(page);
    if (overflow > 0) failures.push(`${path}: the page scrolls ${overflow} px sideways`);
    try {
      await expectNoAxeViolations(page, `${path} at 320 px`);
    } catch (error) {
      failures.push((error as Error).message);
    }
  };
  return { page, failures, check };
}

/** The first demo review in `stage` with the given user on its team. */
function reviewOf(stage: string, teamMember: string): number {
  const file = serverDatabasePath();
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
    const { page, failures, check } = await narrowAs("nationell@kollega.test");
    await check("/");
    const pages = await pageLinks(page, "nav.site-nav a[href]");
    expect(pages.length).toBeGreaterThan(2);
    for (const path of pages) await check(path);
    await page.goto("/rounds");
    const round = (await pageLinks(page, "main a[href^='/rounds/']")).find((p) => /^\/rounds\/\d+$/.test(p));
    expect(round).toBeTruthy();
    await check(round!);
    const published = reviewOf("published", "granskare.stockholm@kollega.test");
    await check(`/reviews/${published}/report`);
    expect(failures).toEqual([]);
  }, 180_000);

  test("a manual, its diff and calibration (the editor)", async () => {
    const { page, failures, check } = await narrowAs("redaktor@kollega.test");
    await page.goto("/manuals");
    const manuals = (await pageLinks(page, "main a[href^='/manuals/']")).filter((p) => /^\/manuals\/[^/]+$/.test(p.split("?")[0]!));
    expect(manuals.length).toBeGreaterThan(0);
    await check(manuals[0]!);
    const further = (await pageLinks(page, "main a[href^='/manuals/']")).filter((p) => /\/(diff|calibration)|\/manuals\/[^/]+\/\d+$/.test(p)).slice(0, 4);
    expect(further.length).toBeGreaterThan(0);
    for (const path of further) await check(path);
    expect(failures).toEqual([]);
  }, 120_000);

  test("a reviewer's review in analysis: its overview and every tab, the scoring page among them", async () => {
    const { page, failures, check } = await narrowAs("granskare.skane@kollega.test");
    const review = reviewOf("analysis", "granskare.skane@kollega.test");
    await check(`/reviews/${review}`);
    const tabs = await pageLinks(page, "nav.review-tabs a[href]");
    expect(tabs).toContain(`/reviews/${review}/scoring`);
    for (const tab of tabs) await check(tab);
    await check("/reviews");
    expect(failures).toEqual([]);
  }, 120_000);

  test("the unit contact's start page, list of reviews and the pages its tasks lead to (factual check, follow-up)", async () => {
    const { page, failures, check } = await narrowAs("kontakt.stockholm@kollega.test");
    await check("/");
    const tasks = await pageLinks(page, "main a[href^='/reviews/']");
    expect(tasks.length).toBeGreaterThan(0);
    for (const path of tasks) await check(path);
    await check("/reviews");
    expect(failures).toEqual([]);
  }, 90_000);
});
