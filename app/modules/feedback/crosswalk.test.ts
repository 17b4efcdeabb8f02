import { describe, expect, it } from "vitest";
import { crosswalkSteps, mapCriterionKey, type CrosswalkStep } from "./crosswalk";

const V2: CrosswalkStep = {
  version: 2,
  keys: ["a", "b1", "b2", "cd", "e", "f-new", "g"],
  crosswalk: [
    { type: "same", from: ["a"], to: ["a"] },
    { type: "split", from: ["b"], to: ["b1", "b2"] },
    { type: "merged", from: ["c", "d"], to: ["cd"] },
    { type: "reworded", from: ["e"], to: ["e"] },
    { type: "retired", from: ["x"], to: [] },
    { type: "new", from: [], to: ["f-new"] },
  ],
};
const V3: CrosswalkStep = {
  version: 3,
  keys: ["a", "b1", "b2-moved", "cd", "e", "f-new"],
  crosswalk: [
    { type: "same", from: ["a"], to: ["a"] },
    { type: "same", from: ["b1"], to: ["b1"] },
    { type: "moved", from: ["b2"], to: ["b2-moved"] },
    { type: "same", from: ["cd"], to: ["cd"] },
    { type: "retired", from: ["e"], to: [] },
    { type: "same", from: ["f-new"], to: ["f-new"] },
  ],
};

describe("crosswalk mapping", () => {
  it("keeps a key when source and target are the same version", () => {
    expect(mapCriterionKey("a", [])).toEqual({ fromKey: "a", status: "same", toKeys: ["a"], changes: [] });
  });

  it("follows same, reworded, split, merged and retired", () => {
    expect(mapCriterionKey("a", [V2])).toMatchObject({ status: "same", toKeys: ["a"] });
    expect(mapCriterionKey("e", [V2])).toMatchObject({ status: "changed", toKeys: ["e"], changes: ["reworded"] });
    expect(mapCriterionKey("b", [V2])).toMatchObject({ status: "changed", toKeys: ["b1", "b2"], changes: ["split"] });
    expect(mapCriterionKey("c", [V2])).toMatchObject({ status: "changed", toKeys: ["cd"], changes: ["merged"] });
    expect(mapCriterionKey("d", [V2])).toMatchObject({ status: "changed", toKeys: ["cd"] });
    expect(mapCriterionKey("x", [V2])).toMatchObject({ status: "retired", toKeys: [] });
  });

  it("walks several versions", () => {
    expect(mapCriterionKey("b", [V2, V3])).toMatchObject({ status: "changed", toKeys: ["b1", "b2-moved"], changes: ["split", "moved"] });
    expect(mapCriterionKey("e", [V2, V3])).toMatchObject({ status: "retired", toKeys: [], changes: ["reworded", "retired"] });
  });

  it("carries a key that the crosswalk does not mention if the version still has it, else reports it unmapped", () => {
    expect(mapCriterionKey("g", [{ ...V2, keys: [...V2.keys] }])).toMatchObject({ status: "same", toKeys: ["g"] });
    expect(mapCriterionKey("zzz", [V2])).toMatchObject({ status: "unmapped", toKeys: [] });
  });

  it("builds the steps between two versions, forward only", () => {
    const v1: CrosswalkStep = { version: 1, keys: ["a"] };
    expect(crosswalkSteps([V3, v1, V2], 1, 3)?.map((s) => s.version)).toEqual([2, 3]);
    expect(crosswalkSteps([V3, v1, V2], 2, 2)).toEqual([]);
    expect(crosswalkSteps([V3, v1, V2], 3, 1)).toBeNull();
  });
});
