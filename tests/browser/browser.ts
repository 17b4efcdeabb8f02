/**
 * Helpers for the browser tests: Debian's Chromium driven by playwright-core, against the server
 * that scripts/test-browser.ts started (KOLLEGA_BASE_URL). One browser per test file, a fresh
 * context (cookies, storage) per test.
 */
import AxeBuilder from "@axe-core/playwright";
import { afterAll, afterEach, beforeAll } from "vitest";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { DEMO_PASSWORD } from "#db/seed/demo-users";

export { DEMO_PASSWORD };

export function baseUrl(): string {
  const url = process.env.KOLLEGA_BASE_URL;
  if (!url) throw new Error("KOLLEGA_BASE_URL is not set: run the browser tests with `npm run test:browser`.");
  return url.replace(/\/$/, "");
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/**
 * A page in its own context (axe needs pages from browser.newContext(), not browser.newPage()).
 * Relative addresses in page.goto resolve against the server.
 */
export async function openPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl(), locale: "sv-SE", ...options });
  const page = await context.newPage();
  return { context, page };
}

/**
 * Registers the hooks for one test file: one browser for the file, and a fresh context for every
 * page a test opens, closed after the test. Uncaught page errors and console errors (React
 * hydration errors, CSP violations) fail the test; failed HTTP responses the test provokes (401,
 * 404) are expected and ignored.
 */
export function useBrowser() {
  let browser: Browser | undefined;
  let opened: { context: BrowserContext; problems: string[] }[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    const current = opened;
    opened = [];
    await Promise.all(current.map(({ context }) => context.close()));
    const problems = current.flatMap((entry) => entry.problems);
    if (problems.length) throw new Error(`The browser reported errors:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async newPage(options: BrowserContextOptions = {}): Promise<Page> {
      if (!browser) throw new Error("The browser is not running (useBrowser() must be called at the top of the file).");
      const { context, page } = await openPage(browser, options);
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`uncaught error on ${currentPath(page)}: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() !== "error") return;
        if (/^Failed to load resource: the server responded with a status of (400|401|403|404|409|413|429)\b/.test(message.text())) return;
        problems.push(`console error on ${currentPath(page)}: ${message.text()}`);
      });
      opened.push({ context, problems });
      return page;
    },
  };
}

/** The login form's controls, found by their labels in either language. */
export function loginForm(page: Page) {
  return {
    email: page.getByLabel(/^(E-postadress|Email address)$/),
    password: page.getByLabel(/^(Lösenord|Password)$/),
    submit: page.locator("main").getByRole("button", { name: /^(Logga in|Sign in)$/ }),
  };
}

/** Fills in and submits the login form on the current page; does not wait for the outcome. */
export async function submitLogin(page: Page, email: string, password: string) {
  const form = loginForm(page);
  await form.email.fill(email);
  await form.password.fill(password);
  await form.submit.click();
}

/**
 * Signs in through the real form. Goes to /login first unless the page is already there (so a
 * redirect to /login?redirectTo=… keeps its target), and waits until the browser has left /login.
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  if (page.url() === "about:blank" || new URL(page.url()).pathname !== "/login") {
    await page.goto("/login");
  }
  await submitLogin(page, email, password);
  await page.waitForURL((url) => url.pathname !== "/login");
}

/** Signs out with the header's button and waits for the login page. */
export async function signOut(page: Page) {
  await page.locator("header").getByRole("button", { name: /^(Logga ut|Sign out)$/ }).click();
  await page.waitForURL((url) => url.pathname === "/login");
}

/**
 * The database file of the server under test (scripts/test-browser.ts passes it), for tests that
 * prepare data no page can create yet or look up a demo review's id.
 */
export function serverDatabasePath(): string {
  const file = process.env.KOLLEGA_TEST_DATABASE_PATH;
  if (!file) throw new Error("KOLLEGA_TEST_DATABASE_PATH is not set: run the browser tests with `npm run test:browser`.");
  return file;
}

/** Addresses that are not pages: downloads, and forms that change the session. */
const NOT_A_PAGE = [/^\/logout/, /^\/language/, /\.(csv|json|pdf|xlsx)$/, /\/evidence\//];

/** The pages (path and query, this site only, downloads left out) the links matching `selector` lead to, each once. */
export async function pageLinks(page: Page, selector: string): Promise<string[]> {
  const origin = new URL(baseUrl()).origin;
  const hrefs = await page.locator(selector).evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
  const paths = hrefs
    .map((href) => new URL(href))
    .filter((url) => url.origin === origin)
    .map((url) => url.pathname + url.search)
    .filter((p) => !NOT_A_PAGE.some((pattern) => pattern.test(p.split("?")[0]!)));
  return [...new Set(paths)];
}

/** The path (and query) the browser is showing now. */
export function currentPath(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

/**
 * Waits until React has hydrated the document (the main element carries React's fiber), so that
 * keyboard and client-side behaviour is tested, not the server HTML before the scripts ran.
 */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const main = document.querySelector("main");
    return !!main && Object.keys(main).some((key) => key.startsWith("__reactFiber$"));
  });
}

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Runs axe (WCAG 2.1 A and AA) on the page and fails with a readable list of violations.
 *
 * Legacy mode runs axe.run inside the page itself. The default mode (axe.runPartial per frame,
 * then axe.finishRun in a new blank page of the context, for cross-origin iframes) opened a page
 * per check and took about twice as long — 1.3 s instead of 0.8 s on a small page here, over
 * 200 checks a run. Kollega's pages have no iframes, so both modes check the same document.
 */
export async function expectNoAxeViolations(page: Page, what = currentPath(page)) {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).withTags(AXE_TAGS).analyze();
  if (results.violations.length === 0) return;
  const lines = results.violations.map((violation) => {
    const nodes = violation.nodes.map((node) => {
      const target = node.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : String(t))).join(" | ");
      const summary = node.failureSummary ? `\n        ${node.failureSummary.replace(/\n/g, "\n        ")}` : "";
      return `      - ${target}\n        ${node.html}${summary}`;
    });
    return `  * ${violation.id} [${violation.impact ?? "?"}]: ${violation.help}\n    ${violation.helpUrl}\n${nodes.join("\n")}`;
  });
  throw new Error(`axe found ${results.violations.length} violation(s) on ${what}:\n${lines.join("\n")}`);
}
