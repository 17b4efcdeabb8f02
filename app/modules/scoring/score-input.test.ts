import { describe, expect, it } from "vitest";
import { parseScoreForm } from "./score-input";

const OPTIONS = { criterionIds: new Set([11, 12, 13]), scaleValues: [0, 1, 2, 3] };

function form(fields: [string, string][]) {
  const data = new FormData();
  for (const [k, v] of fields) data.append(k, v);
  return data;
}

describe("parseScoreForm", () => {
  it("reads one or more criteria: a step, cannot-assess or nothing yet", () => {
    const result = parseScoreForm(
      form([
        ["criterionId", "11"],
        ["score-11", "3"],
        ["rationale-11", "  På plats.  "],
        ["version-11", "2"],
        ["criterionId", "12"],
        ["score-12", "cannot_assess"],
        ["version-12", "0"],
        ["criterionId", "13"],
        ["version-13", "0"],
        ["rationale-13", "Bara en anteckning"],
      ]),
      OPTIONS
    );
    expect(result).toEqual({
      ok: true,
      entries: [
        { criterionId: 11, score: 3, cannotAssess: false, rationale: "På plats.", version: 2 },
        { criterionId: 12, score: null, cannotAssess: true, rationale: "", version: 0 },
        { criterionId: 13, score: null, cannotAssess: false, rationale: "Bara en anteckning", version: 0 },
      ],
    });
  });

  it("refuses scores off the scale, with the field named and the submitted values kept", () => {
    for (const score of ["4", "-1", "x", "1.0", "", "CANNOT_ASSESS"].filter(Boolean)) {
      const result = parseScoreForm(
        form([
          ["criterionId", "11"],
          ["score-11", score],
          ["rationale-11", "R"],
          ["version-11", "0"],
        ]),
        OPTIONS
      );
      expect(result.ok, score).toBe(false);
      if (result.ok) continue;
      expect(result.fieldErrors).toEqual({ "score-11": ["scoring.error.invalidScore"] });
      expect(result.values).toEqual({ 11: { score, rationale: "R" } });
    }
  });

  it("uses the manual's own scale values", () => {
    const result = parseScoreForm(
      form([
        ["criterionId", "11"],
        ["score-11", "7"],
        ["version-11", "0"],
      ]),
      { ...OPTIONS, scaleValues: [1, 4, 7] }
    );
    expect(result.ok && result.entries[0]!.score).toBe(7);
  });

  it("refuses criteria outside the review's manual version and malformed lists", () => {
    const unknown = parseScoreForm(
      form([
        ["criterionId", "11"],
        ["criterionId", "99"],
        ["version-11", "0"],
        ["version-99", "0"],
      ]),
      OPTIONS
    );
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.formErrors).toEqual(["scoring.error.unknownCriterion"]);
    expect(!unknown.ok && unknown.criterionIds).toEqual([11]);
    for (const ids of [[], ["x"], ["-3"], ["11", "11"]]) {
      const result = parseScoreForm(form(ids.map((id) => ["criterionId", id] as [string, string]).concat([["version-11", "0"]])), OPTIONS);
      expect(result.ok, JSON.stringify(ids)).toBe(false);
    }
  });

  it("limits the rationale to 4000 characters, counting a CRLF line break as one", () => {
    const tooLong = parseScoreForm(
      form([
        ["criterionId", "11"],
        ["rationale-11", "x".repeat(4001)],
        ["version-11", "0"],
      ]),
      OPTIONS
    );
    expect(!tooLong.ok && tooLong.fieldErrors).toEqual({ "rationale-11": ["scoring.error.rationaleTooLong"] });
    const crlf = parseScoreForm(
      form([
        ["criterionId", "11"],
        ["rationale-11", `${"x".repeat(3000)}\r\n${"y".repeat(999)}`],
        ["version-11", "0"],
      ]),
      OPTIONS
    );
    expect(crlf.ok && crlf.entries[0]!.rationale).toBe(`${"x".repeat(3000)}\n${"y".repeat(999)}`);
  });

  it("needs a whole, non-negative version", () => {
    for (const version of [undefined, "", "x", "-1", "1.5"]) {
      const fields: [string, string][] = [
        ["criterionId", "11"],
        ["score-11", "1"],
      ];
      if (version !== undefined) fields.push(["version-11", version]);
      const result = parseScoreForm(form(fields), OPTIONS);
      if (version === "") {
        // An empty version field reads as 0 (no row yet), like a form made before the first save.
        expect(result.ok).toBe(true);
        continue;
      }
      expect(result.ok, String(version)).toBe(false);
      expect(!result.ok && Object.keys(result.fieldErrors)).toEqual(["version-11"]);
    }
  });
});
