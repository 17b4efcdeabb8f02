/**
 * Information gathering in a real browser: the unit contact of Uppsala scores criteria (autosave
 * with JavaScript, a plain submit without), uploads a file and downloads it again; the team adds
 * an interview note the unit never sees; the coordinator reads it all. axe checks each role's view.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { DEMO_USERS } from "#db/seed/demo-users";
import { pdfFile } from "../evidence-files";
import { expectNoAxeViolations, launchBrowser, signIn, useBrowser, waitForHydration } from "./browser";
import { createGatheringReview, type GatheringReview } from "./gathering-setup";

const { newPage } = useBrowser();

let setupBrowser: Browser | undefined;
let review: GatheringReview;

beforeAll(async () => {
  setupBrowser = await launchBrowser();
  review = await createGatheringReview(setupBrowser);
});

afterAll(async () => {
  await setupBrowser?.close();
});

const path = () => `/reviews/${review.reviewId}/self-assessment`;
const criterion = (page: Page, index: number) => page.locator("article.sa-criterion").nth(index);
const statusOf = (article: Locator) => article.locator(".sa-answer [role=status]");

async function openAs(email: string, options: { javaScriptEnabled?: boolean } = {}) {
  const page = await newPage(options);
  await signIn(page, email);
  await page.goto(path());
  if (options.javaScriptEnabled !== false) await waitForHydration(page);
  return page;
}

describe("the unit contact's self-assessment", () => {
  test("with JavaScript: choices and comments save themselves, survive a reload, and a file goes up and comes back", async () => {
    const page = await openAs("kontakt.uppsala@kollega.test");
    await page.locator("main h2").filter({ hasText: "Självvärdering" }).first().waitFor();
    const total = await page.locator("article.sa-criterion").count();
    expect(total).toBeGreaterThan(20);
    await page.getByText(`0 av ${total} kriterier besvarade`).waitFor();

    const first = criterion(page, 0);
    await first.getByRole("radio", { name: /^2 / }).check();
    await expect.poll(() => statusOf(first).textContent()).toBe("Sparat");

    const second = criterion(page, 1);
    await second.getByRole("radio", { name: /^3 / }).check();
    await second.getByRole("textbox", { name: /^Kommentar/ }).fill("Forumet möts varje månad, protokoll finns.");
    // The comment saves after a pause in typing.
    await expect.poll(() => statusOf(second).textContent(), { timeout: 10_000 }).toBe("Sparat");

    const third = criterion(page, 2);
    await third.getByRole("radio", { name: "Ej bedömbart" }).check();
    await expect.poll(() => statusOf(third).textContent()).toBe("Sparat");
    await page.getByText(`3 av ${total} kriterier besvarade`).waitFor();

    await page.reload();
    await waitForHydration(page);
    expect(await criterion(page, 0).getByRole("radio", { name: /^2 / }).isChecked()).toBe(true);
    expect(await criterion(page, 1).getByRole("radio", { name: /^3 / }).isChecked()).toBe(true);
    expect(await criterion(page, 1).getByRole("textbox", { name: /^Kommentar/ }).inputValue()).toBe("Forumet möts varje månad, protokoll finns.");
    expect(await criterion(page, 2).getByRole("radio", { name: "Ej bedömbart" }).isChecked()).toBe(true);

    // Upload a small PDF to the first criterion, see it listed, download it byte for byte.
    const bytes = pdfFile("Protokoll politiskt forum");
    const article = criterion(page, 0);
    await article.locator("summary", { hasText: "Lägg till underlag" }).click();
    await article.getByLabel("Välj fil").setInputFiles({ name: "Protokoll forum.pdf", mimeType: "application/pdf", buffer: Buffer.from(bytes) });
    await article.getByRole("button", { name: "Ladda upp fil" }).click();
    const link = criterion(page, 0).getByRole("link", { name: /Protokoll forum\.pdf/ });
    await link.waitFor();
    await criterion(page, 0).getByText("Underlaget har lagts till.").waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("Protokoll forum.pdf");
    const downloaded = fs.readFileSync((await download.path())!);
    expect(Buffer.compare(downloaded, Buffer.from(bytes))).toBe(0);

    // A disguised file is refused with the message next to the field.
    const fourth = criterion(page, 3);
    await fourth.locator("summary", { hasText: "Lägg till underlag" }).click();
    await fourth.getByLabel("Välj fil").setInputFiles({ name: "rapport.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\u0090\u0000 not a pdf") });
    await fourth.getByRole("button", { name: "Ladda upp fil" }).click();
    await criterion(page, 3).getByText(/^Filtypen är inte tillåten/).first().waitFor();
    expect(await criterion(page, 3).getByLabel("Välj fil").getAttribute("aria-invalid")).toBe("true");
    await expectNoAxeViolations(page, "the self-assessment with a refused upload");

    await page.goto(path());
    await waitForHydration(page);
    await expectNoAxeViolations(page, "the self-assessment as the unit contact");
  });

  test("without JavaScript: the same save works through the form's button", async () => {
    const page = await openAs("kontakt.uppsala@kollega.test", { javaScriptEnabled: false });
    const fifth = criterion(page, 4);
    await fifth.getByRole("radio", { name: /^1 / }).check();
    await fifth.getByRole("textbox", { name: /^Kommentar/ }).fill("Beslut finns, arbetet har inte börjat.");
    await fifth.getByRole("button", { name: /^Spara/ }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "saved");
    expect(new URL(page.url()).hash).toMatch(/^#criterion-/);
    const saved = criterion(page, 4);
    expect(await statusOf(saved).textContent()).toBe("Sparat");
    expect(await saved.getByRole("radio", { name: /^1 / }).isChecked()).toBe(true);
    expect(await saved.getByRole("textbox", { name: /^Kommentar/ }).inputValue()).toBe("Beslut finns, arbetet har inte börjat.");

    // A link works without JavaScript as well.
    await saved.locator("summary", { hasText: "Lägg till underlag" }).click();
    await saved.getByLabel(/^Webbadress/).fill("https://www.regionuppsala.se/styrdokument");
    await saved.getByRole("button", { name: "Lägg till länk" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "evidenceAdded");
    await criterion(page, 4).getByRole("link", { name: /regionuppsala\.se\/styrdokument/ }).waitFor();
  });
});

describe("the team and the coordinator", () => {
  test("a team member reads the answers, adds an interview note the unit never sees", async () => {
    const member = DEMO_USERS.find((user) => user.role === "reviewer" && review.teamNames.includes(user.name));
    expect(member, `a demo reviewer on the team (${review.teamNames.join(", ")})`).toBeDefined();
    const page = await openAs(member!.email);
    const first = criterion(page, 0);
    await first.getByText("2 – ").waitFor();
    expect(await first.getByRole("radio").count()).toBe(0);
    await first.getByRole("link", { name: /Protokoll forum\.pdf/ }).waitFor();
    await expectNoAxeViolations(page, `the self-assessment as team member ${member!.email}`);

    await first.locator("summary", { hasText: "Lägg till teamets underlag" }).click();
    await first.getByLabel("Anteckning", { exact: true }).fill("Intervju med länssamordnaren: forumet saknar ersättare.");
    await first.getByRole("button", { name: "Spara anteckning" }).click();
    await criterion(page, 0).getByText("Intervju med länssamordnaren: forumet saknar ersättare.").first().waitFor();

    const unit = await openAs("kontakt.uppsala@kollega.test");
    await criterion(unit, 0).getByRole("link", { name: /Protokoll forum\.pdf/ }).waitFor();
    expect(await unit.content()).not.toContain("forumet saknar ersättare");
  });

  test("the coordinator reads everything, including the team's note, without forms", async () => {
    const page = await openAs("nationell@kollega.test");
    const first = criterion(page, 0);
    await first.getByText("forumet saknar ersättare").first().waitFor();
    expect(await page.locator("form.sa-answer").count()).toBe(0);
    expect(await page.locator("details.sa-add").count()).toBe(0);
    await expectNoAxeViolations(page, "the self-assessment as the coordinator");
  });
});
