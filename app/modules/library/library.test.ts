import { describe, expect, it } from "vitest";
import {
  entriesFromSnapshot,
  filterEntries,
  groupEntries,
  librarySearch,
  paginate,
  parseLibraryQuery,
  sortEntries,
  type LibraryCatalogue,
  type LibraryEntry,
  type LibraryQuery,
} from "./library";

function snapshot(overrides: Record<string, unknown> = {}) {
  return {
    format: 1,
    reviewId: 7,
    unit: { id: 3, code: "03", kind: "county", nameSv: "Region Uppsala", nameEn: "Uppsala Region" },
    round: { id: 2, name: "Länsgranskning 2025", level: "county", periodStart: "2025-01-01", periodEnd: "2025-12-31" },
    manual: { key: "county", version: 1, checksum: "x" },
    criteria: [
      { id: 11, key: "politiskt-forum", number: "1.1", dimensionKey: "organisation", position: 1, textSv: "Finns ett politiskt forum", textEn: "There is a political forum", selfScore: null, consensus: null },
      { id: 12, key: "kompetensplan", number: "2.1", dimensionKey: "kompetens", position: 9, textSv: "Finns en kompetensplan", textEn: "There is a competence plan", selfScore: null, consensus: null },
    ],
    strengths: [
      { id: 1, text: "Tydlig ledning.", criterionKey: "politiskt-forum", internal: false },
      { id: 2, text: "HEMLIG intern styrka", criterionKey: "kompetensplan", internal: true },
      { id: 3, text: "Ett brett samarbete.", criterionKey: null, internal: false },
    ],
    publishedAt: "2025-11-20T10:00:00.000Z",
    ...overrides,
  };
}

describe("entriesFromSnapshot", () => {
  it("keeps the non-internal strengths with their unit, round, manual and criterion", () => {
    const entries = entriesFromSnapshot(7, snapshot());
    expect(entries.map((e) => e.strengthId)).toEqual([1, 3]);
    expect(entries[0]).toMatchObject({
      reviewId: 7,
      text: "Tydlig ledning.",
      unit: { code: "03", nameSv: "Region Uppsala" },
      round: { name: "Länsgranskning 2025" },
      manual: { key: "county", version: 1 },
      criterion: { key: "politiskt-forum", number: "1.1", position: 1, dimensionKey: "organisation", textEn: "There is a political forum" },
    });
    expect(entries[1]!.criterion).toBeNull();
  });

  it("never returns an internal strength, and nothing from a snapshot of another shape", () => {
    expect(JSON.stringify(entriesFromSnapshot(7, snapshot()))).not.toContain("HEMLIG");
    // A strength whose internal flag is missing is treated as internal: only an explicit false is shared.
    expect(entriesFromSnapshot(7, snapshot({ strengths: [{ id: 9, text: "x", criterionKey: null }] }))).toEqual([]);
    expect(entriesFromSnapshot(7, {})).toEqual([]);
    expect(entriesFromSnapshot(7, null)).toEqual([]);
    expect(entriesFromSnapshot(7, snapshot({ manual: { key: "other", version: 1 } }))).toEqual([]);
  });
});

const catalogue: LibraryCatalogue = {
  manuals: [
    { key: "county", version: 1, dimensionKeys: ["organisation", "kompetens"], criterionKeys: ["politiskt-forum", "kompetensplan"] },
    { key: "county", version: 2, dimensionKeys: ["organisation"], criterionKeys: ["politiskt-forum"] },
  ],
  unitCodes: new Set(["01", "03", "NOD-TRAUMA"]),
};
const q = (text: string) => parseLibraryQuery(new URLSearchParams(text), catalogue);

describe("parseLibraryQuery", () => {
  it("reads an empty query as no filter, page 1", () => {
    expect(q("")).toEqual({ ok: true, query: { manual: null, dimension: null, criterion: null, unit: null, q: null, page: 1 } });
    expect(q("manual=&dimension=&criterion=&unit=&q=++&page=")).toEqual(q(""));
  });

  it("reads every filter", () => {
    expect(q("manual=county-v1&dimension=kompetens&criterion=kompetensplan&unit=03&q=%20ledning%20&page=2")).toEqual({
      ok: true,
      query: { manual: { key: "county", version: 1 }, dimension: "kompetens", criterion: "kompetensplan", unit: "03", q: "ledning", page: 2 },
    });
  });

  it("names the field of every bad value", () => {
    expect(q("manual=county")).toMatchObject({ ok: false, errors: { manual: "library.error.manual" } });
    expect(q("manual=county-v9")).toMatchObject({ ok: false, errors: { manual: "library.error.manualUnknown" } });
    expect(q("manual=county-v2&criterion=kompetensplan")).toMatchObject({ ok: false, errors: { criterion: "library.error.criterionUnknown" } });
    expect(q("manual=county-v2&dimension=kompetens")).toMatchObject({ ok: false, errors: { dimension: "library.error.dimensionUnknown" } });
    expect(q("criterion=kompetensplan")).toMatchObject({ ok: false, errors: { criterion: "library.error.needsManual" } });
    expect(q("dimension=Bad Key")).toMatchObject({ ok: false, errors: { dimension: "library.error.dimension" } });
    expect(q("unit=99")).toMatchObject({ ok: false, errors: { unit: "library.error.unitUnknown" } });
    expect(q("unit=%3Cscript%3E")).toMatchObject({ ok: false, errors: { unit: "library.error.unit" } });
    expect(q(`q=${"a".repeat(201)}`)).toMatchObject({ ok: false, errors: { q: "library.error.text" } });
    expect(q("page=0")).toMatchObject({ ok: false, errors: { page: "library.error.page" } });
    expect(q("page=-1")).toMatchObject({ ok: false, errors: { page: "library.error.page" } });
    expect(q("unit=01&unit=03")).toMatchObject({ ok: false, errors: { unit: "library.error.unit" } });
  });

  it("keeps the raw values to fill the form in again", () => {
    const result = q("manual=county-v2&criterion=kompetensplan&q=forum");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.values).toMatchObject({ manual: "county-v2", criterion: "kompetensplan", q: "forum" });
  });
});

function entry(id: number, overrides: Partial<LibraryEntry> & { position?: number | null; code?: string; version?: number } = {}): LibraryEntry {
  const { position = 1, code = "03", version = 1, ...rest } = overrides;
  return {
    strengthId: id,
    reviewId: 100 + id,
    text: `Styrka ${id}`,
    unit: { id: Number.parseInt(code, 10) || 50, code, nameSv: `Region ${code}`, nameEn: `Region ${code} (en)` },
    round: { id: 1, name: "Länsgranskning 2025", periodStart: "2025-01-01" },
    manual: { key: "county", version },
    criterion:
      position === null
        ? null
        : { key: `k${position}`, number: `1.${position}`, position, dimensionKey: position < 5 ? "organisation" : "kompetens", textSv: `Kriterium ${position}`, textEn: `Criterion ${position}` },
    publishedAt: "2025-11-20T10:00:00.000Z",
    ...rest,
  };
}

describe("filterEntries", () => {
  const entries = [
    entry(1, { position: 1, code: "03" }),
    entry(2, { position: 6, code: "01", text: "Ett ÅTERKOMMANDE forum för samverkan." }),
    entry(3, { position: null, code: "12" }),
    entry(4, { position: 1, code: "03", version: 2 }),
  ];
  const none: Omit<LibraryQuery, "page"> = { manual: null, dimension: null, criterion: null, unit: null, q: null };
  const ids = (query: Partial<Omit<LibraryQuery, "page">>) => filterEntries(entries, { ...none, ...query }).map((e) => e.strengthId);

  it("filters by manual version, dimension, criterion and unit, all together", () => {
    expect(ids({})).toEqual([1, 2, 3, 4]);
    expect(ids({ manual: { key: "county", version: 1 } })).toEqual([1, 2, 3]);
    expect(ids({ manual: { key: "county", version: 1 }, dimension: "kompetens" })).toEqual([2]);
    expect(ids({ manual: { key: "county", version: 1 }, criterion: "k1" })).toEqual([1]);
    expect(ids({ unit: "03" })).toEqual([1, 4]);
    expect(ids({ unit: "03", criterion: "k6" })).toEqual([]);
  });

  it("matches free text case-insensitively (Swedish letters too) in the strength, criterion and unit", () => {
    expect(ids({ q: "återkommande" })).toEqual([2]);
    expect(ids({ q: "criterion 6" })).toEqual([2]);
    expect(ids({ q: "region 12" })).toEqual([3]);
    expect(ids({ q: "1.1" })).toEqual([1, 4]);
  });
});

describe("order, pages and groups", () => {
  it("sorts by manual version (newest first), criterion position (none last), unit code, then id", () => {
    const sorted = sortEntries([
      entry(1, { position: 6, code: "01" }),
      entry(2, { position: null, code: "01" }),
      entry(3, { position: 1, code: "12" }),
      entry(4, { position: 1, code: "03" }),
      entry(5, { position: 1, code: "03", version: 2 }),
      entry(6, { position: 1, code: "03" }),
    ]);
    expect(sorted.map((e) => e.strengthId)).toEqual([5, 4, 6, 3, 1, 2]);
    expect(groupEntries(sorted).map((g) => [g.id, g.entries.length])).toEqual([
      ["county-v2:k1", 1],
      ["county-v1:k1", 3],
      ["county-v1:k6", 1],
      ["county-v1:-", 1],
    ]);
  });

  it("pages by 50, and a page past the end shows the last one", () => {
    const items = Array.from({ length: 120 }, (_, i) => i);
    expect(paginate(items, 1)).toMatchObject({ page: 1, pages: 3, total: 120, from: 1, to: 50 });
    expect(paginate(items, 3)).toMatchObject({ page: 3, from: 101, to: 120 });
    expect(paginate(items, 3).items).toHaveLength(20);
    expect(paginate(items, 9)).toMatchObject({ page: 3 });
    expect(paginate([], 1)).toMatchObject({ page: 1, pages: 1, total: 0, from: 0, to: 0 });
  });

  it("writes the query string without empty filters", () => {
    expect(librarySearch({ manual: { key: "county", version: 1 }, dimension: null, criterion: "k1", unit: null, q: "forum", page: 2 })).toBe(
      "?manual=county-v1&criterion=k1&q=forum&page=2",
    );
    expect(librarySearch({ manual: null, dimension: null, criterion: null, unit: null, q: null, page: 1 })).toBe("");
  });
});
