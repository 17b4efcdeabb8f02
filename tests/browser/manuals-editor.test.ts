/**
 * The editor's workflow in a real browser, as redaktor@kollega.test: start a draft of the resource
 * centre manual, reword a criterion, note it in the crosswalk, publish, and read the new version and
 * its diff (axe on the editor's pages on the way); then the same edit of the node manual with
 * JavaScript disabled, where every form is a plain POST that redirects back with a message; and two
 * editors saving the same criterion, where the second save is refused and shows the first one's text.
 *
 * This file changes the server's data: resource-centre gets a published version 2, node and national
 * an open draft version 2 (visible to editors only). No other browser test reads those.
 */
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { currentPath, expectNoAxeViolations, signIn, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();
const EDITOR = "redaktor@kollega.test";

async function headingOutline(page: Page) {
  const levels = await page
    .locator("main")
    .locator("h1, h2, h3, h4, h5, h6")
    .evaluateAll((nodes) => nodes.map((n) => Number(n.tagName.slice(1))));
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  levels.forEach((level, i) => {
    if (i > 0) expect(level - levels[i - 1]!, `heading ${i} (h${level}) after h${levels[i - 1]}`).toBeLessThanOrEqual(1);
  });
}

describe("editing a manual", () => {
  test("start a draft, reword a criterion, publish with a complete crosswalk, see the new version and its diff", async () => {
    const page = await newPage();
    await signIn(page, EDITOR);
    await page.goto("/manuals/resource-centre");
    await waitForHydration(page);
    await page.locator("main").getByRole("button", { name: "Starta nytt utkast" }).click();
    await page.waitForURL((url) => url.pathname === "/manuals/resource-centre/2/edit");
    await page.locator("main").getByRole("status").filter({ hasText: "Utkastet har skapats." }).waitFor();
    await waitForHydration(page);
    await headingOutline(page);
    await expectNoAxeViolations(page, "edit page");

    await page.locator("main").getByRole("link", { name: "Redigera 2.1 (expert-knowledge)" }).click();
    await page.waitForURL((url) => url.pathname === "/manuals/resource-centre/2/edit/criteria/expert-knowledge");
    await waitForHydration(page);
    await expectNoAxeViolations(page, "criterion page");
    const text = page.locator("main").getByRole("group", { name: "Kriterietext" }).getByLabel("Svenska");
    // An empty Swedish text is refused next to the field, in Swedish.
    await text.fill("");
    await page.locator("main").getByRole("button", { name: "Spara kriteriet" }).click();
    await page.locator("main").getByText("Svensk text måste fyllas i.").waitFor();
    expect(await text.getAttribute("aria-invalid")).toBe("true");
    await expectNoAxeViolations(page, "criterion page with an error");
    const reworded = "Det finns fördjupad expertkunskap inom det för resurscentrumet definierade området";
    await text.fill(reworded);
    await page.locator("main").getByRole("button", { name: "Spara kriteriet" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "criterion");
    await page.locator("main").getByRole("status").filter({ hasText: "Kriteriet har sparats." }).waitFor();
    expect(await text.inputValue()).toBe(reworded);

    await page.goto("/manuals/resource-centre/2/edit/crosswalk");
    await waitForHydration(page);
    const row = page.locator("main fieldset#row-expert-knowledge");
    expect(await row.getByLabel("Typ").inputValue()).toBe("reworded");
    await row.getByLabel("Kommentar (svenska)").fill("Förtydligat att kunskapen ska vara fördjupad.");
    await expectNoAxeViolations(page, "crosswalk page");
    await page.locator("main").getByRole("button", { name: "Spara korsreferensen" }).click();
    await page.locator("main").getByRole("status").filter({ hasText: "Korsreferensen har sparats." }).waitFor();

    await page.goto("/manuals/resource-centre/2/edit");
    await waitForHydration(page);
    await page.locator("main").getByText("Utkastet är klart att publiceras").waitFor();
    await page.locator("main").getByRole("button", { name: "Publicera version 2" }).click();
    await page.waitForURL((url) => url.pathname === "/manuals/resource-centre/2" && url.searchParams.get("done") === "published");
    await page.locator("main").getByRole("status").filter({ hasText: "Versionen har publicerats." }).waitFor();
    await expect(page.locator("main #expert-knowledge-heading").textContent()).resolves.toContain(reworded);
    await expect(page.locator("main dl.facts").textContent()).resolves.toContain("Publicerad");

    await page.locator("main").getByRole("link", { name: "Jämför version 1 med 2" }).click();
    await page.waitForURL((url) => url.pathname === "/manuals/resource-centre/diff");
    const entry = page.locator("main .diff-entry--reworded");
    await entry.first().waitFor();
    expect(await entry.count()).toBe(1);
    expect(await entry.locator("ins").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("fördjupad")]));
    await expect(entry.textContent()).resolves.toContain("Förtydligat att kunskapen ska vara fördjupad.");

    // Published for good: the edit page now answers 409 with its message (fetched outside the page,
    // whose console would report the 409 as an error).
    const response = await page.request.get("/manuals/resource-centre/2/edit");
    expect(response.status()).toBe(409);
    expect(await response.text()).toContain("Publicerade versioner kan inte ändras.");
  });

  test("import: the page says what the file becomes, and a broken file is refused with its line", async () => {
    const page = await newPage();
    await signIn(page, EDITOR);
    await page.goto("/manuals/county/import");
    await waitForHydration(page);
    await page.locator("main").getByText("Innehållet blir utkast version 3 av manualen, oavsett vilken version och status filen själv anger.").waitFor();
    await headingOutline(page);
    await expectNoAxeViolations(page, "import page");
    await page.locator("main").getByLabel("Klistra in filens innehåll").fill('{\n  "manual": "county",\n  "version": 1,\n  "dimensions": [1,]\n}');
    await page.locator("main").getByRole("button", { name: "Importera som utkast" }).click();
    await page.locator("main").getByText("Filen kunde inte importeras. Inget har sparats.").waitFor();
    await expect(page.locator("main .issue-list").textContent()).resolves.toContain("rad 4");
    await expectNoAxeViolations(page, "import page with errors");
  });

  test("the same edit works with JavaScript disabled", async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await signIn(page, EDITOR);
    await page.goto("/manuals/node");
    await page.locator("main").getByRole("button", { name: "Starta nytt utkast" }).click();
    await page.waitForURL((url) => url.pathname === "/manuals/node/2/edit");
    await page.locator("main").getByText("Utkastet har skapats.").waitFor();

    await page.goto("/manuals/node/2/edit/criteria/expert-knowledge");
    const text = page.locator("main").getByRole("group", { name: "Kriterietext" }).getByLabel("Svenska");
    await text.fill("");
    await page.locator("main").getByRole("button", { name: "Spara kriteriet" }).click();
    // The server answers the plain POST with the page and the error next to the field.
    await page.locator("main").getByText("Svensk text måste fyllas i.").waitFor();
    expect(currentPath(page)).toBe("/manuals/node/2/edit/criteria/expert-knowledge");
    const reworded = "Det finns fördjupad expertkunskap inom det för noden definierade området";
    await text.fill(reworded);
    await page.locator("main").getByRole("button", { name: "Spara kriteriet" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "criterion");
    await page.locator("main").getByText("Kriteriet har sparats.").waitFor();
    expect(await text.inputValue()).toBe(reworded);

    // Reordering is a plain form too.
    await page.goto("/manuals/node/2/edit");
    await page.locator("main").getByRole("button", { name: "Flytta ned 1.1 (all-regions-connected)" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "reorder");
    await page.locator("main").getByText("Kriteriet har flyttats.").waitFor();
    await expect(page.locator("main #criterion-all-regions-connected .criterion__number").textContent()).resolves.toBe("1.2");
    await expect(page.locator("main #criterion-expert-knowledge").textContent()).resolves.toContain("Omformulerat");
  });

  test("a stale save is refused with a message and the page shows the other editor's text", async () => {
    const first = await newPage();
    const second = await newPage();
    await signIn(first, EDITOR);
    await signIn(second, EDITOR);
    await first.goto("/manuals/national");
    await waitForHydration(first);
    await first.locator("main").getByRole("button", { name: "Starta nytt utkast" }).click();
    await first.waitForURL((url) => url.pathname === "/manuals/national/2/edit");
    const key = (await first.locator("main li.criterion").first().getAttribute("id"))!.replace("criterion-", "");
    const path = `/manuals/national/2/edit/criteria/${key}`;
    for (const page of [first, second]) {
      await page.goto(path);
      await waitForHydration(page);
    }
    const text = (page: Page) => page.locator("main").getByRole("group", { name: "Kriterietext" }).getByLabel("Svenska");
    await text(first).fill("Den första redaktörens formulering");
    await first.locator("main").getByRole("button", { name: "Spara kriteriet" }).click();
    await first.waitForURL((url) => url.searchParams.get("done") === "criterion");
    await text(second).fill("Den andra redaktörens formulering");
    await second.locator("main").getByRole("button", { name: "Spara kriteriet" }).click();
    await second.locator("main").getByRole("alert").filter({ hasText: "Någon annan har ändrat utkastet" }).waitFor();
    await second.waitForFunction(
      (value) => (document.querySelector("main fieldset textarea[lang=sv]") as HTMLTextAreaElement | null)?.value === value,
      "Den första redaktörens formulering",
    );
    await expectNoAxeViolations(second, "criterion page after a stale save");
  });
});
