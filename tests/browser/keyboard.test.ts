/** Keyboard use: the skip link comes first and moves focus to the main content. */
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { signIn, useBrowser, waitForHydration } from "./browser";

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
