import fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonErrorOffset } from "./json-error-offset";

describe("jsonErrorOffset", () => {
  it("accepts valid JSON, including every manual file", () => {
    for (const text of ['{"a":[1,-2.5e3,true,false,null,"x\\u00e5\\n"]}', "  []  ", '"s"', "0", "{}"]) expect(jsonErrorOffset(text), text).toBeNull();
    for (const file of ["county/v1.json", "county/v2.json", "national/v1.json"]) {
      expect(jsonErrorOffset(fs.readFileSync(`criteria/${file}`, "utf8"))).toBeNull();
    }
  });

  it("points at the first offending character, also where JSON.parse names no position", () => {
    const cases: [string, string][] = [
      ['{\n "a": [1,]\n}', "]"],
      ['{\n "a": tru\n}', "\n}"],
      ['{\n "a": 1\n "b": 2}', '"b"'],
      ['{"a": 01}', "1}"],
      ['{"a": "x\ny"}', "\ny"],
      ["{'a': 1}", "'a'"],
      ['{"a": 1}x', "x"],
      ['{"a": "\\q"}', "q"],
    ];
    for (const [text, at] of cases) expect(jsonErrorOffset(text), text).toBe(text.indexOf(at));
    expect(jsonErrorOffset('{"a": 1')).toBe(7);
    expect(jsonErrorOffset("")).toBe(0);
  });

  it("agrees with JSON.parse on what is valid", () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(jsonErrorOffset(text) === null).toBe(valid);
      }),
      { numRuns: 500 },
    );
  });
});
