/** The header's language switch: Swedish by default, English on request, and back. */
import { describe, expect, test } from "vitest";
import { expectNoAxeViolations, signIn, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();

describe("language switch", () => {
  test("anonymous: /login switches to English and back", async () => {
    const page = await newPage();
    await page.goto("/login?redirectTo=%2Fmanuals");
    await waitForHydration(page);
    expect(await page.locator("html").getAttribute("lang")).toBe("sv");

    const toEnglish = page.locator("header").getByRole("button", { name: "In English" });
    expect(await toEnglish.getAttribute("lang")).toBe("en");
    await toEnglish.click();
    await page.locator("html[lang=en]").waitFor({ state: "attached" });
    await page.locator("main h1").filter({ hasText: "Sign in" }).waitFor();
    await page.getByLabel("Email address").waitFor();
    // The page stays where it was, including its query.
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(new URL(page.url()).searchParams.get("redirectTo")).toBe("/manuals");
    await expectNoAxeViolations(page, "/login in English");

    const toSwedish = page.locator("header").getByRole("button", { name: "På svenska" });
    expect(await toSwedish.getAttribute("lang")).toBe("sv");
    await toSwedish.click();
    await page.locator("html[lang=sv]").waitFor({ state: "attached" });
    await page.locator("main h1").filter({ hasText: "Logga in" }).waitFor();
  });

  test("signed in: the start page switches to English, stays English on reload, and back", async () => {
    const page = await newPage();
    await signIn(page, "radgivare@kollega.test");
    await waitForHydration(page);
    const header = page.locator("header");
    try {
      await header.getByRole("button", { name: "In English" }).click();
      await page.locator("html[lang=en]").waitFor({ state: "attached" });
      await page.locator("main h1").filter({ hasText: "Welcome, Rut Rådgivare" }).waitFor();
      await header.getByText("Signed in as Rut Rådgivare", { exact: true }).waitFor();
      const nav = header.locator("nav[aria-label]");
      expect(await nav.getAttribute("aria-label")).toBe("Main menu");
      expect(await nav.getByRole("link").allTextContents()).toEqual(["Home", "National picture", "Manuals", "Good practice"]);
      expect(new URL(page.url()).pathname).toBe("/");
      await expectNoAxeViolations(page, "the start page in English");

      // The choice is remembered for the user.
      await page.reload();
      await page.locator("html[lang=en]").waitFor({ state: "attached" });
      await page.locator("main h1").filter({ hasText: "Welcome, Rut Rådgivare" }).waitFor();
      await waitForHydration(page);
    } finally {
      // Back to Swedish, also when an assertion above failed (the choice is stored on the account).
      const toSwedish = header.getByRole("button", { name: "På svenska" });
      if (await toSwedish.count()) await toSwedish.click();
    }
    await page.locator("html[lang=sv]").waitFor({ state: "attached" });
    await page.locator("main h1").filter({ hasText: "Välkommen, Rut Rådgivare" }).waitFor();
    expect(await header.locator("nav[aria-label]").getByRole("link").allTextContents()).toEqual(["Start", "Nationell bild", "Manualer", "Goda exempel"]);
  });
});
