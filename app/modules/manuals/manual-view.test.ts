import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ManualFileSchema } from "./manual-schema";
import { criterionNumbers, dimensionViews, localized } from "./manual-view";

const readManual = (file: string) => ManualFileSchema.parse(JSON.parse(fs.readFileSync(`criteria/${file}`, "utf8")));

describe("reading numbers", () => {
  it("numbers criteria without their own number by dimension and position", () => {
    const numbers = criterionNumbers(readManual("county/v1.json"));
    expect(numbers.get("political-forum")).toBe("1.1");
    expect(numbers.get("node-agreements")).toBe("1.8");
    expect(numbers.get("competence-process-leadership")).toBe("2.1");
    expect(numbers.get("staff-resources")).toBe("2.9");
    expect(numbers.get("implementation-followed")).toBe("3.6");
  });

  it("keeps the source's own numbers (national)", () => {
    const numbers = criterionNumbers(readManual("national/v1.json"));
    expect(numbers.get("n1-1-population-data")).toBe("1 (1)");
    expect(numbers.get("n3b-4-de-implementation")).toBe("3 B (4)");
  });
});

describe("dimensionViews", () => {
  it("gathers a group's criteria under its lead-in and leaves the others alone", () => {
    const [, competence] = dimensionViews(readManual("county/v1.json"));
    expect(competence!.number).toBe("2");
    expect(competence!.criteriaCount).toBe(9);
    expect(competence!.blocks.map((b) => b.kind)).toEqual(["group", "criterion"]);
    const group = competence!.blocks[0]!;
    if (group.kind !== "group") throw new Error("expected a group");
    expect(group.text.sv).toBe("Finns utpekade funktioner som erbjuder stöd till utveckling genom följande kompetenser:");
    expect(group.criteria).toHaveLength(8);
  });

  it("uses the dimensions' and groups' own numbers where they have them", () => {
    const dimensions = dimensionViews(readManual("national/v1.json"));
    expect(dimensions.map((d) => d.number)).toEqual(["1", "2", "3"]);
    const groups = dimensions[1]!.blocks.flatMap((b) => (b.kind === "group" ? [[b.number, b.criteria.length]] : []));
    expect(groups).toEqual([["A", 2], ["B", 2], ["C", 2], ["D", 2]]);
  });
});

describe("localized", () => {
  it("falls back to Swedish when the English text is missing", () => {
    expect(localized("en", { sv: "Hej", en: "Hello" })).toEqual({ text: "Hello", lang: "en" });
    expect(localized("en", { sv: "Hej", en: "" })).toEqual({ text: "Hej", lang: "sv" });
    expect(localized("sv", { sv: "Hej", en: "Hello" })).toEqual({ text: "Hej", lang: "sv" });
  });
});
