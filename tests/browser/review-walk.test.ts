/**
 * One county review from planning to follow-up in one go, with the demo accounts, as the people
 * who do it — once with JavaScript and once without (every step then goes through plain form
 * posts and server-rendered answers). The same walk runs both times; each step waits for and
 * checks what the person sees.
 *
 * The coordinator plans a round of Region Uppsala only, tries a conflicted member (refused with a
 * message) and makes Sara Stockholm (lead) and Sven Skåne the team; Uppsala's contact fills in the
 * self-assessment with an uploaded file and hands it in; Sara and Sven score blind (Sven sees
 * nothing of Sara's scores until he has submitted); Sara opens consensus and records it; writes a
 * recommendation and a strength; the contact comments in the factual check; Sara answers, signs
 * off and publishes; the contact acknowledges receipt, answers the recommendation with an action
 * plan and updates its progress; the coordinator reads the history. Each person's start page
 * lists the task of the moment with its due date. axe checks every page on the way (without
 * JavaScript, on the exact server-rendered markup, see axeOnServerMarkup).
 */
import { describe, expect, test } from "vitest";
import type { Locator, Page } from "playwright-core";
import { pdfFile } from "../evidence-files";
import { expectNoAxeViolations, signIn, useBrowser, waitForHydration } from "./browser";

const { newPage } = useBrowser();

const COORDINATOR = { email: "nationell@kollega.test", name: "Nora Nationell" };
const LEAD = { email: "granskare.stockholm@kollega.test", name: "Sara Stockholm" };
const MEMBER = { email: "granskare.skane@kollega.test", name: "Sven Skåne" };
const CONTACT = { email: "kontakt.uppsala@kollega.test", name: "Ulla Uppsala" };
const UNIT = "Region Uppsala";

const DUE = {
  selfAssessment: "2026-03-31",
  scoring: "2026-05-31",
  consensus: "2026-09-30",
  factualCheck: "2026-10-31",
  publication: "2026-11-30",
  followUp: "2027-03-31",
};

interface WalkOptions {
  javaScript: boolean;
}

const main = (page: Page) => page.locator("main");
const statusText = (page: Page, text: string | RegExp) => main(page).getByRole("status").filter({ hasText: text });
const alertText = (page: Page, text: string | RegExp) => main(page).getByRole("alert").filter({ hasText: text });
const heading = (page: Page, name: string | RegExp, level?: number) => main(page).getByRole("heading", { name, level, exact: typeof name === "string" });
const tab = (page: Page, name: string) => page.getByRole("navigation", { name: "Granskningens delar" }).getByRole("link", { name, exact: true });
const menu = (page: Page, name: string) => page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name, exact: true });

/**
 * What the walk does the same way with and without JavaScript: open a person's page, wait until
 * a page is settled after a step, run axe once per page state, find a task on the start page.
 */
class Walk {
  readonly js: boolean;
  private checker: Page | undefined;
  private checked = new Set<string>();
  private emails = new WeakMap<Page, string>();
  private started = Date.now();
  private axeMs = 0;

  constructor({ javaScript }: WalkOptions) {
    this.js = javaScript;
  }

  /** Logs how long the walk has run (WALK_TIMING=1), to see where the time goes. */
  lap(label: string) {
    if (process.env.WALK_TIMING) {
      console.log(`[walk ${this.js ? "js" : "no-js"}] ${((Date.now() - this.started) / 1000).toFixed(1)} s ${label} (axe so far ${(this.axeMs / 1000).toFixed(1)} s, ${this.checked.size} pages)`);
    }
  }

  async person(email: string) {
    const page = await newPage({ javaScriptEnabled: this.js });
    await signIn(page, email);
    await this.settle(page);
    this.emails.set(page, email);
    return page;
  }

  /**
   * Waits until the page has settled: without JavaScript, loaded; with it, hydrated and Remix's
   * navigation, revalidation and fetchers idle (so the next step does not race a re-render).
   */
  async settle(page: Page) {
    await page.waitForLoadState("load");
    if (!this.js) return;
    await waitForHydration(page);
    await page.waitForFunction(() => {
      const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string }; revalidation: string; fetchers: Map<string, { state: string }> } } }).__remixRouter;
      return !!router && router.state.navigation.state === "idle" && router.state.revalidation === "idle" && [...router.state.fetchers.values()].every((f) => f.state === "idle");
    });
  }

  /** Clicks and waits until `outcome` is visible and the page has settled. */
  async act(page: Page, control: Locator, outcome: Locator) {
    await control.click();
    await outcome.first().waitFor();
    await this.settle(page);
  }

  /**
   * axe on what the person sees, once per page and state (a page's fuller state where two differ
   * only in content, its error state where it has one). With JavaScript on the live page; without,
   * axe cannot run in the page (it needs scripts), so the page's exact server-rendered markup is
   * served, scripts removed, to a page that may run them, from the same address (same styles,
   * same relative links): what a no-JavaScript user got, including the answer to a plain post.
   */
  async axe(page: Page, what: string) {
    if (this.checked.has(what)) return;
    this.checked.add(what);
    const started = Date.now();
    try {
      await this.runAxe(page, what);
    } finally {
      this.axeMs += Date.now() - started;
    }
  }

  private async runAxe(page: Page, what: string) {
    if (this.js) return expectNoAxeViolations(page, what);
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
    const address = new URL(page.url());
    address.hash = "";
    this.checker ??= await newPage();
    const sameDocument = (url: URL) => url.pathname === address.pathname && url.search === address.search;
    await this.checker.route(sameDocument, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
    await this.checker.goto(address.toString());
    await this.checker.unroute(sameDocument);
    await expectNoAxeViolations(this.checker, `${what} (without JavaScript)`);
  }

  /** Goes to the start page, checks the task for this round with its due date, and follows it. */
  async openTask(page: Page, task: string, roundName: string, due: string) {
    await menu(page, "Start").click();
    await heading(page, "Mina uppgifter").waitFor();
    const item = main(page).locator(".task-list li").filter({ hasText: `${task}: ${UNIT} (${roundName})` });
    await item.waitFor();
    expect(await item.innerText()).toContain(`senast ${due}`);
    await this.settle(page);
    await this.axe(page, `start page of ${this.emails.get(page)}`);
    await item.getByRole("link").click();
  }

  async noTask(page: Page, roundName: string) {
    await menu(page, "Start").click();
    await heading(page, "Mina uppgifter").waitFor();
    await this.settle(page);
    expect(await main(page).locator(".task-list li").filter({ hasText: roundName }).count()).toBe(0);
  }
}

async function walk(options: WalkOptions) {
  const w = new Walk(options);
  const js = w.js;
  const label = js ? "med JavaScript" : "utan JavaScript";
  const roundName = `Genomgång ${label} ${Date.now()}`;
  const secret = `Saras egen motivering ${label} ${Date.now()}`;

  // ── Planning: the coordinator creates the round and composes the team.
  w.lap("Planning");
  const coordinator = await w.person(COORDINATOR.email);
  await menu(coordinator, "Granskningsomgångar").click();
  await heading(coordinator, "Granskningsomgångar", 1).waitFor();
  await w.settle(coordinator);
  await w.axe(coordinator, "rounds");
  await coordinator.getByRole("link", { name: "Ny omgång" }).click();
  await heading(coordinator, "Ny omgång", 1).waitFor();
  await w.settle(coordinator);
  await w.axe(coordinator, "new round");
  await coordinator.getByLabel("Namn", { exact: true }).fill(roundName);
  await coordinator.getByLabel("Periodens början").fill("2026-01-01");
  await coordinator.getByLabel("Periodens slut").fill("2026-12-31");
  await coordinator.getByLabel("Självvärdering senast").fill(DUE.selfAssessment);
  await coordinator.getByLabel("Bedömning av granskare senast").fill(DUE.scoring);
  await coordinator.getByLabel("Konsensus senast").fill(DUE.consensus);
  await coordinator.getByLabel("Faktagranskning senast").fill(DUE.factualCheck);
  await coordinator.getByLabel("Publicering senast").fill(DUE.publication);
  await coordinator.getByLabel("Handlingsplan senast").fill(DUE.followUp);
  const units = coordinator.locator('input[name="unitIds"]');
  for (let i = 0; i < (await units.count()); i++) await units.nth(i).setChecked(false);
  await coordinator.getByLabel(UNIT, { exact: true }).check();
  await w.act(coordinator, coordinator.getByRole("button", { name: "Skapa omgång" }), heading(coordinator, roundName, 1));
  await w.axe(coordinator, "the new round");
  await coordinator.getByRole("link", { name: `Öppna granskningen av ${UNIT}` }).click();
  await heading(coordinator, `Granskning av ${UNIT}`, 1).waitFor();
  await main(coordinator).getByText("Teamet har inga medlemmar ännu.").waitFor();
  await w.settle(coordinator);
  const reviewId = Number(new URL(coordinator.url()).pathname.split("/").pop());
  expect(reviewId).toBeGreaterThan(0);

  // Someone from Region Uppsala itself: refused as a conflict of interest, nothing added.
  const select = coordinator.locator("#add-member");
  const conflicted = select.locator("option", { hasText: `(${UNIT})` }).first();
  await select.selectOption((await conflicted.getAttribute("value"))!);
  await w.act(coordinator, coordinator.getByRole("button", { name: "Lägg till i teamet" }), alertText(coordinator, "Jäv: personen hör till den enhet som granskas"));
  await main(coordinator).getByText("Teamet har inga medlemmar ännu.").waitFor();
  await w.axe(coordinator, "planned review with a refused member");

  const teamRows = () => main(coordinator).locator("#team-heading ~ .table-wrapper tbody tr");
  await coordinator.locator("#add-member").selectOption({ label: `${LEAD.name} (Region Stockholm)` });
  await coordinator.getByLabel("Som teamledare").check();
  await w.act(coordinator, coordinator.getByRole("button", { name: "Lägg till i teamet" }), teamRows().filter({ hasText: LEAD.name }).filter({ hasText: "Teamledare" }));
  await main(coordinator).getByText("Länsgranskningar kräver medlemmar från minst två olika län.").waitFor();
  await coordinator.locator("#add-member").selectOption({ label: `${MEMBER.name} (Region Skåne)` });
  await w.act(coordinator, coordinator.getByRole("button", { name: "Lägg till i teamet" }), teamRows().filter({ hasText: MEMBER.name }));
  expect(await teamRows().count()).toBe(2);
  expect(await main(coordinator).getByText("Länsgranskningar kräver medlemmar från minst två olika län.").count()).toBe(0);
  await w.axe(coordinator, "planned review with its team");
  await w.act(
    coordinator,
    coordinator.getByRole("button", { name: "Starta informationsinhämtning" }),
    statusText(coordinator, "Granskningen har gått vidare till steget Informationsinhämtning."),
  );

  // ── Information gathering: the unit's contact fills in and hands in the self-assessment.
  w.lap("Information gathering");
  const contact = await w.person(CONTACT.email);
  await w.openTask(contact, "Fyll i självvärderingen", roundName, DUE.selfAssessment);
  await heading(contact, `Granskning av ${UNIT}`, 1).waitFor();
  await tab(contact, "Självvärdering").click();
  await heading(contact, "Självvärdering", 2).waitFor();
  await w.settle(contact);
  const criteria = main(contact).locator("article.sa-criterion");
  const total = await criteria.count();
  expect(total).toBeGreaterThan(20);
  const progress = (answered: number) => main(contact).getByText(`${answered} av ${total} kriterier besvarade`, { exact: true });
  await progress(0).waitFor();
  for (let i = 0; i < total; i++) {
    const article = main(contact).locator("article.sa-criterion").nth(i);
    if (i === 0) await article.getByRole("textbox", { name: /^Kommentar/ }).fill("Forumet är beslutat men har inte mötts ännu.");
    await article.getByRole("radio", { name: i === 0 ? /^1 / : /^2 / }).check();
    if (!js) await w.act(contact, article.getByRole("button", { name: /^Spara/ }), progress(i + 1));
  }
  await progress(total).waitFor();
  await w.settle(contact);

  // An uploaded file as evidence for the first criterion.
  const first = () => main(contact).locator("article.sa-criterion").first();
  await first().locator("summary", { hasText: "Lägg till underlag" }).click();
  await first()
    .getByLabel("Välj fil")
    .setInputFiles({ name: "Protokoll samverkansforum.pdf", mimeType: "application/pdf", buffer: Buffer.from(pdfFile("Protokoll samverkansforum")) });
  await w.act(contact, first().getByRole("button", { name: "Ladda upp fil" }), first().getByText("Underlaget har lagts till."));
  await first().getByRole("link", { name: /Protokoll samverkansforum\.pdf/ }).waitFor();
  expect(await first().getByRole("radio", { name: /^1 / }).isChecked()).toBe(true);
  expect(await first().getByRole("textbox", { name: /^Kommentar/ }).inputValue()).toBe("Forumet är beslutat men har inte mötts ännu.");
  await w.axe(contact, "self-assessment (filled in, with a file)");
  await w.act(contact, main(contact).getByRole("button", { name: "Lämna in självvärderingen" }), statusText(contact, "Självvärderingen har lämnats in. Tack!"));
  await main(contact).getByText("Självvärderingen är inlämnad och kan inte längre ändras.").waitFor();
  expect(await main(contact).getByRole("radio").count()).toBe(0);
  await w.axe(contact, "self-assessment (handed in)");

  // ── Analysis: the lead moves on; both reviewers score blind.
  w.lap("Analysis");
  const lead = await w.person(LEAD.email);
  await w.openTask(lead, "Gå vidare till analys", roundName, DUE.selfAssessment);
  await heading(lead, `Granskning av ${UNIT}`, 1).waitFor();
  await main(lead).getByText("Inlämnad").first().waitFor();
  await w.settle(lead);
  await w.act(lead, main(lead).getByRole("button", { name: "Gå vidare till analys" }), statusText(lead, "Granskningen har gått vidare till steget Analys."));

  /** Scores every criterion: `firstScore` for the first, 2 for the rest; saves and submits. */
  async function score(page: Page, firstScore: string, rationale: string) {
    await tab(page, "Min bedömning").click();
    await heading(page, "Min bedömning", 2).waitFor();
    await w.settle(page);
    const articles = main(page).locator("article.score-criterion");
    const count = await articles.count();
    expect(count).toBe(total);
    const answered = (n: number) => main(page).getByText(`${n} av ${count} kriterier besvarade`, { exact: true });
    await answered(0).waitFor();
    await w.axe(page, "scoring (empty)");
    const ids = await articles.evaluateAll((list) => list.map((a) => Number(a.id.replace("criterion-", ""))));
    if (js) {
      await page.locator(`#rationale-${ids[0]}`).fill(rationale);
      for (const [i, id] of ids.entries()) await page.locator(`input[name="score-${id}"][value="${i === 0 ? firstScore : "2"}"]`).check();
      for (const id of ids) {
        await expect.poll(() => page.locator(`#criterion-${id} .save-status`).innerText(), { timeout: 20_000 }).toMatch(/^Sparat \d{2}:\d{2}$/);
      }
      // The count follows the autosaves' answers live (the page's loader is not re-run after them)…
      await answered(count).waitFor();
      await page.waitForLoadState("networkidle");
      // … and the saves are in the database: the reloaded page says the same.
      await page.reload();
      await answered(count).waitFor();
      await w.settle(page);
      expect(await page.locator(`#rationale-${ids[0]}`).inputValue()).toBe(rationale);
    } else {
      const dimensions = main(page).locator("section.score-dimension");
      let done = 0;
      for (let d = 0; d < (await dimensions.count()); d++) {
        const dimension = main(page).locator("section.score-dimension").nth(d);
        const inDimension = await dimension.locator("article.score-criterion").evaluateAll((list) => list.map((a) => Number(a.id.replace("criterion-", ""))));
        for (const id of inDimension) await page.locator(`input[name="score-${id}"][value="${id === ids[0] ? firstScore : "2"}"]`).check();
        if (inDimension.includes(ids[0]!)) await page.locator(`#rationale-${ids[0]}`).fill(rationale);
        done += inDimension.length;
        await w.act(page, dimension.getByRole("button", { name: /^Spara / }), answered(done));
      }
      expect(done).toBe(count);
    }
    await w.act(page, main(page).getByRole("button", { name: "Lämna in min bedömning" }), statusText(page, "Din bedömning är inlämnad"));
    await expect.poll(() => main(page).locator('input[type="radio"]').count()).toBe(0);
    return ids;
  }

  await w.openTask(lead, "Bedöm kriterierna", roundName, DUE.scoring);
  const criterionIds = await score(lead, "1", secret);
  await main(lead).getByText("1 av 2 granskare har lämnat in").waitFor();

  const member = await w.person(MEMBER.email);
  await w.openTask(member, "Bedöm kriterierna", roundName, DUE.scoring);
  await tab(member, "Min bedömning").click();
  await heading(member, "Min bedömning", 2).waitFor();
  await main(member).getByText("1 av 2 granskare har lämnat in").waitFor();
  await w.settle(member);
  // Blind: nothing of Sara's scores or rationale before Sven has submitted his own.
  expect(await member.content()).not.toContain(secret);
  expect(await main(member).locator("table.score-table").count()).toBe(0);
  expect(await main(member).getByText(LEAD.name).count()).toBe(0);
  await score(member, "3", "Forumet finns och möts, enligt protokollen.");
  const others = main(member).locator(`#criterion-${criterionIds[0]} table.score-table`);
  await others.waitFor();
  expect(await others.locator("caption").innerText()).toContain("Andra granskares bedömningar");
  expect(await others.innerText()).toContain(LEAD.name);
  expect(await others.innerText()).toContain(secret);
  await w.axe(member, "scoring (submitted, sees the other's scores)");

  // ── Assessment: the lead opens consensus and the team records it.
  w.lap("Assessment");
  await lead.getByRole("link", { name: "Översikt", exact: true }).click();
  await main(lead).getByText("2 av 2 granskare har lämnat in").waitFor();
  await w.settle(lead);
  await w.axe(lead, "review overview (lead, next step)");
  await w.act(lead, main(lead).getByRole("button", { name: "Öppna konsensus" }), statusText(lead, "Granskningen har gått vidare till steget Bedömning."));
  await w.openTask(lead, "Konsensus", roundName, DUE.consensus);
  await tab(lead, "Konsensus").click();
  await heading(lead, "Konsensus", 2).waitFor();
  const consensusProgress = (n: number) => lead.locator(".consensus-progress").filter({ hasText: `${n} av ${total} kriterier har konsensus` });
  await consensusProgress(0).waitFor();
  await w.settle(lead);
  // Largest disagreement first: Sara 1, Sven 3 on the first criterion.
  const top = main(lead).locator("article.score-criterion").first();
  expect(await top.getAttribute("id")).toBe(`criterion-${criterionIds[0]}`);
  expect(await top.locator(".spread").innerText()).toBe("Spridning: 2");
  const table = await top.locator("table").innerText();
  expect(table).toContain(LEAD.name);
  expect(table).toContain(MEMBER.name);
  expect(table).toContain("1 – Påbörjat");
  await w.axe(lead, "consensus (open)");
  const order = await main(lead)
    .locator("article.score-criterion")
    .evaluateAll((list) => list.map((a) => Number(a.id.replace("criterion-", ""))));
  for (const [i, id] of order.entries()) {
    const article = lead.locator(`#criterion-${id}`);
    await article.locator(`input[name="score-${id}"][value="${id === criterionIds[0] ? "1" : "2"}"]`).check();
    if (id === criterionIds[0]) await article.locator(`#rationale-${id}`).fill("Forumet är beslutat men har inte kommit i gång.");
    if (!js) await w.act(lead, article.getByRole("button", { name: /^Spara konsensus/ }), consensusProgress(i + 1));
  }
  if (js) await lead.locator(`#rationale-${criterionIds[0]}`).blur();
  await consensusProgress(total).waitFor({ timeout: 30_000 });
  await w.settle(lead);
  await main(lead).getByText("Alla kriterier har konsensus.").waitFor();
  await lead.getByRole("link", { name: "Översikt", exact: true }).click();
  await heading(lead, `Granskning av ${UNIT}`, 1).waitFor();
  await w.settle(lead);
  await w.act(lead, main(lead).getByRole("button", { name: "Gå vidare till återföring" }), statusText(lead, "Granskningen har gått vidare till steget Återföring."));

  // ── Feedback: a recommendation and a strength, then the draft goes to factual check.
  w.lap("Feedback");
  await w.openTask(lead, "Skriv rekommendationer", roundName, DUE.publication);
  await tab(lead, "Rekommendationer").click();
  await heading(lead, "Rekommendationer och styrkor", 2).waitFor();
  await main(lead).getByText(/kriterier med gap saknar rekommendation/).waitFor();
  await w.settle(lead);
  const recommendation = "Sätt i gång det politiska samverkansforumet med en mötesplan för året.";
  await lead.locator("#rec-new-text").fill(recommendation);
  await lead.locator(`form:has(#rec-new-text) input[name=criterionIds][value="${criterionIds[0]}"]`).check();
  await lead.locator("#rec-new-priority").selectOption("high");
  await lead.locator("#rec-new-timeframe").fill("inom 6 månader");
  await w.act(lead, main(lead).getByRole("button", { name: "Lägg till rekommendation" }), statusText(lead, "Rekommendationen har lagts till."));
  await heading(lead, /Rekommendation 1/).waitFor();
  await lead.locator("#strength-new-text").fill("Länets kommuner deltar alla i förvaltningsledningens forum.");
  await w.act(lead, main(lead).getByRole("button", { name: "Lägg till styrka" }), statusText(lead, "Styrkan har lagts till."));
  await main(lead).locator(".feedback-item__text", { hasText: "Länets kommuner deltar alla i förvaltningsledningens forum." }).waitFor();
  await w.axe(lead, "recommendations (written)");
  await lead.getByRole("link", { name: "Översikt", exact: true }).click();
  await heading(lead, `Granskning av ${UNIT}`, 1).waitFor();
  await w.settle(lead);
  await w.act(
    lead,
    main(lead).getByRole("button", { name: "Skicka utkastet på faktagranskning" }),
    statusText(lead, "Granskningen har gått vidare till steget Faktagranskning."),
  );

  // ── Factual check: the unit reads the draft and comments; the lead answers and publishes.
  w.lap("Factual check");
  await w.openTask(contact, "Faktagranska utkastet", roundName, DUE.factualCheck);
  await tab(contact, "Rekommendationer").click();
  await heading(contact, "Utkast till återföring", 2).waitFor();
  await main(contact).getByText(recommendation).waitFor();
  await w.settle(contact);
  // The unit sees the consensus, never the individual reviewers' scores.
  expect(await contact.content()).not.toContain(secret);
  await w.axe(contact, "draft report (unit)");
  await tab(contact, "Faktagranskning").click();
  await heading(contact, "Faktagranskning", 2).waitFor();
  await w.settle(contact);
  await contact.locator("#comment-new-criterion").selectOption(String(criterionIds[0]));
  await contact.locator("#comment-new-text").fill("Forumet hade sitt första möte i februari, protokollet finns i underlaget.");
  await w.act(contact, main(contact).getByRole("button", { name: "Skicka kommentaren" }), statusText(contact, "Kommentaren har skickats till teamet."));
  await main(contact).getByText("Forumet hade sitt första möte i februari").waitFor();
  await w.axe(contact, "factual check (unit)");

  await w.openTask(lead, "Svara på faktagranskningen och publicera", roundName, DUE.factualCheck);
  await tab(lead, "Faktagranskning").click();
  await heading(lead, "Faktagranskning", 2).waitFor();
  await w.settle(lead);
  await lead.getByLabel("Teamets svar på Kommentar 1").fill("Tack, mötet noteras. Bedömningen står kvar: forumet har inte mötts regelbundet.");
  await w.act(lead, main(lead).getByRole("button", { name: "Spara svaret" }), statusText(lead, "Svaret har sparats."));
  await lead.getByLabel(/signerar rapporten för publicering/).check();
  await w.act(lead, main(lead).getByRole("button", { name: "Signera och publicera" }), statusText(lead, "Rapporten är signerad och publicerad."));
  await main(lead).getByText("Kontrollsumma (SHA-256)").waitFor();
  await lead.locator("ol.stage-steps li[aria-current=step]").filter({ hasText: "Publicerad" }).waitFor();
  await w.axe(lead, "factual check (published)");

  // ── Follow-up: receipt, the action plan, then its progress.
  w.lap("Follow-up");
  await w.openTask(contact, "Besvara rekommendationerna", roundName, DUE.followUp);
  await heading(contact, "Uppföljning", 2).waitFor();
  await w.settle(contact);
  await w.act(contact, main(contact).getByRole("button", { name: "Kvittera mottagandet" }), statusText(contact, "Mottagandet är kvitterat."));
  await main(contact).getByText(`Mottagandet kvitterades`).waitFor();
  expect(await main(contact).getByText(`av ${CONTACT.name}`).count()).toBeGreaterThan(0);
  await contact.getByLabel("Accepteras delvis").check();
  await contact.getByLabel("Planerad åtgärd", { exact: true }).fill("Styrgruppen fastställer en mötesplan för forumet.");
  await contact.getByLabel("Ansvarig", { exact: true }).fill("Länssamordnaren");
  await contact.getByLabel("Klart senast", { exact: true }).fill("2027-02-28");
  await w.act(contact, main(contact).getByRole("button", { name: "Spara svaret på Rekommendation 1" }), statusText(contact, "Svaret har sparats."));
  await main(contact).getByText(`Senast ändrat av ${CONTACT.name}`).waitFor();
  expect(await contact.getByLabel("Planerad åtgärd", { exact: true }).inputValue()).toBe("Styrgruppen fastställer en mötesplan för forumet.");
  expect(await contact.getByLabel("Accepteras delvis").isChecked()).toBe(true);
  expect(await contact.getByLabel("Status", { exact: true }).inputValue()).toBe("not_started");
  // Later: progress. The page already says "saved" from the first answer, so wait for this save's
  // own answer, then open the page afresh and read what was stored.
  await contact.getByLabel("Status", { exact: true }).selectOption("in_progress");
  await contact.getByLabel("Kommentar om läget", { exact: true }).fill("Första mötet är inbokat.");
  const followUpPath = `/reviews/${reviewId}/follow-up`;
  const progressSaved = contact.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname.startsWith(followUpPath));
  await contact.getByRole("button", { name: "Spara svaret på Rekommendation 1" }).click();
  expect((await progressSaved).status()).toBe(200);
  await w.settle(contact);
  await statusText(contact, "Svaret har sparats.").waitFor();
  await w.axe(contact, "follow-up (answered)");
  await contact.goto(followUpPath);
  await heading(contact, "Uppföljning", 2).waitFor();
  await w.settle(contact);
  expect(await contact.getByLabel("Status", { exact: true }).inputValue()).toBe("in_progress");
  expect(await contact.getByLabel("Kommentar om läget", { exact: true }).inputValue()).toBe("Första mötet är inbokat.");
  expect(await contact.getByLabel("Accepteras delvis").isChecked()).toBe(true);
  await w.noTask(contact, roundName);

  // The team reads the plan; the coordinator reads the review's history.
  await lead.getByRole("link", { name: "Uppföljning", exact: true }).click();
  await main(lead).getByText("Första mötet är inbokat.").waitFor();
  await main(lead).getByText("Pågår").waitFor();
  await w.settle(lead);
  await w.axe(lead, "follow-up (team)");
  await coordinator.goto(`/reviews/${reviewId}`);
  await tab(coordinator, "Historik").click();
  await heading(coordinator, "Historik", 2).waitFor();
  await w.settle(coordinator);
  const history = await main(coordinator).locator("table").innerText();
  for (const action of ["review.team.add", "review.stage", "evidence.add", "review.consensus.save", "recommendation.create", "factual_comment.create", "review.publish", "review.acknowledge", "recommendation_answer.update"]) {
    expect(history).toContain(action);
  }
  expect(history).toContain(CONTACT.name);
  await w.axe(coordinator, "history (coordinator)");
  w.lap("done");
}

describe("one county review from planning to follow-up, with the demo accounts", () => {
  // Generous limits: the machine's load varies a lot; the walks take far less on a quiet one.
  test("with JavaScript", () => walk({ javaScript: true }), 480_000);
  test("without JavaScript: every step through plain form posts", () => walk({ javaScript: false }), 480_000);
});
