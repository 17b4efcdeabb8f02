/**
 * /national/report.pdf against real SQLite: the guard of /national (coordinator and advisory
 * group), the same query rules (400/404 with a message), and — on the demo round Länsgranskning
 * 2025 — the printed numbers agree with the JSON export: every unit's dimension means in the
 * heatmap, every criterion's shares with a gap and a major gap. Byte stability here and in another
 * process; the footer's hash is the JSON export's sha256.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { seedDemoReviews } from "#db/seed/demo-reviews";
import { resolveNational } from "~/modules/national/national-data.server";
import { formatDecimal, formatShare } from "~/modules/national/national-format";
import { nationalDocumentDate } from "~/modules/reports/national-report.server";
import { registerPdfRenderer } from "~/modules/reports/pdf-renderer-registry";
import { startPdfRenderer } from "~/server/pdf-renderer";
import * as jsonRoute from "~/routes/national.export[.]json";
import { loader as pdfLoader } from "~/routes/national.report[.]pdf";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { createReviewFixture } from "../factories";
import { pdfBytesOf, pdfCatalog, pdfInfo, pdfToText, renderInChildProcess } from "../pdf";
import { DEMO, callLoader, sessionCookieFor } from "../route";

const PDF_TIMEOUT = 240_000;

beforeEach(() => {
  useFreshDatabase();
});

function pdfOf(query: string, as?: string, headers: Record<string, string> = {}) {
  return callLoader(pdfLoader, { path: `/national/report.pdf${query}`, as, headers });
}

/** The JSON export's exact text, as a browser would download it. */
async function jsonExportText(query: string, as: string): Promise<string> {
  const request = new Request(`http://localhost/national/export.json${query}`, { headers: { Cookie: await sessionCookieFor(as) } });
  const response = (await jsonRoute.loader({ request, params: {}, context: { clientIp: "127.0.0.1" } })) as Response;
  expect(response.status).toBe(200);
  return response.text();
}

async function demoRound2025() {
  expect(await seedDemoReviews(getDb())).toBe(true);
  return getDb().selectFrom("rounds").select("id").where("name", "=", "Länsgranskning 2025").executeTakeFirstOrThrow();
}

/** The text of the PDF between two headings, each a line of its own (pdftotext -layout keeps each table row on one line). */
function section(text: string, from: string, to: string): string {
  const line = (heading: string) => new RegExp(`^\\s*${heading}\\s*$`, "m");
  const start = text.search(line(from));
  expect(start, from).toBeGreaterThanOrEqual(0);
  const end = text.slice(start + from.length).search(line(to));
  expect(end, to).toBeGreaterThan(0);
  return text.slice(start, start + from.length + end);
}

describe("national report PDF", () => {
  it(
    "is for the coordinator and the advisory group only, like /national",
    async () => {
      const fixture = await createReviewFixture({ stage: "published" });
      const query = `?round=${fixture.roundId}`;
      for (const as of [DEMO.coordinator, DEMO.advisor]) {
        await pdfBytesOf(await pdfOf(query, as));
      }
      for (const as of [DEMO.admin, DEMO.editor, DEMO.reviewer, DEMO.reviewerSkane, DEMO.reviewerNorrbotten, DEMO.unitContact, DEMO.unitContactStockholm]) {
        expect((await pdfOf(query, as)).status, as).toBe(403);
        // Not even a bad query tells them anything but 403.
        expect((await pdfOf("?round=abc&lang=xx", as)).status, as).toBe(403);
      }
      const anonymous = await pdfOf(query);
      expect(anonymous.status).toBe(302);
      expect(anonymous.location).toBe(`/login?redirectTo=${encodeURIComponent(`/national/report.pdf${query}`)}`);
    },
    PDF_TIMEOUT,
  );

  it("answers a bad query with 400, an unknown round with 404, each with a message", async () => {
    expect((await pdfOf("", DEMO.coordinator)).status, "nothing published yet").toBe(404);
    expect((await pdfOf("", DEMO.coordinator)).data).toBe("Det finns ännu ingen omgång med publicerade granskningar att ladda ner.\n");
    const cases: [string, number, string][] = [
      ["?round=abc", 400, "Ogiltig omgång: ange omgångens nummer.\n"],
      ["?round=1&round=2", 400, "Ogiltig omgång: ange omgångens nummer.\n"],
      ["?round=1&demand=extreme", 400, "Ogiltig kravnivå: välj grundläggande, under utveckling, avancerad eller alla.\n"],
      ["?round=1&lang=de", 400, "Ogiltigt språk: ange lang=sv (svenska) eller lang=en (engelska).\n"],
      ["?round=999999", 404, "Omgången finns inte.\n"],
      ["?round=999999&lang=en", 404, "The round does not exist.\n"],
    ];
    for (const [query, status, message] of cases) {
      const result = await pdfOf(query, DEMO.coordinator);
      expect([result.status, result.data], query).toEqual([status, message]);
      expect(result.headers.get("Content-Type"), query).toBe("text/plain; charset=utf-8");
    }
  });

  it("never answers a hostile query with a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ round: fc.option(fc.string({ unit: "binary", maxLength: 30 })), demand: fc.option(fc.string({ unit: "binary", maxLength: 30 })), lang: fc.option(fc.string({ unit: "binary", maxLength: 30 })) }),
        async ({ round, demand, lang }) => {
          // No round exists in this database, so every answer is a 400 or a 404 (never a render).
          const search = new URLSearchParams({ ...(lang === null ? {} : { lang }), ...(round === null ? {} : { round }), ...(demand === null ? {} : { demand }) });
          const result = await pdfOf(`?${search}`, DEMO.coordinator);
          expect([400, 404]).toContain(result.status);
        },
      ),
      { numRuns: 40 },
    );
  });

  it(
    "prints for Länsgranskning 2025 what the JSON export says: every unit, its dimension means, every criterion's gap shares",
    async () => {
      const round = await demoRound2025();
      const query = `?round=${round.id}`;
      const json = JSON.parse(await jsonExportText(query, DEMO.coordinator));
      expect(json.units).toHaveLength(21);
      const bytes = await pdfBytesOf(await pdfOf(`${query}&lang=sv`, DEMO.coordinator));
      const text = pdfToText(bytes, { layout: true });

      expect(text).toContain("Länsgranskning 2025");
      expect(text).toContain("Länsnivå, version 1");
      expect(text).toMatch(/Antal enheter\s+21/);

      // The heatmap: one line per unit, its name then the dimension means and the overall mean as printed.
      const heatmap = section(text, "Enheter och dimensioner", "Enheter och kriterier");
      for (const unit of json.units as { name: { sv: string }; mean: number | null; dimensions: { mean: number | null }[] }[]) {
        const printed = [...unit.dimensions.map((d) => d.mean), unit.mean].map((m) => (m === null ? "–" : formatDecimal("sv", m, 1)));
        const line = heatmap.split("\n").find((l) => l.trim().startsWith(unit.name.sv));
        expect(line, unit.name.sv).toBeDefined();
        expect(line!.trim().slice(unit.name.sv.length).trim().split(/\s+/), unit.name.sv).toEqual(printed);
      }

      // Units × criteria: every cell's consensus score, "E/B" or "–".
      const matrix = section(text, "Enheter och kriterier", "Per kriterium");
      for (const unit of json.units as { name: { sv: string }; cells: { score: number | null; cannotAssess: boolean }[] }[]) {
        const line = matrix.split("\n").find((l) => l.trim().startsWith(unit.name.sv));
        expect(line, unit.name.sv).toBeDefined();
        expect(line!.trim().slice(unit.name.sv.length).trim().split(/\s+/), unit.name.sv).toEqual(unit.cells.map((c) => (c.score !== null ? String(c.score) : c.cannotAssess ? "E/B" : "–")));
      }

      // Per criterion, in manual order: n, mean, median, share with a gap, share with a major gap, cannot assess, missing.
      const table = section(text, "Per kriterium", "Generella utvecklingsområden");
      const rows = [...table.matchAll(/(\d+)\s+(\S+)\s+(\S+)\s+(\d+ %)\s+(\d+ %)\s+(\d+)\s+(\d+)\s*$/gm)].map((m) => m.slice(1));
      const stats = json.criterionStats as { n: number; mean: number | null; median: number | null; gapShare: number | null; majorGapShare: number | null; cannotAssess: number; missing: number }[];
      expect(stats).toHaveLength(23);
      expect(rows).toEqual(
        stats.map((s) => [
          String(s.n),
          s.mean === null ? "–" : formatDecimal("sv", s.mean, 1),
          s.median === null ? "–" : formatDecimal("sv", s.median, 1),
          formatShare("sv", s.gapShare!).replace(/\u00a0/g, " "),
          formatShare("sv", s.majorGapShare!).replace(/\u00a0/g, " "),
          String(s.cannotAssess),
          String(s.missing),
        ]),
      );
      // Every criterion and every region named, and the rules shown.
      for (const criterion of json.criteria as { number: string }[]) expect(text).toContain(`${criterion.number} `);
      const flowing = pdfToText(bytes).replace(/\s+/g, " ");
      for (const region of json.regions.breakdown as { name: { sv: string } }[]) expect(flowing).toContain(region.name.sv);
      expect(flowing).toContain("Regel: kriterier där minst 50 % av enheterna med en poäng på kriteriet har ett gap.");
      expect(text).toContain("Kandidater för fördjupad granskning");
      expect(text).toContain("Rekommendationer per kriterium");

      // The English PDF: English headings, the same numbers in English form.
      const en = pdfToText(await pdfBytesOf(await pdfOf(`${query}&lang=en`, DEMO.advisor)), { layout: true });
      for (const heading of ["National picture", "Units and dimensions", "Per criterion", "General development areas", "Specific development areas", "Healthcare regions"]) {
        expect(en, heading).toContain(heading);
      }
      expect(en).toContain(formatShare("en", stats[0]!.gapShare!));
    },
    PDF_TIMEOUT,
  );

  it(
    "gives the same bytes for the same data and language, here and in another process, dated by the latest publication, with the JSON export's hash in every footer",
    async () => {
      const round = await demoRound2025();
      const query = `?round=${round.id}&demand=basic`;
      const first = await pdfBytesOf(await pdfOf(`${query}&lang=sv`, DEMO.coordinator));
      const second = await pdfBytesOf(await pdfOf(`${query}&lang=sv`, DEMO.advisor));
      expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);

      const resolved = await resolveNational(getDb(), new URLSearchParams(query));
      if (resolved.kind !== "ok") throw new Error(resolved.kind);
      const jsonHash = createHash("sha256").update(await jsonExportText(query, DEMO.coordinator), "utf8").digest("hex");
      const documentDate = await nationalDocumentDate(getDb(), round.id);
      const latest = await getDb().selectFrom("reviews").select("published_at").where("round_id", "=", round.id).orderBy("published_at", "desc").executeTakeFirstOrThrow();
      expect(documentDate).toBe(latest.published_at);
      const elsewhere = renderInChildProcess("national", { round: resolved.round, aggregation: resolved.aggregation, locale: "sv", documentDate, contentHash: jsonHash });
      expect(Buffer.compare(Buffer.from(elsewhere), Buffer.from(first))).toBe(0);
      // As the server draws it: in its PDF worker thread on the server build (decision 026), the same bytes.
      const renderer = startPdfRenderer();
      registerPdfRenderer(renderer);
      try {
        const inWorker = await pdfBytesOf(await pdfOf(`${query}&lang=sv`, DEMO.coordinator));
        expect(Buffer.compare(Buffer.from(inWorker), Buffer.from(first))).toBe(0);
      } finally {
        registerPdfRenderer(null);
        await renderer.close();
      }

      const info = pdfInfo(first);
      expect(info.Title).toBe("Nationell bild – Länsgranskning 2025 – Grundläggande");
      expect(info.Author).toBe("Kollega");
      expect(new Date(info.CreationDate!).getTime()).toBe(new Date(documentDate).setMilliseconds(0));
      expect(pdfCatalog(first)).toContain("/Lang (sv)");
      const text = pdfToText(first).replace(/\s+/g, " ");
      expect(text.split(`sha256 för JSON-exporten av samma data: ${jsonHash}`).length - 1).toBe(Number(info.Pages));

      const result = await pdfOf(`${query}&lang=sv`, DEMO.coordinator);
      expect(result.headers.get("Content-Disposition")).toBe('inline; filename="nationell-bild-lansgranskning-2025-basic-sv.pdf"');
      expect(result.headers.get("Cache-Control")).toBe("private, no-cache");
      const etag = result.headers.get("ETag")!;
      expect(etag.startsWith(`"${jsonHash.slice(0, 16)}-`)).toBe(true);
      expect((await pdfOf(`${query}&lang=sv`, DEMO.coordinator, { "If-None-Match": etag })).status).toBe(304);
    },
    PDF_TIMEOUT,
  );

  it(
    "with a series prints the trends as the JSON export has them: 'Ej jämförbart' with its relation, every unit; the footer hash is the export's with trends; a bad series is 400",
    async () => {
      expect(await seedDemoReviews(getDb())).toBe(true);
      const rounds = await getDb().selectFrom("rounds").select(["id", "name"]).execute();
      const id = (name: string) => rounds.find((r) => r.name === name)!.id;
      const query = `?round=${id("Länsgranskning 2026")}&series=${id("Länsgranskning 2025")}&series=${id("Länsgranskning 2026")}`;
      const json = await jsonExportText(query, DEMO.coordinator);
      const trends = JSON.parse(json).trends as {
        criteria: { key: string; number: string; points: ({ comparable: true; mean: number | null } | { comparable: false; reason: string })[] }[];
        units: { name: { sv: string } }[];
      };
      const bytes = await pdfBytesOf(await pdfOf(`${query}&lang=sv`, DEMO.coordinator));
      const text = pdfToText(bytes, { layout: true });
      const trendText = text.slice(text.search(/^\s*Trender över omgångar\s*$/m));
      expect(trendText.length).toBeLessThan(text.length);
      const flat = trendText.replace(/\s+/g, " ");
      // Every criterion of the trend table by key, and "not comparable" with the crosswalk's reason where the export says so.
      for (const row of trends.criteria) expect(flat, row.key).toContain(`Nyckel: ${row.key}`);
      const notComparable = trends.criteria.flatMap((row) => row.points.filter((p) => !p.comparable));
      expect(notComparable.length).toBeGreaterThan(0);
      expect(flat.split("Ej jämförbart (").length - 1).toBeGreaterThanOrEqual(notComparable.length);
      // A comparable mean as the page writes it.
      const comparable = trends.criteria.flatMap((row) => row.points).find((p): p is { comparable: true; mean: number } => p.comparable && p.mean !== null)!;
      expect(flat).toContain(formatDecimal("sv", comparable.mean, 2));
      for (const unit of trends.units) expect(flat, unit.name.sv).toContain(unit.name.sv);

      const jsonHash = createHash("sha256").update(json, "utf8").digest("hex");
      const info = pdfInfo(bytes);
      expect(pdfToText(bytes).replace(/\s+/g, " ").split(`sha256 för JSON-exporten av samma data: ${jsonHash}`).length - 1).toBe(Number(info.Pages));

      const bad = await pdfOf(`?round=${id("Länsgranskning 2026")}&series=${id("Länsgranskning 2025")}&lang=sv`, DEMO.coordinator);
      expect(bad.status).toBe(400);
    },
    PDF_TIMEOUT,
  );
});
