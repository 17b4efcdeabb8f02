/**
 * Keyboard use: the skip link comes first and moves focus to the main content; scoring and
 * consensus can be done with the keyboard alone.
 */
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { expectNoAxeViolations, serverDatabasePath, signIn, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();

function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el ? { tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent?.trim() ?? "" } : null;
  });
}

async function skipLinkMovesFocusToMain(page: Page) {
  await page.keyboard.press("Tab");
  await expect.poll(() => focused(page)).toMatchObject({ tag: "a", text: "Hoppa till huvudinnehållet" });
  // Visible while focused (it sits above the viewport otherwise).
  const box = await page.getByRole("link", { name: "Hoppa till huvudinnehållet" }).boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);

  await page.keyboard.press("Enter");
  await expect.poll(() => focused(page)).toMatchObject({ tag: "main", id: "main" });
  expect(new URL(page.url()).hash).toBe("#main");
}

describe("keyboard", () => {
  test("on /login the first Tab reaches the skip link, which moves focus to main", async () => {
    const page = await newPage();
    await page.goto("/login");
    await waitForHydration(page);
    await skipLinkMovesFocusToMain(page);
    // The next Tab continues inside main: the first control of the login form.
    await page.keyboard.press("Tab");
    await expect.poll(() => focused(page)).toMatchObject({ tag: "input" });
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe("email");
  });

  test("signed in, the start page has the same skip link", async () => {
    const page = await newPage();
    await signIn(page, "granskare.skane@kollega.test");
    await page.goto("/");
    await waitForHydration(page);
    await skipLinkMovesFocusToMain(page);
  });
});

/**
 * Scoring and consensus with the keyboard alone: Tab and Shift+Tab to move, Space and the arrow
 * keys to choose a score, typing for the rationale, Enter to press a button. No mouse clicks and
 * no element.click(): the test only presses keys and reads where the focus is. The review (Sara
 * Stockholm lead, Sven Skåne, in analysis; Sven has already scored and submitted) is written into
 * the server's database, as feedback.test.ts does for what is not under test.
 */
const SARA = "granskare.stockholm@kollega.test";

function openServerDatabase() {
  const file = serverDatabasePath();
  const db = new Database(file);
  db.pragma("busy_timeout = 5000");
  return db;
}

function createReviewInAnalysis(): { reviewId: number; criterionIds: number[] } {
  const db = openServerDatabase();
  try {
    return db.transaction(() => {
      const now = new Date().toISOString();
      const manual = db.prepare("SELECT id FROM manual_versions WHERE manual_key = 'county' AND status = 'published' ORDER BY version DESC").get() as { id: number };
      const unit = db.prepare("SELECT id FROM units WHERE code = '22'").get() as { id: number };
      const round = db
        .prepare("INSERT INTO rounds (name, level, manual_version_id, period_start, period_end, created_at, updated_at) VALUES (?, 'county', ?, '2026-01-01', '2026-12-31', ?, ?)")
        .run(`Tangentbordstest ${Date.now()}`, manual.id, now, now);
      const review = db
        .prepare("INSERT INTO reviews (round_id, unit_id, stage, created_at, updated_at) VALUES (?, ?, 'analysis', ?, ?)")
        .run(round.lastInsertRowid, unit.id, now, now);
      const reviewId = Number(review.lastInsertRowid);
      const userId = (email: string) => (db.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: number }).id;
      const sven = userId("granskare.skane@kollega.test");
      const addMember = db.prepare("INSERT INTO review_team_members (review_id, user_id, is_lead, added_at) VALUES (?, ?, ?, ?)");
      addMember.run(reviewId, userId(SARA), 1, now);
      addMember.run(reviewId, sven, 0, now);
      const criterionIds = (db.prepare("SELECT id FROM manual_criteria WHERE manual_version_id = ? ORDER BY position").all(manual.id) as { id: number }[]).map((c) => c.id);
      const score = db.prepare("INSERT INTO reviewer_scores (review_id, criterion_id, reviewer_id, score, cannot_assess, rationale, updated_at) VALUES (?, ?, ?, 2, 0, 'Svens motivering.', ?)");
      for (const id of criterionIds) score.run(reviewId, id, sven, now);
      db.prepare("INSERT INTO reviewer_submissions (review_id, reviewer_id, submitted_at) VALUES (?, ?, ?)").run(reviewId, sven, now);
      return { reviewId, criterionIds };
    })();
  } finally {
    db.close();
  }
}

interface Focus {
  tag: string;
  type: string;
  name: string;
  checked: boolean;
  text: string;
}

function focus(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? "",
      type: el?.type ?? "",
      name: el?.getAttribute("name") ?? "",
      checked: !!el?.checked,
      text: el?.textContent?.trim() ?? "",
    };
  });
}

/** Presses Tab until the focused element matches, at most `limit` times. */
async function tabTo(page: Page, matches: (f: Focus) => boolean, limit = 300, key = "Tab") {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    const f = await focus(page);
    if (matches(f)) return f;
  }
  throw new Error(`no focusable element matched after ${limit} presses of ${key}`);
}

describe("keyboard only: scoring and consensus", () => {
  test(
    "Sara scores every criterion, submits, opens consensus and records a consensus score without the mouse",
    async () => {
      const { reviewId, criterionIds } = createReviewInAnalysis();
      const page = await newPage();
      await signIn(page, SARA);
      await page.goto(`/reviews/${reviewId}/scoring`);
      await waitForHydration(page);

      // Through the page in Tab order: each score group gets a score (Space checks the focused
      // option; on every other criterion ArrowDown moves one step up the scale), each rationale
      // field gets a text, until the submit button.
      const scored = new Set<number>();
      const typed = new Set<number>();
      let submit: Focus | null = null;
      for (let i = 0; i < 600 && !submit; i++) {
        await page.keyboard.press("Tab");
        const f = await focus(page);
        const score = /^score-(\d+)$/.exec(f.name);
        const rationale = /^rationale-(\d+)$/.exec(f.name);
        if (f.type === "radio" && score && !scored.has(Number(score[1]))) {
          const id = Number(score[1]);
          await page.keyboard.press("Space");
          if (scored.size % 2 === 1) await page.keyboard.press("ArrowDown");
          scored.add(id);
        } else if (f.tag === "textarea" && rationale && !typed.has(Number(rationale[1]))) {
          typed.add(Number(rationale[1]));
          await page.keyboard.type(`Motivering ${typed.size} skriven med tangentbordet.`);
        } else if (f.tag === "button" && f.text === "Lämna in min bedömning") {
          submit = f;
        }
      }
      expect([...scored].sort()).toEqual([...criterionIds].sort());
      expect(typed.size).toBe(criterionIds.length);
      // Shift+Tab goes back to the last rationale, and Tab forward to the button again.
      await page.keyboard.press("Shift+Tab");
      await expect.poll(() => focus(page).then((f) => f.tag)).not.toBe("body");
      await tabTo(page, (f) => f.tag === "button" && f.text === "Lämna in min bedömning", 20);
      // Every autosave has answered before submitting.
      for (const id of criterionIds) {
        await expect.poll(() => page.locator(`#criterion-${id} .save-status`).innerText(), { timeout: 30_000 }).toMatch(/^Sparat \d{2}:\d{2}$/);
      }
      await page.keyboard.press("Enter");
      await page.locator(".alert--success", { hasText: "Din bedömning är inlämnad" }).waitFor();
      await expect.poll(() => page.locator("main").innerText()).toContain("2 av 2 granskare har lämnat in");

      // The overview's button opens consensus (both have submitted: no reason needed).
      await page.goto(`/reviews/${reviewId}`);
      await waitForHydration(page);
      await tabTo(page, (f) => f.tag === "button" && f.text === "Öppna konsensus");
      await page.keyboard.press("Enter");
      await page.locator(".alert--success", { hasText: "Bedömning" }).waitFor();

      // Consensus: the first criterion's score and rationale, saved with its button.
      await page.goto(`/reviews/${reviewId}/consensus`);
      await waitForHydration(page);
      const radio = await tabTo(page, (f) => f.type === "radio" && f.name.startsWith("score-"));
      const criterionId = Number(radio.name.replace("score-", ""));
      await page.keyboard.press("Space");
      await page.keyboard.press("ArrowDown");
      await tabTo(page, (f) => f.tag === "textarea" && f.name === `rationale-${criterionId}`, 10);
      await page.keyboard.type("Teamets gemensamma motivering, skriven med tangentbordet.");
      await tabTo(page, (f) => f.tag === "button" && f.text.startsWith("Spara konsensus"), 10);
      await page.keyboard.press("Enter");
      await expect.poll(() => page.locator("main").innerText(), { timeout: 20_000 }).toContain(`1 av ${criterionIds.length} kriterier har konsensus`);

      const db = openServerDatabase();
      try {
        const sara = (db.prepare("SELECT id FROM users WHERE email = ?").get(SARA) as { id: number }).id;
        const mine = db.prepare("SELECT criterion_id, score, rationale FROM reviewer_scores WHERE review_id = ? AND reviewer_id = ?").all(reviewId, sara) as { score: number; rationale: string }[];
        expect(mine).toHaveLength(criterionIds.length);
        expect(mine.every((m) => m.score !== null && m.rationale.endsWith("skriven med tangentbordet."))).toBe(true);
        expect(db.prepare("SELECT 1 FROM reviewer_submissions WHERE review_id = ? AND reviewer_id = ?").get(reviewId, sara)).toBeTruthy();
        // The count above may already show an autosave of the score alone: the button's save lands after it.
        const consensus = () => db.prepare("SELECT score, rationale FROM consensus_scores WHERE review_id = ? AND criterion_id = ?").get(reviewId, criterionId);
        await expect.poll(consensus, { timeout: 20_000 }).toEqual({ score: 1, rationale: "Teamets gemensamma motivering, skriven med tangentbordet." });
      } finally {
        db.close();
      }
      await expectNoAxeViolations(page, "the consensus page after a keyboard save");
    },
    180_000,
  );
});
