/**
 * Blind scoring and consensus in a real browser, with the demo accounts. The server starts from an
 * empty demo database, so the review is built through the interface first: the coordinator creates
 * a round over Region Uppsala, proposes teams and makes Sara Stockholm (lead) and Sven Skåne the
 * team, then starts information gathering; the lead moves on to analysis with a reason (there is
 * no self-assessment).
 *
 * Then: Sara scores every criterion with JavaScript (autosave, "Sparat HH:MM") and submits; Sven
 * opens the scoring page without JavaScript and sees nothing of Sara's scores, scores with the
 * plain save buttons, submits and only then sees Sara's; Sara opens consensus, which shows both
 * scores with the largest disagreement first, and records a consensus score (with JavaScript);
 * Sven records another without JavaScript. axe checks both pages. The tests run in order and share
 * the review.
 */
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { expectNoAxeViolations, launchBrowser, openPage, signIn, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();

const COORDINATOR = "nationell@kollega.test";
const LEAD = { email: "granskare.stockholm@kollega.test", name: "Sara Stockholm" };
const MEMBER = { email: "granskare.skane@kollega.test", name: "Sven Skåne" };
const SECRET = `Saras hemliga motivering ${Date.now()}`;
const TIMEOUT = 120_000;

let reviewId = 0;
let criterionIds: number[] = [];

/** The main content's visible text. */
function mainText(page: Page) {
  return page.locator("main").innerText();
}

async function criterionIdsOnPage(page: Page): Promise<number[]> {
  return page.locator("article.score-criterion").evaluateAll((articles) => articles.map((a) => Number(a.id.replace("criterion-", ""))));
}

/** The team rows' names on the review's overview page. */
async function teamNames(page: Page): Promise<string[]> {
  return page.locator("#team-heading ~ .table-wrapper tbody th").allInnerTexts();
}

describe("blind scoring and consensus", () => {
  test(
    "the coordinator plans a review of Region Uppsala with Sara (lead) and Sven and starts it; the lead moves on to analysis",
    async () => {
      const page = await newPage();
      await signIn(page, COORDINATOR);
      await page.goto("/rounds/new?level=county");
      await page.getByLabel("Namn", { exact: true }).fill(`Webbtest bedömning ${Date.now()}`);
      await page.getByLabel("Periodens början").fill("2026-01-01");
      await page.getByLabel("Periodens slut").fill("2026-12-31");
      const units = page.locator('input[name="unitIds"]');
      for (let i = 0; i < (await units.count()); i++) {
        const unit = units.nth(i);
        const label = (await unit.locator("xpath=..").innerText()).trim();
        await unit.setChecked(label === "Region Uppsala");
      }
      await page.getByRole("button", { name: "Skapa omgång" }).click();
      await page.waitForURL(/\/rounds\/\d+$/);
      await page.getByRole("button", { name: "Föreslå team" }).click();
      await page.locator(".alert").waitFor();
      await page.getByRole("link", { name: "Öppna granskningen av Region Uppsala" }).click();
      await page.waitForURL(/\/reviews\/\d+$/);
      await waitForHydration(page);
      reviewId = Number(new URL(page.url()).pathname.split("/").pop());

      // Make the team exactly Sara (lead) and Sven, whatever the proposal chose.
      for (const name of await teamNames(page)) {
        if (name !== LEAD.name && name !== MEMBER.name) {
          await page.getByRole("button", { name: `Ta bort ${name} från teamet` }).click();
          await expect.poll(() => teamNames(page)).not.toContain(name);
        }
      }
      for (const person of [LEAD, MEMBER]) {
        if (!(await teamNames(page)).includes(person.name)) {
          const option = page.locator("#add-member option", { hasText: person.name });
          await page.locator("#add-member").selectOption((await option.getAttribute("value"))!);
          await page.getByRole("button", { name: "Lägg till i teamet" }).click();
          await expect.poll(() => teamNames(page)).toContain(person.name);
        }
      }
      const makeLead = page.getByRole("button", { name: `Gör ${LEAD.name} till teamledare` });
      if (await makeLead.count()) {
        await makeLead.click();
        await expect.poll(() => makeLead.count()).toBe(0);
      }
      expect((await teamNames(page)).sort()).toEqual([LEAD.name, MEMBER.name].sort());
      // Accept any mutual-review issue with a reason.
      while (await page.getByRole("button", { name: "Godta med skäl" }).count()) {
        await page.getByLabel("Skäl till att godta ömsesidig granskning").first().fill("Godtas i webbtestet.");
        await page.getByRole("button", { name: "Godta med skäl" }).first().click();
        await page.locator(".alert--success").waitFor();
      }
      await page.getByRole("button", { name: "Starta informationsinhämtning" }).click();
      await page.locator(".alert--success", { hasText: "Informationsinhämtning" }).waitFor();

      const lead = await newPage();
      await signIn(lead, LEAD.email);
      await lead.goto(`/reviews/${reviewId}`);
      await waitForHydration(lead);
      await lead.getByLabel("Skäl för att gå vidare ändå").fill("Ingen självvärdering i webbtestet.");
      await lead.getByRole("button", { name: "Gå vidare till analys" }).click();
      await lead.locator(".alert--success", { hasText: "Analys" }).waitFor();
      await lead.getByRole("navigation", { name: "Granskningens delar" }).getByRole("link", { name: "Min bedömning" }).waitFor();
    },
    TIMEOUT
  );

  test(
    "Sara scores every criterion with JavaScript (autosave) and submits",
    async () => {
      expect(reviewId).toBeGreaterThan(0);
      const page = await newPage();
      await signIn(page, LEAD.email);
      await page.goto(`/reviews/${reviewId}/scoring`);
      await waitForHydration(page);
      await page.locator("main h2", { hasText: "Min bedömning" }).waitFor();
      await expectNoAxeViolations(page, "the scoring page (editable)");
      criterionIds = await criterionIdsOnPage(page);
      expect(criterionIds.length).toBeGreaterThan(5);
      const [first, second] = criterionIds;

      // A score saves at once; the status says when.
      await page.locator(`input[name="score-${first}"][value="0"]`).check();
      const firstStatus = page.locator(`#criterion-${first} .save-status`);
      await expect.poll(() => firstStatus.innerText()).toMatch(/^Sparat \d{2}:\d{2}$/);
      expect(await firstStatus.getAttribute("aria-live")).toBe("polite");
      // A rationale saves when leaving the field.
      await page.locator(`#rationale-${first}`).fill(SECRET);
      await page.locator(`#rationale-${first}`).blur();
      await expect.poll(() => firstStatus.innerText()).toMatch(/^(Sparar …|Sparat \d{2}:\d{2})$/);

      // A refused autosave (400) says why next to the field; a valid one clears it.
      const [third, fourth] = criterionIds.slice(2);
      const rationale = page.locator(`#rationale-${third}`);
      await rationale.evaluate((el) => el.removeAttribute("maxlength"));
      await rationale.fill("x".repeat(4001));
      await rationale.blur();
      await page.locator(`#rationale-${third}-error`, { hasText: "högst 4000 tecken" }).waitFor();
      expect(await rationale.getAttribute("aria-invalid")).toBe("true");
      await rationale.fill("Kort motivering.");
      await rationale.blur();
      await expect.poll(() => page.locator(`#rationale-${third}-error`).count()).toBe(0);

      // The same criterion saved from an older tab meanwhile: 409, with the message, newer value kept.
      const otherBrowser = await launchBrowser();
      try {
        const { page: otherTab } = await openPage(otherBrowser);
        await signIn(otherTab, LEAD.email);
        await otherTab.goto(`/reviews/${reviewId}/scoring`);
        await waitForHydration(otherTab);
        await page.locator(`input[name="score-${fourth}"][value="3"]`).check();
        await expect.poll(() => page.locator(`#criterion-${fourth} .save-status`).innerText()).toMatch(/^Sparat \d{2}:\d{2}$/);
        await otherTab.locator(`input[name="score-${fourth}"][value="0"]`).check();
        await otherTab.locator(`#criterion-${fourth} [role=alert]`, { hasText: "Någon annan har ändrat uppgifterna" }).waitFor();
      } finally {
        await otherBrowser.close();
      }
      await page.locator(`input[name="score-${second}"][value="1"]`).check();
      for (const id of criterionIds.slice(2)) await page.locator(`input[name="score-${id}"][value="2"]`).check();
      // Changing a score again right away is queued behind the save in flight, never refused as stale.
      await page.locator(`input[name="score-${second}"][value="2"]`).check();
      await page.locator(`input[name="score-${second}"][value="1"]`).check();
      for (const id of criterionIds) {
        await expect.poll(() => page.locator(`#criterion-${id} .save-status`).innerText(), { timeout: 20_000 }).toMatch(/^Sparat \d{2}:\d{2}$/);
      }
      expect(await page.locator(".score-editor [role=alert]").count()).toBe(0);
      await page.waitForLoadState("networkidle");

      // After a reload everything is there, then submit.
      await page.reload();
      await waitForHydration(page);
      expect(await page.locator(`#rationale-${first}`).inputValue()).toBe(SECRET);
      expect(await page.locator(`input[name="score-${second}"][value="1"]`).isChecked()).toBe(true);
      expect(await mainText(page)).toContain(`${criterionIds.length} av ${criterionIds.length} kriterier besvarade`);
      await page.getByRole("button", { name: "Lämna in min bedömning" }).click();
      await page.locator(".alert--success", { hasText: "Din bedömning är inlämnad" }).waitFor();
      await expect.poll(() => page.locator('input[type="radio"]').count()).toBe(0);
      await expect.poll(() => mainText(page)).toContain("1 av 2 granskare har lämnat in");
      await expectNoAxeViolations(page, "the scoring page (submitted)");
    },
    TIMEOUT
  );

  test(
    "Sven, without JavaScript, sees nothing of Sara's scores, scores with the save buttons, submits, and then sees them",
    async () => {
      expect(criterionIds.length).toBeGreaterThan(0);
      const page = await newPage({ javaScriptEnabled: false });
      await signIn(page, MEMBER.email);
      await page.goto(`/reviews/${reviewId}/scoring`);
      const html = await page.content();
      expect(html).not.toContain(SECRET);
      expect(await page.locator("table.score-table").count()).toBe(0);
      expect(await mainText(page)).toContain("1 av 2 granskare har lämnat in");

      // Submitting with gaps lists what is missing.
      await page.getByRole("button", { name: "Lämna in min bedömning" }).click();
      await page.locator("#submit-error").waitFor();
      await page.waitForLoadState("load");
      expect(await page.locator("#submit-error li").count()).toBe(criterionIds.length);

      const [first, second] = criterionIds;
      const dimensions = page.locator("section.score-dimension");
      const dimensionCount = await dimensions.count();
      expect(dimensionCount).toBeGreaterThan(1);
      for (let d = 0; d < dimensionCount; d++) {
        const dimension = page.locator("section.score-dimension").nth(d);
        const ids = await dimension.locator("article.score-criterion").evaluateAll((articles) => articles.map((a) => Number(a.id.replace("criterion-", ""))));
        for (const id of ids) {
          const value = id === first ? "3" : id === second ? "2" : "2";
          await page.locator(`input[name="score-${id}"][value="${value}"]`).check();
        }
        if (d === 0) await page.locator(`#rationale-${first}`).fill("Svens motivering: på plats.");
        await dimension.getByRole("button", { name: /^Spara / }).click();
        await page
          .locator("section.score-dimension")
          .nth(d)
          .locator(".score-dimension__actions [role=status]", { hasText: /^Sparat \d{2}:\d{2}$/ })
          .waitFor();
        await page.waitForLoadState("load");
        // The page comes back at the dimension just saved.
        expect(new URL(page.url()).hash).toMatch(/^#dimension-/);
      }
      // An invalid post (a rationale that is too long, sent without the browser's limit) is refused next to the field.
      await page.locator(`#rationale-${second}`).evaluate((el) => el.removeAttribute("maxlength"));
      await page.locator(`#rationale-${second}`).fill("x".repeat(4001));
      await page
        .locator("section.score-dimension")
        .first()
        .getByRole("button", { name: /^Spara / })
        .click();
      await page.locator(`#rationale-${second}-error`).waitFor();
      await page.waitForLoadState("load");
      expect(await page.locator(`#rationale-${second}-error`).innerText()).toContain("högst 4000 tecken");
      expect(await page.locator(`#rationale-${second}`).getAttribute("aria-describedby")).toBe(`rationale-${second}-error`);

      await page.goto(`/reviews/${reviewId}/scoring`);
      expect(await page.content()).not.toContain(SECRET);
      expect(await mainText(page)).toContain(`${criterionIds.length} av ${criterionIds.length} kriterier besvarade`);
      await page.getByRole("button", { name: "Lämna in min bedömning" }).click();
      await page.locator(".alert--success", { hasText: "Din bedömning är inlämnad" }).waitFor();
      const others = page.locator(`#criterion-${first} table.score-table`);
      expect(await others.locator("caption").innerText()).toContain("Andra granskares bedömningar");
      expect(await others.innerText()).toContain(LEAD.name);
      expect(await others.innerText()).toContain(SECRET);
    },
    TIMEOUT
  );

  test(
    "Sara opens consensus; the page shows both scores, largest disagreement first, and a consensus score is recorded",
    async () => {
      const page = await newPage();
      await signIn(page, LEAD.email);
      await page.goto(`/reviews/${reviewId}`);
      await page.getByRole("button", { name: "Öppna konsensus" }).click();
      await page.locator(".alert--success", { hasText: "Bedömning" }).waitFor();
      await page.getByRole("link", { name: "Konsensus", exact: true }).click();
      await page.waitForURL(`**/reviews/${reviewId}/consensus`);
      await waitForHydration(page);
      await page.locator("main h2", { hasText: "Konsensus" }).waitFor();
      await expectNoAxeViolations(page, "the consensus page");

      const [first, second] = criterionIds;
      const order = await criterionIdsOnPage(page);
      // Sara 0 vs Sven 3 on the first criterion (spread 3), 1 vs 2 on the second (spread 1), agreement elsewhere.
      expect(order.slice(0, 2)).toEqual([first, second]);
      const top = page.locator("article.score-criterion").first();
      expect(await top.locator(".spread").innerText()).toBe("Spridning: 3");
      const table = await top.locator("table").innerText();
      expect(table).toContain(LEAD.name);
      expect(table).toContain(MEMBER.name);
      expect(table).toContain(SECRET);
      expect(table).toContain("Svens motivering: på plats.");
      expect(await mainText(page)).toContain("Krippendorffs alfa (ordinal)");
      expect(await mainText(page)).toContain(`0 av ${criterionIds.length} kriterier har konsensus`);

      // With JavaScript: the consensus saves as it is chosen.
      await top.locator(`input[name="score-${first}"][value="2"]`).check();
      await top.locator(`#rationale-${first}`).fill("Delvis på plats enligt intervjuerna.");
      await top.locator(`#rationale-${first}`).blur();
      await expect.poll(() => top.locator(".save-status").first().innerText()).toMatch(/^Sparat \d{2}:\d{2}$/);
      await expect.poll(() => page.locator(".consensus-progress").innerText()).toBe(`1 av ${criterionIds.length} kriterier har konsensus`);

      // The manual's order is one link away.
      await page.getByRole("link", { name: "Manualens ordning" }).click();
      await page.waitForURL(/sort=manual/);
      await expect.poll(() => criterionIdsOnPage(page)).toEqual(criterionIds);
    },
    TIMEOUT
  );

  test(
    "Sven records a consensus score without JavaScript",
    async () => {
      const page = await newPage({ javaScriptEnabled: false });
      await signIn(page, MEMBER.email);
      await page.goto(`/reviews/${reviewId}/consensus`);
      const second = criterionIds[1]!;
      const article = page.locator(`#criterion-${second}`);
      await article.locator(`input[name="score-${second}"][value="1"]`).check();
      await article.locator(`#rationale-${second}`).fill("Påbörjat: beslut finns.");
      await article.getByRole("button", { name: /^Spara konsensus/ }).click();
      await page.locator(".consensus-progress", { hasText: `2 av ${criterionIds.length} kriterier har konsensus` }).waitFor();
      await page.waitForLoadState("load");
      const saved = page.locator(`#criterion-${second}`);
      expect(await saved.locator(`input[name="score-${second}"][value="1"]`).isChecked()).toBe(true);
      expect(await saved.locator(`#rationale-${second}`).inputValue()).toBe("Påbörjat: beslut finns.");
      expect(await saved.innerText()).toContain(`Senast ändrad av ${MEMBER.name}`);
    },
    TIMEOUT
  );
});
