/**
 * Every demo account signs in through the real form, sees its own name and exactly the
 * navigation its role may use, gets an accessible start page, and signs out again.
 */
import { describe, expect, test } from "vitest";
import { DEMO_USERS } from "#db/seed/demo-users";
import type { Role } from "#db/schema";
import { currentPath, expectNoAxeViolations, signIn, signOut, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();

/** Navigation per role (app/modules/auth/permissions.ts): label and address, in menu order. */
const EVERYONE = [
  { label: "Start", href: "/" },
  { label: "Manualer", href: "/manuals" },
  { label: "Goda exempel", href: "/good-practice" },
];
const ADMIN = [
  { label: "Användare", href: "/admin/users" },
  { label: "Enheter", href: "/admin/units" },
];
const EXPECTED_NAVIGATION: Record<Role, { label: string; href: string }[]> = {
  admin: [...EVERYONE, ...ADMIN],
  editor: EVERYONE,
  coordinator: [
    { label: "Start", href: "/" },
    { label: "Granskningsomgångar", href: "/rounds" },
    { label: "Nationell bild", href: "/national" },
    { label: "Manualer", href: "/manuals" },
    { label: "Goda exempel", href: "/good-practice" },
  ],
  advisor: [
    { label: "Start", href: "/" },
    { label: "Nationell bild", href: "/national" },
    { label: "Manualer", href: "/manuals" },
    { label: "Goda exempel", href: "/good-practice" },
  ],
  reviewer: [{ label: "Start", href: "/" }, { label: "Mina granskningar", href: "/reviews" }, ...EVERYONE.slice(1)],
  unit_contact: [
    { label: "Start", href: "/" },
    { label: "Mina granskningar", href: "/reviews" },
    { label: "Nationell jämförelse", href: "/national/unit" },
    ...EVERYONE.slice(1),
  ],
};

describe("demo accounts", () => {
  test.each(DEMO_USERS.map((user) => [`${user.email} (${user.role})`, user] as const))(
    "%s signs in, sees its navigation, and signs out",
    async (_name, user) => {
      const page = await newPage();
      await signIn(page, user.email);
      expect(currentPath(page)).toBe("/");
      await waitForHydration(page);

      const header = page.locator("header");
      await header.getByText(`Inloggad som ${user.name}`, { exact: true }).waitFor();
      await page.locator("main h1").filter({ hasText: `Välkommen, ${user.name}` }).waitFor();

      const nav = header.locator("nav[aria-label]");
      expect(await nav.count()).toBe(1);
      expect(await nav.getAttribute("aria-label")).toBe("Huvudmeny");
      const links = await nav.getByRole("link").evaluateAll((elements) =>
        elements.map((a) => ({ label: a.textContent?.trim() ?? "", href: a.getAttribute("href") ?? "" })),
      );
      expect(links).toEqual(EXPECTED_NAVIGATION[user.role]);
      expect(await nav.getByRole("link", { name: "Start" }).getAttribute("aria-current")).toBe("page");

      await expectNoAxeViolations(page, `the start page as ${user.email}`);

      await signOut(page);
      expect(currentPath(page)).toBe("/login");
      await page.locator("main h1").filter({ hasText: "Logga in" }).waitFor();
      expect(await page.locator("header nav").count()).toBe(0);

      // The session is really gone: the start page asks for a sign-in again.
      await page.goto("/");
      expect(currentPath(page)).toBe("/login");
    },
  );
});

describe("my reviews", () => {
  test("a reviewer and a unit contact open 'Mina granskningar' from the menu and reach their reviews", async () => {
    const page = await newPage();
    await signIn(page, "granskare.stockholm@kollega.test");
    await waitForHydration(page);
    await page.locator("header nav").getByRole("link", { name: "Mina granskningar" }).click();
    await page.locator("main h1").filter({ hasText: "Mina granskningar" }).waitFor();
    const current = page.getByRole("table", { name: "Pågående" });
    await current.getByRole("row").filter({ hasText: "Region Kronoberg" }).filter({ hasText: "Teamledare" }).waitFor();
    await expectNoAxeViolations(page, "my reviews as a reviewer");
    await current.getByRole("link", { name: "Region Kronoberg" }).click();
    await page.locator("main h1").filter({ hasText: "Region Kronoberg" }).waitFor();
    await signOut(page);

    await signIn(page, "kontakt.uppsala@kollega.test");
    await waitForHydration(page);
    await page.locator("header nav").getByRole("link", { name: "Mina granskningar" }).click();
    const finished = page.getByRole("table", { name: "Publicerade" });
    await finished.getByRole("row").filter({ hasText: "Länsgranskning 2025" }).filter({ hasText: "Din enhet" }).waitFor();
    expect(await page.locator("main").textContent()).not.toContain("Region Stockholm");
    await expectNoAxeViolations(page, "my reviews as a unit contact");
    await finished.getByRole("link", { name: /^Rapport/ }).first().click();
    await page.locator("main h1").filter({ hasText: "Region Uppsala" }).waitFor();
  });
});
