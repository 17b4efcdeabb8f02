/**
 * Kolada indicators in the browser. This file starts its own server with KOLLEGA_MOCKS=1, so
 * Kolada is answered by the msw handlers of tests/mocks inside the server (no network), on a fresh
 * demo database. The lead of the 2026 review of Region Västmanland (in analysis) sees the panel on
 * the scoring page with the demo's synthetic values, fetches values from (mock) Kolada, attaches a
 * snapshot, finds it in the review's evidence, signs off, and finds it in the published report.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase } from "#db/connection";
import { startServer, type RunningServer } from "../server";
import { expectNoAxeViolations, signIn, useBrowser } from "./browser";

let server: RunningServer;
let reviewId: number;

beforeAll(async () => {
  server = await startServer({
    databasePath: path.join(os.tmpdir(), `kollega-kolada-${randomUUID()}.sqlite`),
    env: { KOLLEGA_MOCKS: "1", KOLADA_BASE_URL: "https://api.kolada.se/v3", UPLOAD_DIR: path.join(os.tmpdir(), `kollega-kolada-uploads-${randomUUID()}`) },
  });
  process.env.KOLLEGA_BASE_URL = server.url;
  const { sqlite } = openDatabase(server.databasePath);
  const row = sqlite
    .prepare(
      `select r.id from reviews r join units u on u.id = r.unit_id join rounds ro on ro.id = r.round_id
       where ro.name = 'Länsgranskning 2026' and u.kolada_id = '0019'`,
    )
    .get() as { id: number };
  sqlite.close();
  reviewId = row.id;
}, 90_000);

afterAll(async () => {
  await server?.stop();
});

const { newPage } = useBrowser();

describe("Kolada indicators", () => {
  test("panel with values, national value and rank; a snapshot attached appears in the evidence and the published report", { timeout: 180_000 }, async () => {
    const page = await newPage();
    await signIn(page, "granskare.stockholm@kollega.test");
    await page.goto(`/reviews/${reviewId}/scoring`);
    const main = page.locator("main");
    const panel = main.locator("#indicators-regional-variation-followed");
    await panel.getByRole("heading", { name: "Relaterade nyckeltal (Kolada)" }).waitFor();
    // The demo's synthetic values, said to be such, before anything is fetched.
    await expect(panel.getByText("Demovärden (syntetiska) – inte hämtade från Kolada.").count()).resolves.toBeGreaterThan(0);
    await expectNoAxeViolations(page, "scoring page with Kolada panels (sv)");

    await panel.getByRole("button", { name: /^Hämta aktuella värden från Kolada/ }).click();
    await panel.getByText("Värdena har hämtats från Kolada.").waitFor();
    const table = panel.getByRole("table", { name: /Självmord, antal per 100 000 invånare \(mockvärde\) \(N79136\): Region Västmanland jämfört med riket/ });
    await table.waitFor();
    await expect(table.getByRole("columnheader").allTextContents()).resolves.toEqual(["År", "Region Västmanland", "Riket", "Placering bland regionerna"]);
    const firstRow = table.getByRole("row").nth(1);
    await expect(firstRow.getByRole("cell").nth(2).textContent()).resolves.toMatch(/^\d+ av 21$/);
    await expect(firstRow.getByRole("cell").nth(1).textContent()).resolves.toMatch(/^\d+(,\d)?$/);
    await expect(panel.getByText(/Källa: Kolada \(RKA\), nyckeltal N79136\. Hämtat /).count()).resolves.toBe(1);
    await expect(panel.getByText("Demovärden (syntetiska) – inte hämtade från Kolada.").count()).resolves.toBe(0);

    await panel.getByRole("button", { name: /^Bifoga som underlag N79136/ }).click();
    await panel.getByText("Ögonblicksbilden har bifogats som underlag.").waitFor();

    await page.goto(`/reviews/${reviewId}/self-assessment`);
    const evidence = main.locator("#evidence-regional-variation-followed");
    await evidence.getByRole("link", { name: /^Kolada N79136: Självmord/ }).waitFor();
    await expect(evidence.getByRole("table", { name: /^Ögonblicksbild: Självmord/ }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page, "self-assessment with a Kolada snapshot (sv)");
    await page.getByRole("button", { name: "In English" }).click();
    await main.locator("#indicators-regional-variation-followed").getByRole("heading", { name: "Related indicators (Kolada)" }).waitFor();
    await expectNoAxeViolations(page, "self-assessment with a Kolada snapshot (en)");
    await page.getByRole("button", { name: "På svenska" }).click();
    await main.locator("#indicators-regional-variation-followed").getByRole("heading", { name: "Relaterade nyckeltal (Kolada)" }).waitFor();

    // The rest of the procedure is not what this test is about: the review goes straight to the
    // factual check in the server's database, and the lead signs off through the page.
    const { sqlite } = openDatabase(server.databasePath);
    sqlite.prepare("update reviews set stage = 'factual_check', version = version + 1 where id = ?").run(reviewId);
    sqlite.close();
    await page.goto(`/reviews/${reviewId}/factual-check`);
    await main.getByLabel("Jag har gått igenom faktagranskningen och signerar rapporten för publicering.").check();
    await main.getByRole("button", { name: "Signera och publicera" }).click();
    await main.getByText("Rapporten är signerad och publicerad.").waitFor();

    await page.goto(`/reviews/${reviewId}/report`);
    const section = main.getByRole("region", { name: "Nyckeltal från Kolada i underlaget" });
    await section.waitFor();
    await expect(section.getByRole("table", { name: /^Ögonblicksbild: Självmord.*Region Västmanland jämfört med riket/ }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page, "report with a Kolada snapshot (sv)");
  });
});
