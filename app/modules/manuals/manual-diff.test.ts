import fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffManualVersions, diffSummary, textDiffPairs, tokenize, wordDiff, type DiffSegment } from "./manual-diff";
import { ManualFileSchema, type ManualFile, type ManualFileInput } from "./manual-schema";

const readManual = (file: string) => ManualFileSchema.parse(JSON.parse(fs.readFileSync(`criteria/${file}`, "utf8")));
const spell = (segments: DiffSegment[], side: "del" | "ins") =>
  segments.filter((s) => s.type === "equal" || s.type === side).map((s) => s.text).join("");

describe("wordDiff", () => {
  it("marks a replaced phrase as one deletion followed by one insertion", () => {
    const segments = wordDiff(
      "Finns tillräckliga personella resurser för att stödja prioriterade utvecklingsarbeten i länet",
      "Finns personella resurser som motsvarar behoven i de prioriterade utvecklingsarbetena i länet",
    );
    expect(spell(segments, "del")).toBe("Finns tillräckliga personella resurser för att stödja prioriterade utvecklingsarbeten i länet");
    expect(spell(segments, "ins")).toBe("Finns personella resurser som motsvarar behoven i de prioriterade utvecklingsarbetena i länet");
    expect(segments[0]).toEqual({ type: "equal", text: "Finns " });
    expect(segments[1]).toEqual({ type: "del", text: "tillräckliga " });
    // Never two changes of the same kind in a row, and never an insertion right before a deletion.
    segments.forEach((s, i) => {
      const next = segments[i + 1];
      if (next) expect(next.type === s.type || (s.type === "ins" && next.type === "del")).toBe(false);
    });
  });

  it("keeps hyphenated words and punctuation as their own tokens", () => {
    expect(tokenize("FoU-miljöer, högskolor")).toEqual(["FoU-miljöer", ",", " ", "högskolor"]);
    expect(wordDiff("a, b", "a; b")).toEqual([
      { type: "equal", text: "a" },
      { type: "del", text: "," },
      { type: "ins", text: ";" },
      { type: "equal", text: " b" },
    ]);
  });

  it("returns one equal segment for identical texts and handles empty texts", () => {
    expect(wordDiff("samma text", "samma text")).toEqual([{ type: "equal", text: "samma text" }]);
    expect(wordDiff("", "ny")).toEqual([{ type: "ins", text: "ny" }]);
    expect(wordDiff("gammal", "")).toEqual([{ type: "del", text: "gammal" }]);
    expect(wordDiff("", "")).toEqual([]);
  });

  it("always spells both texts back (property)", () => {
    const word = fc.constantFrom("och", "länet", "FoU-miljöer", "12-månaderscykel", ",", ".", "stöd", "Finns", "å");
    const text = fc.array(fc.tuple(word, fc.constantFrom(" ", "  ", "\n", "")), { maxLength: 30 }).map((parts) =>
      parts.map(([w, s]) => w + s).join(""),
    );
    fc.assert(
      fc.property(text, text, (before, after) => {
        const segments = wordDiff(before, after);
        expect(spell(segments, "del")).toBe(before);
        expect(spell(segments, "ins")).toBe(after);
        expect(segments.every((s) => s.text.length > 0)).toBe(true);
      }),
    );
  });
});

describe("diffManualVersions: county v1 → v2 through the crosswalk", () => {
  const v1 = readManual("county/v1.json");
  const v2 = readManual("county/v2.json");
  const entries = diffManualVersions([v1, v2]);
  const find = (key: string) => entries.find((e) => e.from.some((c) => c.key === key) || e.to.some((c) => c.key === key))!;

  it("has one entry per crosswalk entry, in the reading order of v2 with the retired one in place", () => {
    expect(entries).toHaveLength(v2.crosswalk!.length);
    const retiredIndex = entries.findIndex((e) => e.type === "retired");
    expect(entries[retiredIndex - 1]!.to[0]!.key).toBe("competence-evidence-reviews");
    expect(entries.at(-1)!.to[0]!.key).toBe("development-support-followed-up");
  });

  it("shows the rewording, the split, the addition and the retirement", () => {
    const reworded = find("staff-resources");
    expect(reworded.type).toBe("reworded");
    expect(reworded.changedFields).toContain("text");
    const [pair] = textDiffPairs(reworded, (t) => t.sv);
    expect(pair!.text.some((s) => s.type === "del" && s.text.includes("tillräckliga"))).toBe(true);
    expect(pair!.text.some((s) => s.type === "ins" && s.text.includes("årsarbetskrafter"))).toBe(true);

    const split = find("external-collaborations");
    expect(split.type).toBe("split");
    expect(split.to.map((c) => c.key)).toEqual(["research-collaborations", "competence-centre-collaborations"]);
    expect(textDiffPairs(split, (t) => t.sv)).toHaveLength(2);

    expect(find("development-support-followed-up")).toMatchObject({ type: "new", from: [], changed: true });
    expect(find("competence-decision-support")).toMatchObject({ type: "retired", to: [], changed: true });
    expect(diffSummary(entries)).toEqual([
      { type: "same", count: 20 },
      { type: "reworded", count: 1 },
      { type: "split", count: 1 },
      { type: "new", count: 1 },
      { type: "retired", count: 1 },
    ]);
  });

  it("gives reading numbers from each version", () => {
    expect(find("staff-resources").from[0]!.readingNumber).toBe("2.9");
    expect(find("staff-resources").to[0]!.readingNumber).toBe("2.8");
  });
});

/** A tiny manual for synthetic version chains. */
function manual(version: number, criteria: { key: string; text: string; dimension?: string }[], crosswalk?: ManualFileInput["crosswalk"]): ManualFile {
  const dimensions = new Map<string, { key: string; title: { sv: string }; criteria: unknown[] }>();
  for (const c of criteria) {
    const key = c.dimension ?? "d1";
    if (!dimensions.has(key)) dimensions.set(key, { key, title: { sv: key }, criteria: [] });
    dimensions.get(key)!.criteria.push({ key: c.key, text: { sv: c.text }, basis: { sv: "underlag" }, demand: "basic" });
  }
  return ManualFileSchema.parse({
    manual: "node",
    version,
    status: "draft",
    title: { sv: "Test" },
    scale: {
      steps: [
        { value: 0, label: { sv: "Nej" }, description: { sv: "Nej" } },
        { value: 1, label: { sv: "Ja" }, description: { sv: "Ja" } },
      ],
      cannotAssess: { label: { sv: "Ej bedömbart" }, description: { sv: "–" } },
    },
    dimensions: [...dimensions.values()],
    crosswalk,
  });
}

describe("diffManualVersions across several versions", () => {
  const v1 = manual(1, [
    { key: "a", text: "alfa" },
    { key: "b", text: "beta" },
    { key: "c", text: "gamma" },
  ]);
  const v2 = manual(
    2,
    [
      { key: "a", text: "alfa" },
      { key: "b1", text: "beta ett" },
      { key: "b2", text: "beta två" },
      { key: "c", text: "gamma", dimension: "d2" },
      { key: "t", text: "tillfällig" },
    ],
    [
      { type: "same", from: ["a"], to: ["a"] },
      { type: "split", from: ["b"], to: ["b1", "b2"] },
      { type: "moved", from: ["c"], to: ["c"] },
      { type: "new", from: [], to: ["t"] },
    ],
  );
  const v3 = manual(
    3,
    [
      { key: "a", text: "alfa, omskriven" },
      { key: "b", text: "beta igen" },
      { key: "c", text: "gamma", dimension: "d2" },
    ],
    [
      { type: "reworded", from: ["a"], to: ["a"] },
      { type: "merged", from: ["b1", "b2"], to: ["b"] },
      { type: "same", from: ["c"], to: ["c"] },
      { type: "retired", from: ["t"], to: [] },
    ],
  );

  it("chains the crosswalks and derives the type from the shape", () => {
    const entries = diffManualVersions([v1, v2, v3]);
    const byFrom = Object.fromEntries(entries.map((e) => [e.from.map((c) => c.key).join("+"), e]));
    expect(byFrom.a!.type).toBe("reworded");
    // Split then merged back: one criterion on each side, with a changed text.
    expect(byFrom.b!.type).toBe("reworded");
    expect(byFrom.b!.to.map((c) => c.key)).toEqual(["b"]);
    expect(byFrom.c!.type).toBe("moved");
    expect(byFrom.c!.changedFields).toEqual(["dimension"]);
    // "t" came and went between the two versions compared: nothing to show.
    expect(entries).toHaveLength(3);
  });

  it("rejects versions that are not consecutive", () => {
    expect(() => diffManualVersions([v1, v3])).toThrow(/consecutive/);
    expect(() => diffManualVersions([v1])).toThrow();
  });

  it("matches by key what an incomplete crosswalk leaves out, and marks it inferred", () => {
    const draft = manual(2, [
      { key: "a", text: "alfa" },
      { key: "b", text: "beta ändrad" },
      { key: "n", text: "ny" },
    ], [{ type: "same", from: ["a"], to: ["a"] }]);
    const entries = diffManualVersions([v1, draft]);
    expect(entries.map((e) => [e.type, e.inferred, e.changed])).toEqual([
      ["same", false, false],
      ["reworded", true, true],
      ["retired", true, true],
      ["new", true, true],
    ]);
  });
});

describe("related Kolada indicators in the diff (decision 014)", () => {
  const v1 = readManual("county/v1.json");
  const v2 = readManual("county/v2.json");

  it("shows indicators linked in v2 as added, as the only change of those criteria", () => {
    const entry = diffManualVersions([v1, v2]).find((e) => e.to.some((c) => c.key === "regional-variation-followed"))!;
    expect(entry.type).toBe("same");
    expect(entry.kpisAdded).toEqual(["N79136", "N79131"]);
    expect(entry.kpisRemoved).toEqual([]);
    expect(entry.changedFields).toEqual(["kpis"]);
    expect(entry.changed).toBe(true);
  });

  it("shows removed indicators, and never infers a rewording from a change of links alone", () => {
    const draft = structuredClone(v2);
    draft.version = 3;
    draft.status = "draft";
    const criterion = draft.dimensions.flatMap((d) => d.criteria).find((c) => c.key === "regional-variation-followed")!;
    criterion.kpis = ["N79131", "U79160"];
    // No crosswalk yet: criteria are matched by key, as in an unfinished draft.
    draft.crosswalk = [];
    const entry = diffManualVersions([v2, draft]).find((e) => e.to.some((c) => c.key === "regional-variation-followed"))!;
    expect(entry).toMatchObject({ type: "same", inferred: true, kpisAdded: ["U79160"], kpisRemoved: ["N79136"], changedFields: ["kpis"] });
  });

  it("refuses Kolada ids that are not N or U with five digits, duplicates and more than ten", () => {
    const withKpis = (kpis: string[]) => {
      const copy = structuredClone(v2) as unknown as ManualFileInput;
      (copy.dimensions[0]!.criteria[0] as { kpis?: string[] }).kpis = kpis;
      return ManualFileSchema.safeParse(copy).success;
    };
    expect(withKpis(["N12345", "U00001"])).toBe(true);
    expect(withKpis(["X12345"])).toBe(false);
    expect(withKpis(["N1234"])).toBe(false);
    expect(withKpis(["n12345"])).toBe(false);
    expect(withKpis(["N12345", "N12345"])).toBe(false);
    expect(withKpis(Array.from({ length: 11 }, (_, i) => `N${10000 + i}`))).toBe(false);
  });
});
