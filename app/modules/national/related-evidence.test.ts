import { describe, expect, it } from "vitest";
import { summariseCriterion, type UnitScore } from "./related-evidence";

const scale = [0, 1, 2, 3].map((value) => ({ value, label: { sv: `Steg ${value}`, en: `Step ${value}` } }));
const criterion = { key: "staff-resources", number: "2.9", text: { sv: "Personella resurser", en: "Staff resources" } };
const unit = (unitId: number, sv: string, score: number | null, cannotAssess = false): UnitScore => ({ unitId, name: { sv, en: sv }, score, cannotAssess });

// Six published counties: two at 3, one each at 2, 1 and 0, one that could not be assessed,
// and one without a consensus score at all.
const units = [
  unit(1, "Region Stockholm", 3),
  unit(2, "Region Uppsala", 1),
  unit(3, "Region Skåne", 3),
  unit(4, "Region Örebro län", 0),
  unit(5, "Region Gotland", 2),
  unit(6, "Region Kalmar län", null, true),
  unit(7, "Region Halland", null),
];

describe("a related criterion's evidence", () => {
  it("counts the units at each step, apart from those not assessed or without a score", () => {
    const result = summariseCriterion(criterion, scale, units, { showNames: true });
    expect(result.steps.map((s) => [s.value, s.count])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 2],
    ]);
    expect(result.cannotAssess).toBe(1);
    expect(result.unscored).toBe(1);
    expect(result.steps.reduce((sum, s) => sum + s.count, 0) + result.cannotAssess + result.unscored).toBe(units.length);
  });

  it("names the units with a gap, lowest first, to those who may see names", () => {
    const result = summariseCriterion(criterion, scale, units, { showNames: true });
    expect(result.gapCount).toBe(3);
    expect(result.gapUnits).toEqual([
      { name: { sv: "Region Örebro län", en: "Region Örebro län" }, score: 0 },
      { name: { sv: "Region Uppsala", en: "Region Uppsala" }, score: 1 },
      { name: { sv: "Region Gotland", en: "Region Gotland" }, score: 2 },
    ]);
  });

  it("keeps the count but no names for those who may not see other units' names", () => {
    const result = summariseCriterion(criterion, scale, units, { showNames: false });
    expect(result.gapCount).toBe(3);
    expect(result.gapUnits).toEqual([]);
  });

  it("uses the manual's own top step for gaps, and is empty without units", () => {
    const fiveSteps = [0, 1, 2, 3, 4].map((value) => ({ value, label: { sv: String(value), en: String(value) } }));
    expect(summariseCriterion(criterion, fiveSteps, [unit(1, "A", 3), unit(2, "B", 4)], { showNames: true }).gapUnits.map((g) => g.name.sv)).toEqual(["A"]);
    const empty = summariseCriterion(criterion, scale, [], { showNames: true });
    expect(empty.steps.every((s) => s.count === 0)).toBe(true);
    expect(empty.gapCount).toBe(0);
  });
});
