import { describe, expect, it } from "vitest";
import { aggregateRound } from "./aggregation";
import { fixture } from "./aggregation.fixture";
import { CSV_COLUMNS, csvField, exportFileName, nationalCsv, nationalJson, type ExportRound } from "./national-export";

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
    ]);
    expect(parsed.format).toBe("kollega.national-aggregation");
    expect(parsed.round).toMatchObject({ id: 7, manualKey: "county", manualVersion: 1 });
    expect(parsed.units).toEqual(JSON.parse(JSON.stringify(aggregation.units)));
    expect(nationalJson(ROUND, aggregateRound(fixture()))).toBe(text);
  });
});

describe("exportFileName", () => {
  it("names the round and the filter", () => {
    expect(exportFileName({ id: 3 }, null, "csv")).toBe("nationell-bild-omgang-3.csv");
    expect(exportFileName({ id: 3 }, "basic", "json")).toBe("nationell-bild-omgang-3-basic.json");
  });
});
