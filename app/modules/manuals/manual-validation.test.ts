import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ManualFileSchema, type ManualFile } from "./manual-schema";
import {
  ManualFilesError,
  formatIssue,
  formatJsonPath,
  validateChecksums,
  validateCrosswalk,
  validateManualSet,
  type ManualFileEntry,
} from "./manual-validation";

const readManual = (file: string) => ManualFileSchema.parse(JSON.parse(fs.readFileSync(`criteria/${file}`, "utf8")));
const v1 = readManual("county/v1.json");
const v2 = readManual("county/v2.json");
const entry = (manual: ManualFile, checksum = "0".repeat(64)): ManualFileEntry => ({
  file: `criteria/${manual.manual}/v${manual.version}.json`,
  relativePath: `${manual.manual}/v${manual.version}.json`,
  manual,
  checksum,
});
const withCrosswalk = (crosswalk: NonNullable<ManualFile["crosswalk"]>): ManualFile => ({ ...v2, crosswalk });

describe("validateCrosswalk", () => {
  it("accepts the county v2 crosswalk", () => {
    expect(validateCrosswalk(v1, v2)).toEqual([]);
  });

  it("requires every previous criterion exactly once in from", () => {
    const missing = withCrosswalk(v2.crosswalk!.filter((e) => !e.from.includes("joint-goals")));
    expect(validateCrosswalk(v1, missing)).toContainEqual({
      path: ["crosswalk"],
      message: expect.stringContaining("joint-goals"),
      messageKey: "manuals.check.previousNotInFrom",
      vars: { key: "joint-goals", version: 1 },
    });
    const twice = withCrosswalk([...v2.crosswalk!, { type: "retired", from: ["joint-goals"], to: [] }]);
    expect(validateCrosswalk(v1, twice)).toContainEqual({
      path: ["crosswalk", v2.crosswalk!.length, "from", 0],
      message: expect.stringContaining("mer än en gång"),
      messageKey: "manuals.check.fromTwice",
      vars: { key: "joint-goals", version: 1 },
    });
  });

  it("refuses from keys that do not exist in the previous version", () => {
    const unknown = withCrosswalk(v2.crosswalk!.map((e) => (e.from[0] === "joint-goals" ? { ...e, from: ["joint-goal"] } : e)));
    const issues = validateCrosswalk(v1, unknown);
    const index = v2.crosswalk!.findIndex((e) => e.from[0] === "joint-goals");
    expect(issues).toContainEqual({
      path: ["crosswalk", index, "from", 0],
      message: expect.stringContaining("joint-goal finns inte"),
      messageKey: "manuals.check.fromUnknown",
      vars: { key: "joint-goal", version: 1 },
    });
  });

  it("requires every current criterion in some to, pointing at the criterion", () => {
    const noNew = withCrosswalk(v2.crosswalk!.filter((e) => e.type !== "new"));
    const issues = validateCrosswalk(v1, noNew);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(["dimensions", 2, "criteria", 6, "key"]);
    expect(issues[0]!.message).toContain("development-support-followed-up");
  });

  it("checks that each type has the right shape", () => {
    const bad = withCrosswalk(
      v2.crosswalk!.map((e) => (e.type === "split" ? { ...e, type: "same" as const } : e.type === "retired" ? { ...e, to: ["joint-goals"] } : e)),
    );
    const messages = validateCrosswalk(v1, bad).map((i) => i.message);
    expect(messages).toContainEqual(expect.stringContaining("Typen same ska ha exakt ett"));
    expect(messages).toContainEqual(expect.stringContaining("Typen retired"));
  });

  it("does not allow 'same' for a changed text, nor 'moved' within one dimension", () => {
    const sameButReworded = withCrosswalk(v2.crosswalk!.map((e) => (e.type === "reworded" ? { ...e, type: "same" as const } : e)));
    expect(validateCrosswalk(v1, sameButReworded).map((i) => i.message)).toContainEqual(expect.stringContaining("använd typen reworded"));
    const movedInPlace = withCrosswalk(v2.crosswalk!.map((e) => (e.from[0] === "joint-goals" ? { ...e, type: "moved" as const } : e)));
    expect(validateCrosswalk(v1, movedInPlace).map((i) => i.message)).toContainEqual(expect.stringContaining("samma dimension"));
  });

  it("requires a crosswalk from version 2", () => {
    expect(validateCrosswalk(v1, { ...v2, crosswalk: undefined })).toEqual([
      { path: ["crosswalk"], message: "Korsreferens (crosswalk) till version 1 saknas", messageKey: "manuals.check.crosswalkMissing", vars: { version: 1 } },
    ]);
  });
});

describe("validateManualSet", () => {
  it("accepts consecutive versions", () => {
    expect(validateManualSet([entry(v2), entry(v1)])).toEqual([]);
  });

  it("refuses a gap in the version numbers", () => {
    const v3 = { ...v2, version: 3 };
    expect(validateManualSet([entry(v1), entry(v3)])).toEqual([
      {
        file: "criteria/county/v3.json",
        path: ["version"],
        message: "Version 3 följer på version 1; version 2 saknas",
        messageKey: "manuals.check.versionGap",
        vars: { version: 3, previous: 1, expected: 2 },
      },
    ]);
    expect(validateManualSet([entry(v2)])[0]!.message).toContain("börjar på version 2");
  });

  it("refuses a crosswalk in version 1 and a published version after a draft", () => {
    const issues = validateManualSet([entry({ ...v1, crosswalk: [] }), entry(v2)]);
    expect(issues).toContainEqual(expect.objectContaining({ path: ["crosswalk"], file: "criteria/county/v1.json" }));
    const afterDraft = validateManualSet([entry({ ...v1, status: "draft" }), entry(v2)]);
    expect(afterDraft).toContainEqual(expect.objectContaining({ path: ["status"], file: "criteria/county/v2.json" }));
  });
});

describe("validateChecksums", () => {
  const a = "a".repeat(64);
  const b = "b".repeat(64);
  const options = { checksumsFile: "criteria/checksums.json", existingFiles: ["county/v1.json", "county/v2.json"] };

  it("accepts matching checksums", () => {
    expect(validateChecksums({ "county/v1.json": a, "county/v2.json": b }, [entry(v1, a), entry(v2, b)], options)).toEqual([]);
  });

  it("names a published file whose checksum differs or is missing", () => {
    const issues = validateChecksums({ "county/v1.json": b }, [entry(v1, a), entry(v2, b)], options);
    expect(issues.map((i) => i.file)).toEqual(["criteria/county/v1.json", "criteria/county/v2.json"]);
    expect(issues[0]!.message).toContain("ändrats efter publiceringen");
    expect(issues[1]!.message).toContain("saknas i criteria/checksums.json");
  });

  it("refuses an entry for a deleted file or a draft", () => {
    const issues = validateChecksums(
      { "county/v1.json": a, "county/v2.json": b, "county/v3.json": a },
      [entry(v1, a), entry({ ...v2, status: "draft" }, b)],
      options,
    );
    expect(issues.map((i) => i.path)).toEqual([["county/v2.json"], ["county/v3.json"]]);
  });
});

describe("formatting", () => {
  it("writes JSON paths and issues the way editors read them", () => {
    expect(formatJsonPath(["dimensions", 1, "criteria", 3, "key"])).toBe("$.dimensions[1].criteria[3].key");
    expect(formatJsonPath(["$schema"])).toBe("$.$schema");
    expect(formatJsonPath(["county/v1.json"])).toBe('$["county/v1.json"]');
    expect(formatIssue({ file: "criteria/node/v1.json", line: 12, path: ["title"], message: "Saknas" })).toBe(
      "criteria/node/v1.json:12 $.title: Saknas",
    );
    const error = new ManualFilesError([{ file: "f.json", path: [], message: "fel" }]);
    expect(error.message).toBe("Manualfilerna kunde inte läsas in:\n  f.json $: fel");
  });
});
