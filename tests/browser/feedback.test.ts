/**
 * One county review from planning to follow-up in a real browser, as the people who do it: the
 * coordinator plans the round, the lead moves it on, writes a recommendation and a strength and
 * sends the draft on factual check, the unit's contact comments, the lead answers and publishes,
 * the unit acknowledges and answers the recommendation (that last form with JavaScript off).
 * axe checks every feedback page on the way.
 *
 * Consensus scores are written straight into the server's database (KOLLEGA_TEST_DATABASE_PATH)
 * because the consensus page is not part of this suite; everything else goes through the pages.
 */
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { currentPath, expectNoAxeViolations, serverDatabasePath, signIn, signOut, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();

const COORDINATOR = "nationell@kollega.test";
const UNIT_CONTACT = "kontakt.uppsala@kollega.test";

function openServerDatabase() {
  const file = serverDatabasePath();
  const db = new Database(file);
  db.pragma("busy_timeout = 5000");
  return db;
}

function leadEmailOf(reviewId: number): string {
  const db = openServerDatabase();
  try {
    const row = db
      .prepare("SELECT users.email FROM review_team_members m JOIN users ON users.id = m.user_id WHERE m.review_id = ? AND m.is_lead = 1")
      .get(reviewId) as { email: string } | undefined;
    if (!row) throw new Error(`review ${reviewId} has no lead`);
    return row.email;
  } finally {
    db.close();
  }
}

/** Consensus for every criterion of the review's manual version: 1 for the first, 2 for the rest. */
function recordConsensus(reviewId: number) {
  const db = openServerDatabase();
  try {
    const criteria = db
      .prepare(
        "SELECT manual_criteria.id FROM manual_criteria JOIN rounds ON rounds.manual_version_id = manual_criteria.manual_version_id JOIN reviews ON reviews.round_id = rounds.id WHERE reviews.id = ? ORDER BY manual_criteria.position",
      )
      .all(reviewId) as { id: number }[];
    const insert = db.prepare(
      "INSERT INTO consensus_scores (review_id, criterion_id, score, cannot_assess, rationale, updated_by, updated_at) VALUES (?, ?, ?, 0, ?, NULL, ?)",
    );
    const now = new Date().toISOString();
    db.transaction(() => criteria.forEach((c, i) => insert.run(reviewId, c.id, i === 0 ? 1 : 2, `Teamets motivering ${i + 1}`, now)))();
  } finally {
    db.close();
  }
}

/** Waits for the success message and for the page's revalidation to finish. */
async function status(page: Page, text: string | RegExp) {
  await page.getByRole("status").filter({ hasText: text }).first().waitFor();
  await page.waitForLoadState("networkidle");
}

async function visit(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(200);
  await waitForHydration(page);
}

/** Advances the review from its overview, with a reason when the page asks for one. */
async function advance(page: Page, reviewId: number, button: string) {
  await visit(page, `/reviews/${reviewId}`);
  const reason = page.locator("#override-reason");
  if (await reason.count()) await reason.fill("Browsertest: går vidare utan att allt är klart.");
  await page.getByRole("button", { name: button }).click();
  await status(page, "Granskningen har gått vidare");
}

/** As the coordinator: a county round of Region Uppsala only, teams proposed; returns the review id. */
async function planUppsalaRound(page: Page, year: string): Promise<number> {
  await visit(page, "/rounds/new?level=county");
  await page.getByLabel("Namn", { exact: true }).fill(`Browsertest återföring ${year} ${Date.now()}`);
  await page.getByLabel("Periodens början").fill(`${year}-01-01`);
  await page.getByLabel("Periodens slut").fill(`${year}-12-31`);
  const units = page.locator("input[name=unitIds]");
  for (let i = 0; i < (await units.count()); i++) await units.nth(i).uncheck();
  await page.getByLabel("Region Uppsala", { exact: true }).check();
  await page.getByRole("button", { name: "Skapa omgång" }).click();
  await page.waitForURL(/\/rounds\/\d+$/);
  await waitForHydration(page);
  await page.getByRole("button", { name: "Föreslå team" }).click();
  await status(page, /Team föreslogs/);
  await page.getByRole("link", { name: "Öppna granskningen av Region Uppsala" }).click();
  await page.waitForURL(/\/reviews\/\d+$/);
  await waitForHydration(page);
  return Number(new URL(page.url()).pathname.split("/").pop());
}

describe("feedback, factual check, publication and follow-up", () => {
  test("a county review from the plan to the unit's action plan", async () => {
    const page = await newPage();

    // The coordinator plans a round of Region Uppsala only and starts information gathering.
    await signIn(page, COORDINATOR);
    const reviewId = await planUppsalaRound(page, "2026");
    const mutual = page.locator("textarea[name=reason]");
    for (let i = await mutual.count(); i > 0; i = await mutual.count()) {
      await mutual.first().fill("Browsertest: godtas för att testa flödet.");
      await page.getByRole("button", { name: "Godta med skäl" }).first().click();
      await status(page, "Den ömsesidiga granskningen har godtagits");
    }
    await page.getByRole("button", { name: "Starta informationsinhämtning" }).click();
    await status(page, "Granskningen har gått vidare");
    await signOut(page);

    // The lead moves it on with reasons; the consensus is recorded; then on to feedback.
    const lead = leadEmailOf(reviewId);
    await signIn(page, lead);
    await advance(page, reviewId, "Gå vidare till analys");
    await advance(page, reviewId, "Öppna konsensus");
    recordConsensus(reviewId);
    await advance(page, reviewId, "Gå vidare till återföring");

    // The lead writes a recommendation and a strength against the gaps.
    await visit(page, `/reviews/${reviewId}/recommendations`);
    await page.getByRole("heading", { name: "Rekommendationer och styrkor", level: 2 }).waitFor();
    await page.getByText(/kriterier med gap saknar rekommendation/).waitFor();
    await expectNoAxeViolations(page, "recommendations (empty, team)");
    await page.locator("#rec-new-text").fill("Inrätta ett politiskt samverkansforum med tydligt mandat.");
    await page.locator("form:has(#rec-new-text) input[name=criterionIds]").first().check();
    await page.locator("#rec-new-priority").selectOption("high");
    await page.locator("#rec-new-timeframe").fill("inom 6 månader");
    await page.getByRole("button", { name: "Lägg till rekommendation" }).click();
    await status(page, "Rekommendationen har lagts till.");
    await page.getByRole("heading", { name: /Rekommendation 1/ }).waitFor();
    await page.locator("#strength-new-text").fill("Väl förankrad ledningsgrupp.");
    await page.getByRole("button", { name: "Lägg till styrka" }).click();
    await status(page, "Styrkan har lagts till.");
    expect(await page.locator("#rec-new-text").inputValue()).toBe("");
    await expectNoAxeViolations(page, "recommendations (with content, team)");

    // A form error is shown next to its field.
    await page.locator("#rec-new-text").fill("Utan kriterium");
    await page.getByRole("button", { name: "Lägg till rekommendation" }).click();
    await page.getByRole("alert").filter({ hasText: "Välj minst ett kriterium." }).waitFor();
    await expectNoAxeViolations(page, "recommendations (form error)");

    await advance(page, reviewId, "Skicka utkastet på faktagranskning");
    await signOut(page);

    // The unit's contact reads the draft and comments on a factual error.
    await signIn(page, UNIT_CONTACT);
    await visit(page, `/reviews/${reviewId}/recommendations`);
    await page.getByRole("heading", { name: "Utkast till återföring", level: 2 }).waitFor();
    expect(await page.getByText("Inrätta ett politiskt samverkansforum med tydligt mandat.").count()).toBe(1);
    expect(await page.locator("#rec-new-text").count()).toBe(0);
    await expectNoAxeViolations(page, "draft report (unit)");
    await visit(page, `/reviews/${reviewId}/factual-check`);
    await page.locator("#comment-new-criterion").selectOption({ index: 1 });
    await page.locator("#comment-new-text").fill("Forumet inrättades redan 2024.");
    await page.getByRole("button", { name: "Skicka kommentaren" }).click();
    await status(page, "Kommentaren har skickats till teamet.");
    await page.getByText("Forumet inrättades redan 2024.").waitFor();
    await expectNoAxeViolations(page, "factual check (unit)");
    await signOut(page);

    // The lead answers the comment, signs off and publishes.
    await signIn(page, lead);
    await visit(page, `/reviews/${reviewId}/factual-check`);
    await page.getByLabel("Teamets svar på Kommentar 1").fill("Tack, årtalet är rättat.");
    await page.getByRole("button", { name: "Spara svaret" }).click();
    await status(page, "Svaret har sparats.");
    await expectNoAxeViolations(page, "factual check (lead)");
    await page.getByLabel(/signerar rapporten för publicering/).check();
    await page.getByRole("button", { name: "Signera och publicera" }).click();
    await status(page, "Rapporten är signerad och publicerad.");
    await page.getByText("Kontrollsumma (SHA-256)").waitFor();
    await page.locator("ol.stage-steps li[aria-current=step]").filter({ hasText: "Publicerad" }).waitFor();
    await expectNoAxeViolations(page, "factual check (published)");
    await signOut(page);

    // The unit acknowledges receipt.
    await signIn(page, UNIT_CONTACT);
    await visit(page, `/reviews/${reviewId}/follow-up`);
    await expectNoAxeViolations(page, "follow-up (unit, before)");
    await page.getByRole("button", { name: "Kvittera mottagandet" }).click();
    await status(page, "Mottagandet är kvitterat.");
    await page.getByText(/Mottagandet kvitterades/).waitFor();
    await expectNoAxeViolations(page, "follow-up (unit, acknowledged)");

    // The action plan, with JavaScript off: plain form posts and server-rendered answers.
    const plain = await newPage({ javaScriptEnabled: false });
    await signIn(plain, UNIT_CONTACT);
    await plain.goto(`/reviews/${reviewId}/follow-up`);
    await plain.getByLabel("Accepteras delvis").check();
    await plain.getByLabel("Planerad åtgärd", { exact: true }).fill("Styrgruppen tar fram ett mandat för forumet.");
    await plain.getByLabel("Ansvarig", { exact: true }).fill("Länssamordnaren");
    await plain.getByLabel("Klart senast", { exact: true }).fill("2027-03-31");
    await plain.getByLabel("Status", { exact: true }).selectOption("in_progress");
    await plain.getByRole("button", { name: "Spara svaret på Rekommendation 1" }).click();
    await plain.getByRole("status").filter({ hasText: "Svaret har sparats." }).waitFor();
    expect(currentPath(plain)).toBe(`/reviews/${reviewId}/follow-up`);
    expect(await plain.getByLabel("Planerad åtgärd", { exact: true }).inputValue()).toBe("Styrgruppen tar fram ett mandat för forumet.");
    expect(await plain.getByLabel("Accepteras delvis").isChecked()).toBe(true);
    // (axe needs JavaScript in the page; it checked this page above with the same markup.)

    // The team reads the plan.
    await signOut(page);
    await signIn(page, lead);
    await visit(page, `/reviews/${reviewId}/follow-up`);
    await page.getByText("Styrgruppen tar fram ett mandat för forumet.").waitFor();
    await expectNoAxeViolations(page, "follow-up (team)");
    await signOut(page);

    // The unit's next review opens with the recommendation that is not done yet.
    await signIn(page, COORDINATOR);
    const nextReviewId = await planUppsalaRound(page, "2027");
    expect(nextReviewId).not.toBe(reviewId);
    const carryOver = page.locator("section[aria-labelledby=carry-over-heading]");
    await carryOver.getByRole("heading", { name: "Öppna rekommendationer från tidigare granskningar" }).waitFor();
    // Other browser tests publish Uppsala reviews too: read this recommendation's own card.
    const carried = carryOver.locator("li").filter({ hasText: "Inrätta ett politiskt samverkansforum med tydligt mandat." });
    await carried.waitFor();
    await carried.getByText(/Accepteras delvis · Pågår/).waitFor();
    await expectNoAxeViolations(page, "overview with open recommendations (coordinator)");
  }, 300_000);
});
