/** The published review report of the demo data, as the reviewed unit reads it. */
import { describe, expect, test } from "vitest";
import { expectNoAxeViolations, signIn, useBrowser } from "./browser";

const { newPage } = useBrowser();

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
    await expectNoAxeViolations(page, "review report (sv)");
    await page.getByRole("button", { name: "In English" }).click();
    await main.getByRole("heading", { name: "Review report" }).waitFor();
    await expectNoAxeViolations(page, "review report (en)");
    await page.getByRole("button", { name: "På svenska" }).click();
    await main.getByRole("heading", { name: "Granskningsrapport" }).waitFor();
  });
});
