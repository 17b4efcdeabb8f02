/**
 * A county review of Region Uppsala in information gathering, made through the interface as the
 * national coordinator (the browser-test server starts from an empty demo database): a new round
 * with only Uppsala, "Föreslå team", any mutual-review issue accepted with a reason, then
 * "Starta informationsinhämtning". Returns the review's id and its team's member names.
 */
import type { Browser } from "playwright-core";
import { openPage, signIn } from "./browser";

export interface GatheringReview {
  reviewId: number;
  teamNames: string[];
}

export async function createGatheringReview(browser: Browser, name = `Inhämtningstest ${Date.now()}`): Promise<GatheringReview> {
  const { context, page } = await openPage(browser);
  try {
    await signIn(page, "nationell@kollega.test");
    await page.goto("/rounds/new?level=county");
    await page.getByLabel("Namn", { exact: true }).fill(name);
    await page.getByLabel("Periodens början").fill("2026-01-01");
    await page.getByLabel("Periodens slut").fill("2026-12-31");
    await page.locator('input[name="unitIds"]').evaluateAll((inputs) => inputs.forEach((input) => ((input as HTMLInputElement).checked = false)));
    await page.getByLabel("Region Uppsala", { exact: true }).check();
    await page.getByRole("button", { name: "Skapa omgång" }).click();
    await page.waitForURL(/\/rounds\/\d+$/);

    await page.getByRole("button", { name: "Föreslå team" }).click();
    await page.getByText(/Team föreslogs för \d+ granskningar/).waitFor();
    await page.getByRole("link", { name: "Öppna granskningen av Region Uppsala" }).click();
    await page.waitForURL(/\/reviews\/\d+$/);
    const reviewId = Number(new URL(page.url()).pathname.split("/").pop());

    // Any mutual-review issue (another round member reviewing Uppsala's reviewer) needs a reason.
    const reasons = page.getByLabel("Skäl till att godta ömsesidig granskning");
    while ((await reasons.count()) > 0) {
      await reasons.first().fill("Godtas i testet: få granskare i demodata.");
      await page.getByRole("button", { name: "Godta med skäl" }).first().click();
      await page.getByText("Den ömsesidiga granskningen har godtagits").waitFor();
    }
    await page.getByRole("button", { name: "Starta informationsinhämtning" }).click();
    await page.locator("nav.review-tabs").getByRole("link", { name: "Självvärdering" }).waitFor();
    const teamNames = await page.locator("#team-heading + .table-wrapper tbody th").allTextContents();
    return { reviewId, teamNames: teamNames.map((n) => n.trim()) };
  } finally {
    await context.close();
  }
}
