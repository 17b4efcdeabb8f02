/**
 * The accessibility sweep: every page each demo role reaches, checked for what WCAG 2.1 AA asks of
 * every page — a language on <html>, exactly one h1, every form control with an accessible name —
 * and axe (WCAG 2.1 A and AA).
 *
 * Which pages: per role, the start page and every page linked from the site navigation and the
 * start page's main content (one page per address pattern, /reviews/12 and /reviews/13 count once,
 * and a page several roles share once), then every review sub-page (the review's own tabs) of the
 * demo reviews the role is part of, once per stage and tab (with KOLLEGA_A11Y_SWEEP=full once per
 * stage and tab for each kind of viewer: the lead, the other team members, the unit contacts and
 * the coordinator).
 * Downloads (CSV, JSON, PDF, evidence files) and the sign-out and language forms are left out.
 * Nothing here saves data. Pages in states that need an action (a form with errors) are in
 * accessibility.test.ts and the module's own browser tests; this file adds one announced error.
 */
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { currentPath, expectNoAxeViolations, pageLinks, serverDatabasePath, signIn, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();

// The order matters: a page several roles share is checked once, by the first role that reaches
// it. The editor goes first (the manual pages with their editing controls); the unit contacts come
// before the team and the team before the coordinator, so each stage's review pages are checked in
// the view with its forms: the unit's self-assessment, factual check and follow-up, the team's
// scoring and feedback, and the coordinator's read-only view only where no one else reaches.
const ROLES = {
  editor: "redaktor@kollega.test",
  admin: "admin@kollega.test",
  advisor: "radgivare@kollega.test",
  unitContact: "kontakt.uppsala@kollega.test",
  unitContactStockholm: "kontakt.stockholm@kollega.test",
  lead: "granskare.stockholm@kollega.test",
  reviewerSkane: "granskare.skane@kollega.test",
  reviewerNorrbotten: "granskare.norrbotten@kollega.test",
  coordinator: "nationell@kollega.test",
} as const;
/**
 * `KOLLEGA_A11Y_SWEEP=full` checks every review page once per kind of viewer and stage (several
 * minutes); by default once per stage, which keeps `npm test` short.
 */
const FULL_SWEEP = process.env.KOLLEGA_A11Y_SWEEP === "full";
/** Whose view of a review's pages is alike: the team's, the unit's, the coordinator's. */
const VIEWER_CLASS: Partial<Record<keyof typeof ROLES, string>> = {
  coordinator: "coordinator",
  lead: "lead",
  reviewerSkane: "team member",
  reviewerNorrbotten: "team member",
  unitContact: "unit",
  unitContactStockholm: "unit",
};
type RoleName = keyof typeof ROLES;

const TIMEOUT = 240_000;

/** /reviews/12/scoring → /reviews/:n/scoring (the query is dropped). */
function patternOf(path: string) {
  return path.split("?")[0]!.replace(/\/\d+(?=\/|$)/g, "/:n");
}

/** The structural checks of one page; returns problems as text. */
async function pageProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const lang = document.documentElement.getAttribute("lang");
    if (!lang || !/^(sv|en)\b/.test(lang)) problems.push(`html lang is ${JSON.stringify(lang)}`);
    const h1s = document.querySelectorAll("h1");
    if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements`);
    const controls = document.querySelectorAll<HTMLElement>("input, select, textarea");
    for (const control of controls) {
      if (control instanceof HTMLInputElement && ["hidden", "submit", "button", "reset", "image"].includes(control.type)) continue;
      const labelledBy = control.getAttribute("aria-labelledby");
      const named =
        ((control as HTMLInputElement).labels?.length ?? 0) > 0 ||
        !!control.getAttribute("aria-label")?.trim() ||
        (!!labelledBy && labelledBy.split(/\s+/).some((id) => !!document.getElementById(id)?.textContent?.trim())) ||
        !!control.getAttribute("title")?.trim();
      if (!named) problems.push(`unlabelled ${control.tagName.toLowerCase()} name=${control.getAttribute("name")}`);
    }
    return problems;
  });
}

/** Opens a page as the signed-in user and checks it; answers the links found in nav and main. */
async function checkPage(page: Page, path: string, checked: string[], failures: string[]): Promise<string[]> {
  const response = await page.goto(path);
  const status = response?.status() ?? 0;
  if (status !== 200) {
    failures.push(`${path}: status ${status}`);
    return [];
  }
  await waitForHydration(page);
  const problems = await pageProblems(page);
  for (const problem of problems) failures.push(`${path}: ${problem}`);
  try {
    await expectNoAxeViolations(page, path);
  } catch (error) {
    failures.push((error as Error).message);
  }
  checked.push(path);
  return pageLinks(page, "nav.site-nav a[href], main a[href]");
}

function openServerDatabase() {
  const file = serverDatabasePath();
  return new Database(file, { readonly: true, fileMustExist: true });
}

/** Demo reviews a role takes part in (team or home unit; the coordinator: the 2026 county round), one per stage. */
function reviewsByStage(email: string): { id: number; stage: string }[] {
  const db = openServerDatabase();
  try {
    const rows = db
      .prepare(
        `SELECT reviews.id, reviews.stage FROM reviews
           JOIN rounds ON rounds.id = reviews.round_id
           JOIN users ON users.email = ?
          WHERE (EXISTS (SELECT 1 FROM review_team_members m WHERE m.review_id = reviews.id AND m.user_id = users.id)
                 OR reviews.unit_id = users.home_unit_id
                 OR (EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = users.id AND r.role = 'coordinator') AND rounds.name = 'Länsgranskning 2026'))
            AND rounds.synthetic = 1
          ORDER BY reviews.id`,
      )
      .all(email) as { id: number; stage: string }[];
    const seen = new Set<string>();
    return rows.filter((r) => (seen.has(r.stage) ? false : (seen.add(r.stage), true)));
  } finally {
    db.close();
  }
}

/** Pages checked so far in this file, by pattern (and for review pages by viewer and stage). */
const seen = new Set<string>();

async function sweepRole(role: RoleName) {
  const page = await newPage();
  await signIn(page, ROLES[role]);
  const checked: string[] = [];
  const failures: string[] = [];
  const visit = async (path: string) => {
    // The start page is each role's own (its tasks); other pages are checked once.
    const key = path === "/" ? `${role} /` : patternOf(path);
    if (seen.has(key)) return [];
    seen.add(key);
    return checkPage(page, path, checked, failures);
  };
  // The start page and what it and the navigation link to, one level deep.
  const linked = await visit("/");
  for (const path of linked) await visit(path);
  // The review pages of the role's reviews, once per stage and tab.
  for (const review of reviewsByStage(ROLES[role])) {
    const overview = `/reviews/${review.id}`;
    const response = await page.goto(overview);
    if (response?.status() !== 200) continue;
    const tabs = await page.locator("nav.review-tabs a[href]").evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    for (const tab of [overview, ...tabs]) {
      const key = `${FULL_SWEEP ? `${VIEWER_CLASS[role] ?? role} ` : ""}${review.stage} ${patternOf(tab)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await checkPage(page, tab, checked, failures);
    }
  }
  return { checked, failures };
}

describe("accessibility sweep: every page each role reaches", () => {
  for (const role of Object.keys(ROLES) as RoleName[]) {
    test(
      `${role} (${ROLES[role]})`,
      async () => {
        const { checked, failures } = await sweepRole(role);
        expect(failures, `pages checked: ${checked.join(", ")}`).toEqual([]);
        // Every role has at least its own start page.
        expect(checked.length).toBeGreaterThan(0);
      },
      TIMEOUT,
    );
  }

  test("a form with an error announces it: role=alert, aria-invalid and aria-describedby naming the message", async () => {
    const page = await newPage();
    await signIn(page, ROLES.reviewerNorrbotten);
    await page.goto("/account");
    await waitForHydration(page);
    await page.locator("main").getByRole("button", { name: "Byt lösenord" }).click();
    const field = page.getByLabel("Nuvarande lösenord");
    await expect.poll(() => field.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
    const messages = await Promise.all(describedBy.split(/\s+/).filter(Boolean).map((id) => page.locator(`[id="${id}"]`).innerText()));
    expect(messages.join(" ")).toContain("Fältet måste fyllas i.");
    const errorId = describedBy.split(/\s+/).find((id) => id.endsWith("error"));
    expect(await page.locator(`[id="${errorId}"]`).getAttribute("role")).toBe("alert");
    expect(currentPath(page)).toBe("/account");
    await expectNoAxeViolations(page, "/account (field errors)");
  });
});
