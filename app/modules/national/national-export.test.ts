import { describe, expect, it } from "vitest";
import { aggregateRound } from "./aggregation";
import { fixture } from "./aggregation.fixture";
import { strFromU8, unzipSync } from "fflate";
import {
  CSV_COLUMNS,
  SCORE_COLUMNS,
  TREND_COLUMNS,
  XLSX_SHEETS,
  csvField,
  exportFileName,
  nationalCsv,
  nationalJson,
  nationalXlsx,
  scoreTable,
  trendCsv,
  trendTable,
  type ExportRound,
} from "./national-export";
import { computeTrends } from "./trends";
import { trendInput } from "./trends.fixture";
import { readSheets } from "./xlsx.fixture";

const ROUND: ExportRound = {
  id: 7,
  name: "Länsgranskning 2025",
  level: "county",
  manualKey: "county",
  manualVersion: 1,
  periodStart: "2025-01-01",
  periodEnd: "2025-12-31",
  synthetic: false,
  publishedReviews: 4,
};

function regionNamed(input: ReturnType<typeof fixture>) {
  // Real Swedish region names for the CSV check.
  const names: Record<string, string> = { sodra: "Södra sjukvårdsregionen", vastra: "Västra sjukvårdsregionen" };
  input.regions = input.regions.map((r) => ({ ...r, name: { sv: names[r.code] ?? r.name.sv, en: r.name.en } }));
  return input;
}

describe("csvField", () => {
  it("quotes separators, quotes and line breaks, and defuses formulas", () => {
    expect(csvField("Region Skåne")).toBe("Region Skåne");
    expect(csvField("a;b")).toBe('"a;b"');
    expect(csvField('säger "hej"')).toBe('"säger ""hej"""');
    expect(csvField("rad1\nrad2")).toBe('"rad1\nrad2"');
    expect(csvField("=SUMMA(A1)")).toBe("'=SUMMA(A1)");
    expect(csvField("-1+1")).toBe("'-1+1");
    expect(csvField(null)).toBe("");
    expect(csvField(0)).toBe("0");
  });
});

describe("nationalCsv", () => {
  const aggregation = aggregateRound(regionNamed(fixture()));
  const csv = nationalCsv(ROUND, aggregation);
  const lines = csv.slice(1).split("\r\n");

  it("is UTF-8 with BOM, semicolon-separated, CRLF, with the documented header", () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(lines[0]).toBe(CSV_COLUMNS.join(";"));
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv.includes("\n") && !/[^\r]\n/.test(csv)).toBe(true);
  });

  it("has one row per unit × criterion in the page's order", () => {
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(4 * 4);
    expect(rows.map((r) => r.split(";").slice(3, 4)[0] + "/" + r.split(";")[6])).toEqual(
      ["01", "12", "13", "25"].flatMap((unit) => ["c1", "c2", "c3", "c4"].map((c) => `${unit}/${c}`)),
    );
  });

  it("writes scores, empty for cannot assess and missing, with the cannot-assess flag", () => {
    const row = (unit: string, criterion: string) => lines.find((l) => l.split(";")[3] === unit && l.split(";")[6] === criterion)!;
    expect(row("01", "c1")).toBe("7;county;1;01;Stockholm;Stockholm–Gotland;c1;1.1;dim-a;basic;3;0");
    expect(row("12", "c3")).toBe("7;county;1;12;Skåne;Södra sjukvårdsregionen;c3;2.1;dim-b;advanced;;1");
    expect(row("25", "c2")).toBe("7;county;1;25;Norrbotten;Norra;c2;1.2;dim-a;developing;;0");
    // Halland is in both of its regions.
    expect(row("13", "c1")).toBe("7;county;1;13;Halland;Södra sjukvårdsregionen, Västra sjukvårdsregionen;c1;1.1;dim-a;basic;0;0");
  });

  it("only has a header for an empty round", () => {
    const empty = aggregateRound({ ...fixture(), units: [], scores: [], recommendations: [] });
    expect(nationalCsv(ROUND, empty)).toBe(`\uFEFF${CSV_COLUMNS.join(";")}\r\n`);
  });
});

describe("nationalJson", () => {
  it("is the aggregation with a format header, keys in a fixed order, byte-stable", () => {
    const aggregation = aggregateRound(fixture());
    const text = nationalJson(ROUND, aggregation);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual([
      "format",
      "formatVersion",
      "round",
      "filter",
      "rules",
      "scale",
      "dimensions",
      "criteria",
      "units",
      "national",
      "criterionStats",
      "generalAreas",
      "specificAreas",
      "regions",
      "inDepthCandidates",
      "recommendationThemes",
      "trends",
    ]);
    expect(parsed.format).toBe("kollega.national-aggregation");
    expect(parsed.formatVersion).toBe(2);
    expect(parsed.trends).toBeNull();
    expect(parsed.round).toMatchObject({ id: 7, manualKey: "county", manualVersion: 1 });
    expect(parsed.units).toEqual(JSON.parse(JSON.stringify(aggregation.units)));
    expect(nationalJson(ROUND, aggregateRound(fixture()))).toBe(text);
  });
});

describe("exportFileName", () => {
  it("names the round and the filter", () => {
    expect(exportFileName({ id: 3 }, null, "csv")).toBe("nationell-bild-omgang-3.csv");
    expect(exportFileName({ id: 3 }, "basic", "json")).toBe("nationell-bild-omgang-3-basic.json");
    expect(exportFileName({ id: 3 }, null, "xlsx")).toBe("nationell-bild-omgang-3.xlsx");
    expect(exportFileName({ id: 3 }, null, "csv", "trends")).toBe("nationell-bild-omgang-3-trender.csv");
  });
});

describe("trendTable (hand-computed from trends.fixture.ts)", () => {
  const trends = computeTrends(trendInput());
  const table = trendTable(trends);
  const keyed = table.rows.map((row) => Object.fromEntries(TREND_COLUMNS.map((c, i) => [c.key, row[i]])));

  it("one row per criterion and round, then dimensions, overall and units; every row names round, version and keys", () => {
    // 8 criterion rows × 2 rounds, 2 dimensions × 2, overall × 2, 4 units × 2.
    expect(table.rows).toHaveLength(16 + 4 + 2 + 8);
    for (const row of keyed) {
      expect(row.manual).toBe("county");
      expect(row.round_id).toBeTypeOf("number");
      expect(row.manual_version).toBeTypeOf("number");
    }
    expect(keyed.filter((r) => r.scope === "criterion").every((r) => r.row_key && r.anchor_version)).toBe(true);
  });

  it("numbers where comparable, the relation where not", () => {
    const find = (scope: string, key: string, round: number) => keyed.find((r) => r.scope === scope && r.row_key === key && r.round_id === round)!;
    expect(find("criterion", "a", 1)).toMatchObject({ criterion_key: "a", comparable: 1, relation: "same", n: 3, mean: 2, median: 2, gap_share: 0.6667, major_gap_share: 0.3333 });
    expect(find("criterion", "b", 1)).toMatchObject({ criterion_key: "b", comparable: 1, relation: "reworded", n: 2, mean: 2, gap_share: 1 });
    expect(find("criterion", "e", 1)).toMatchObject({ comparable: 1, relation: "moved", dimension: "D1", mean: 2.5 });
    expect(find("criterion", "c1", 1)).toMatchObject({ criterion_key: "c", comparable: 0, relation: "split", n: null, mean: null });
    expect(find("criterion", "gh", 1)).toMatchObject({ criterion_key: "g,h", comparable: 0, relation: "merged", mean: null });
    expect(find("criterion", "f", 1)).toMatchObject({ criterion_key: null, comparable: 0, relation: "new" });
    expect(find("criterion", "d", 1)).toMatchObject({ anchor_version: 1, comparable: 1, mean: 1 });
    expect(find("criterion", "d", 2)).toMatchObject({ comparable: 0, relation: "retired", mean: null });
    expect(find("dimension", "D1", 1)).toMatchObject({ criterion_key: "a,b,e", comparable: 1, relation: "core", n: 3, mean: 2.1111, gap_share: 0.7143 });
    expect(find("dimension", "D2", 2)).toMatchObject({ comparable: 0, relation: "no_core", mean: null });
    expect(find("overall", "overall", 2)).toMatchObject({ mean: 1.8889, gap_share: 0.6667 });
    const unit = keyed.find((r) => r.scope === "unit" && r.unit_code === "03" && r.round_id === 2)!;
    expect(unit).toMatchObject({ unit_name: "Enhet 03", n: 0, mean: null, criterion_key: null });
  });

  it("CSV: the same rows, keys as header", () => {
    const lines = trendCsv(trends).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe(TREND_COLUMNS.map((c) => c.key).join(";"));
    expect(lines.slice(1)).toEqual(table.rows.map((row) => row.map(csvField).join(";")));
  });
});

describe("nationalXlsx", () => {
  const aggregation = aggregateRound(regionNamed(fixture()));
  const trends = computeTrends(trendInput());

  it("holds the score table (Swedish header), the trend table and the column keys; numbers are numbers", () => {
    const sheets = readSheets(nationalXlsx(ROUND, aggregation, trends));
    expect(sheets.map((s) => s.name)).toEqual([XLSX_SHEETS.scores, XLSX_SHEETS.trends, XLSX_SHEETS.columns]);
    const [scores, trendSheet, columns] = sheets;
    expect(scores!.rows[0]).toEqual(SCORE_COLUMNS.map((c) => c.sv));
    // Exactly the CSV's rows, cell by cell, typed.
    expect(scores!.rows.slice(1)).toEqual(scoreTable(ROUND, aggregation).rows);
    expect(trendSheet!.rows.slice(1)).toEqual(trendTable(trends).rows);
    expect(columns!.rows.slice(1, 1 + SCORE_COLUMNS.length).map((r) => r.slice(0, 3))).toEqual(SCORE_COLUMNS.map((c) => [XLSX_SHEETS.scores, c.key, c.sv]));
  });

  it("leaves the trend sheet out without a series", () => {
    const sheets = readSheets(nationalXlsx(ROUND, aggregation, null));
    expect(sheets.map((s) => s.name)).toEqual([XLSX_SHEETS.scores, XLSX_SHEETS.columns]);
  });

  it("is a zip with the OOXML parts and the same bytes every time", () => {
    const bytes = nationalXlsx(ROUND, aggregation, null);
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(
      ["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"].sort(),
    );
    expect(strFromU8(files["xl/workbook.xml"]!)).toContain('<sheet name="Poäng" sheetId="1" r:id="rId1"/>');
    expect(nationalXlsx(ROUND, aggregation, null)).toEqual(bytes);
  });
});
