import { describe, expect, it } from "vitest";
import { CRITERIA_DIR } from "#db/prepare";
import { loadManualDirectory } from "~/modules/manuals/manual-files.server";
import { criteriaOf } from "~/modules/manuals/manual-schema";
import relationsFile from "../../../criteria/national-relations.json";
import { missingRelationKeys, nationalRelations, NationalRelationsSchema, type ManualKeys } from "./national-relations";

/** The criterion keys of every published manual version under criteria/. */
function publishedManuals(): ManualKeys[] {
  const { entries } = loadManualDirectory(CRITERIA_DIR);
  return entries
    .filter((entry) => entry.manual.status === "published")
    .map((entry) => ({ manual: entry.manual.manual, version: entry.manual.version, criterionKeys: new Set(criteriaOf(entry.manual).map((c) => c.key)) }));
}

describe("criteria/national-relations.json", () => {
  it("is valid and names only criteria that exist in every published version of the manuals it names", () => {
    const relations = NationalRelationsSchema.parse(relationsFile);
    expect(relations.relations.length).toBeGreaterThanOrEqual(10);
    expect(missingRelationKeys(relations, publishedManuals())).toEqual([]);
  });

  it("covers the national criteria phrased over all counties or all nodes", () => {
    const national = publishedManuals().find((m) => m.manual === "national")!;
    const covered = nationalRelations();
    // "Samtliga län har …" (2 C, 2 D) and "Noderna …" (2 B (2), 3 B (7)–(8)) in the report's numbering.
    for (const key of ["n2c-1-implementation-capacity", "n2c-2-development-capacity", "n2d-1-mandated-actors", "n2d-2-node-collaboration-plan", "n2b-2-nodes-reach-services", "n3b-7-nodes-convey-knowledge", "n3b-8-nodes-follow-spread"]) {
      expect(national.criterionKeys.has(key), key).toBe(true);
      expect(covered.has(key), key).toBe(true);
    }
  });
});

describe("the relation check", () => {
  const manuals: ManualKeys[] = [
    { manual: "national", version: 1, criterionKeys: new Set(["n-a"]) },
    { manual: "county", version: 1, criterionKeys: new Set(["c-a", "c-b"]) },
    { manual: "county", version: 2, criterionKeys: new Set(["c-a"]) },
  ];

  it("names the key a published version lacks, and a manual that is missing altogether", () => {
    const relations = NationalRelationsSchema.parse({
      relations: [
        { national: "n-a", related: [{ manual: "county", criteria: ["c-a", "c-b"] }] },
        { national: "n-x", related: [{ manual: "node", criteria: ["d-a"] }] },
      ],
    });
    expect(missingRelationKeys(relations, manuals)).toEqual([
      "n-a: county v2 has no criterion c-b",
      "n-x: national v1 has no such criterion",
      "n-x: no published node manual",
    ]);
  });

  it("refuses a malformed file: unknown manual, bad key, repeated entries, extra fields", () => {
    const bad = [
      { relations: [{ national: "n-a", related: [{ manual: "planet", criteria: ["c-a"] }] }] },
      { relations: [{ national: "N A", related: [{ manual: "county", criteria: ["c-a"] }] }] },
      { relations: [{ national: "n-a", related: [{ manual: "county", criteria: ["c-a", "c-a"] }] }] },
      { relations: [{ national: "n-a", related: [{ manual: "county", criteria: ["c-a"] }, { manual: "county", criteria: ["c-b"] }] }] },
      { relations: [{ national: "n-a", related: [{ manual: "county", criteria: ["c-a"] }] }, { national: "n-a", related: [{ manual: "node", criteria: ["d-a"] }] }] },
      { relations: [{ national: "n-a", related: [] }] },
      { relations: [{ national: "n-a", related: [{ manual: "county", criteria: ["c-a"] }], note: "x" }] },
    ];
    for (const file of bad) expect(NationalRelationsSchema.safeParse(file).success, JSON.stringify(file)).toBe(false);
  });
});
