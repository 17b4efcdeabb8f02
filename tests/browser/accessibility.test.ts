/**
 * axe (WCAG 2.1 A and AA) on every page that exists, in the states a user meets: the login page
 * empty and with errors, the 403 and 404 pages, the sign-out confirmation, and the administration
 * pages (lists, and forms empty and with errors). Nothing here saves data. The manual pages are
 * in manuals-reading.test.ts.
 */
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { currentPath, expectNoAxeViolations, loginForm, signIn, submitLogin, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();

const ADMIN = "admin@kollega.test";

/** Goes to a page, checks its status and heading, and waits for hydration. */
async function visit(page: Page, path: string, status: number, heading: string | RegExp) {
  const response = await page.goto(path);
  expect(response?.status(), `status of ${path}`).toBe(status);
  await page.locator("main h1").filter({ hasText: heading }).waitFor();
  await waitForHydration(page);
}

describe("accessibility (axe)", () => {
  test("/login, empty", async () => {
    const page = await newPage();
    const response = await page.goto("/login");
    expect(response?.status()).toBe(200);
    await waitForHydration(page);
    await expectNoAxeViolations(page, "/login (empty)");
  });

  test("/login after a failed sign-in (form error)", async () => {
    const page = await newPage();
    await page.goto("/login");
    await waitForHydration(page);
    // Account chosen so that no other test needs a clean failure count for it.
    await submitLogin(page, "kontakt.stockholm@kollega.test", "fel-losenord");
    await page.getByRole("alert").filter({ hasText: "Fel e-postadress eller lösenord." }).waitFor();
    await expectNoAxeViolations(page, "/login (wrong password)");
  });

  test("/login after an empty submit (field errors)", async () => {
    const page = await newPage();
    await page.goto("/login");
    await waitForHydration(page);
    await loginForm(page).submit.click();
    await page.getByRole("alert").filter({ hasText: "Fältet måste fyllas i." }).first().waitFor();
    expect(await loginForm(page).email.getAttribute("aria-invalid")).toBe("true");
    expect(await loginForm(page).password.getAttribute("aria-invalid")).toBe("true");
    await expectNoAxeViolations(page, "/login (field errors)");
  });

  test("the 404 page, signed in", async () => {
    const page = await newPage();
    await signIn(page, "redaktor@kollega.test");
    const response = await page.goto("/finns-inte");
    expect(response?.status()).toBe(404);
    await page.locator("main h1").filter({ hasText: "Sidan finns inte" }).waitFor();
    await waitForHydration(page);
    await expectNoAxeViolations(page, "/finns-inte (404)");
  });

  test("/logout confirmation, signed in", async () => {
    const page = await newPage();
    await signIn(page, "nationell@kollega.test");
    const response = await page.goto("/logout");
    expect(response?.status()).toBe(200);
    await page.locator("main h1").filter({ hasText: "Logga ut" }).waitFor();
    await waitForHydration(page);
    await expectNoAxeViolations(page, "/logout");
    // Its own button signs out as well.
    await page.locator("main").getByRole("button", { name: "Logga ut" }).click();
    await page.waitForURL((url) => url.pathname === "/login");
  });

  test("the 403 page: a reviewer opens /admin/users", async () => {
    const page = await newPage();
    await signIn(page, "granskare.stockholm@kollega.test");
    await visit(page, "/admin/users", 403, "Åtkomst nekad");
    await expectNoAxeViolations(page, "/admin/users as a reviewer (403)");
  });

  test("/admin/users", async () => {
    const page = await newPage();
    await signIn(page, ADMIN);
    await visit(page, "/admin/users", 200, "Användare");
    await page.locator("main table tbody tr").first().waitFor();
    await expectNoAxeViolations(page, "/admin/users");
  });

  test("/admin/users/new, empty and after an empty submit (field errors)", async () => {
    const page = await newPage();
    await signIn(page, ADMIN);
    await visit(page, "/admin/users/new", 200, "Ny användare");
    await expectNoAxeViolations(page, "/admin/users/new (empty)");

    await page.locator("main").getByRole("button", { name: "Skapa användare" }).click();
    await page.getByRole("alert").filter({ hasText: "Fältet måste fyllas i." }).first().waitFor();
    await page.getByRole("alert").filter({ hasText: "Välj minst ett alternativ." }).waitFor();
    expect(await page.getByLabel("Namn", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(currentPath(page)).toBe("/admin/users/new");
    await expectNoAxeViolations(page, "/admin/users/new (field errors)");
  });

  test("/admin/units", async () => {
    const page = await newPage();
    await signIn(page, ADMIN);
    await visit(page, "/admin/units", 200, "Enheter");
    await page.locator("main table tbody tr").first().waitFor();
    await expectNoAxeViolations(page, "/admin/units");
  });

  for (const kind of ["national", "county", "resource_centre", "node"] as const) {
    test(`/admin/units/:unitId for a unit of kind ${kind}, and with a field error`, async () => {
      const page = await newPage();
      await signIn(page, ADMIN);
      await visit(page, "/admin/units", 200, "Enheter");
      const edit = page.locator(`section[aria-labelledby="kind-${kind}"] tbody tr`).first().getByRole("link");
      const href = await edit.getAttribute("href");
      expect(href).toMatch(/^\/admin\/units\/\d+$/);
      await visit(page, href!, 200, /^Redigera /);
      await expectNoAxeViolations(page, `${href} (${kind})`);

      // An emptied required name gives a field error (validated in the browser, nothing saved).
      await page.getByLabel("Namn (svenska)").fill("");
      await page.locator("main").getByRole("button", { name: "Spara" }).click();
      await page.getByRole("alert").filter({ hasText: "Fältet måste fyllas i." }).waitFor();
      expect(await page.getByLabel("Namn (svenska)").getAttribute("aria-invalid")).toBe("true");
      expect(currentPath(page)).toBe(href);
      await expectNoAxeViolations(page, `${href} (${kind}, field error)`);
    });
  }
});
