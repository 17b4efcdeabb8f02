/** The published review report of the demo data, as the reviewed unit reads it. */
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { expectNoAxeViolations, signIn, useBrowser } from "./browser";

const { newPage } = useBrowser();

/** Both language links of the report's PDF exist and answer a PDF in that language. */
async function expectPdfLinks(page: Page, names: [string, string]) {
  const nav = page.locator("main").getByRole("navigation", { name: /Ladda ner|Download/ });
  for (const [i, name] of names.entries()) {
    const link = nav.getByRole("link", { name });
    const href = await link.getAttribute("href");
    expect(href).toMatch(new RegExp(`^/reviews/\\d+/report\\.pdf\\?lang=${i === 0 ? "sv" : "en"}$`));
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/pdf");
    expect(response.headers()["content-disposition"]).toMatch(/^inline; filename="[a-z0-9-]+\.pdf"$/);
    expect((await response.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  }
}

describe("review report", () => {
  test("the unit contact opens its 2025 report from the start page's task, in Swedish and English, accessibly", async () => {
    const page = await newPage();
    await signIn(page, "kontakt.uppsala@kollega.test");
    await page.getByRole("link", { name: /Besvara rekommendationerna: Region Uppsala \(Länsgranskning 2025\)/ }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/follow-up"));
    await page.getByRole("navigation", { name: "Granskningens delar" }).getByRole("link", { name: "Rapport" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/report"));
    const main = page.locator("main");
    await main.getByRole("heading", { name: "Granskningsrapport" }).waitFor();
    await expect(main.getByRole("heading", { name: "Profil per dimension" }).count()).resolves.toBe(1);
    await expect(main.getByRole("table").count()).resolves.toBeGreaterThanOrEqual(4);
    await expect(main.getByText(/Rapportens kontrollsumma \(sha256\): [0-9a-f]{64}/).count()).resolves.toBe(1);
    // The profile chart: the same drawing as in the PDF, beside the table that holds its numbers.
    await expect(main.locator("svg.report-chart rect").count()).resolves.toBeGreaterThanOrEqual(6);
    await expectPdfLinks(page, ["PDF på svenska", "PDF på engelska"]);
    await expectNoAxeViolations(page, "review report (sv)");
    await page.getByRole("button", { name: "In English" }).click();
    await main.getByRole("heading", { name: "Review report" }).waitFor();
    await expectPdfLinks(page, ["PDF in Swedish", "PDF in English"]);
    await expectNoAxeViolations(page, "review report (en)");
    await page.getByRole("button", { name: "På svenska" }).click();
    await main.getByRole("heading", { name: "Granskningsrapport" }).waitFor();
  });
});
