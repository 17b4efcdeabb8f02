import { describe, expect, it } from "vitest";
import { answerFormValue, buildCriteria, isAnswered, ManualMismatchError } from "./scoring-view";

const text = (sv: string) => ({ sv, en: `${sv} (en)` });
const criterion = (key: string, group?: string) => ({
  key,
  group,
  text: text(`Kriterium ${key}`),
  basis: { ...text(`Underlag ${key}`), suggested: true },
  demand: "basic" as const,
  kpis: [],
});
const MANUAL = {
  dimensions: [
    { key: "org", title: text("Organisation"), groups: [], criteria: [criterion("a"), criterion("b")] },
    {
      key: "komp",
      number: "7",
      title: text("Kompetens"),
      groups: [{ key: "g", text: text("Länet har kompetens inom:") }],
      criteria: [criterion("c", "g"), criterion("d", "g"), criterion("e")],
    },
  ],
};
const ROWS = ["a", "b", "c", "d", "e"].map((key, i) => ({ id: 100 + i, key }));

describe("buildCriteria", () => {
  it("keeps the manual's order, numbers the criteria and attaches ids and group lead-ins", () => {
    const dimensions = buildCriteria(MANUAL, ROWS);
    expect(dimensions.map((d) => [d.key, d.number])).toEqual([
      ["org", "1"],
      ["komp", "7"],
    ]);
    const all = dimensions.flatMap((d) => d.criteria);
    expect(all.map((c) => [c.id, c.readingNumber, c.dimensionKey, c.group?.key ?? null])).toEqual([
      [100, "1.1", "org", null],
      [101, "1.2", "org", null],
      [102, "7.1", "komp", "g"],
      [103, "7.2", "komp", "g"],
      [104, "7.3", "komp", null],
    ]);
    expect(all[2]!.group!.text.sv).toBe("Länet har kompetens inom:");
    expect(all[0]!.basis).toEqual({ sv: "Underlag a", en: "Underlag a (en)", suggested: true });
  });

  it("refuses a manual whose criteria have no database rows", () => {
    expect(() => buildCriteria(MANUAL, ROWS.slice(1))).toThrow(ManualMismatchError);
  });
});

describe("answers", () => {
  it("tell answered from empty and give the radio value", () => {
    expect(isAnswered(null)).toBe(false);
    expect(isAnswered({ score: null, cannotAssess: false })).toBe(false);
    expect(isAnswered({ score: 0, cannotAssess: false })).toBe(true);
    expect(isAnswered({ score: null, cannotAssess: true })).toBe(true);
    expect(answerFormValue({ score: 0, cannotAssess: false })).toBe("0");
    expect(answerFormValue({ score: null, cannotAssess: true })).toBe("cannot_assess");
    expect(answerFormValue(undefined)).toBe("");
  });
});
