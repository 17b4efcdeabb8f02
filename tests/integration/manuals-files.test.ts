/**
 * The manual files under criteria/: every check of `npm run manuals:check` passes on the real
 * files, v1 is the report's wording verbatim, and malformed files are refused with file, JSON path
 * and line — the broken files are written to temp directories, never under criteria/.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { manualChecksum } from "~/modules/manuals/manual-canonical.server";
import {
  criteriaCount,
  loadManualDirectory,
  readManualFile,
  renderManualJsonSchema,
} from "~/modules/manuals/manual-files.server";
import { criteriaOf, ManualFileSchema } from "~/modules/manuals/manual-schema";
import { formatIssue, type ManualIssue } from "~/modules/manuals/manual-validation";
import { CRITERIA, copyCriteria, editJson, lineOf, readText, writeText } from "../manual-fixtures";

const SOURCE = path.join(CRITERIA, "source/skl-2016-ny-infrastruktur-for-psykisk-halsa.txt");

describe("the committed manual files", () => {
  const loaded = loadManualDirectory(CRITERIA, { checkSchemaFile: true });

  it("pass every check, schema file and checksums included", () => {
    expect(loaded.issues.map(formatIssue)).toEqual([]);
  });

  it("count 23 / 24 / 10 / 10 / 35 criteria", () => {
    expect(loaded.entries.map((e) => [e.relativePath, criteriaCount(e)])).toEqual([
      ["county/v1.json", 23],
      ["county/v2.json", 24],
      ["resource-centre/v1.json", 10],
      ["node/v1.json", 10],
      ["national/v1.json", 35],
    ]);
    const county = loaded.entries.find((e) => e.relativePath === "county/v1.json")!;
    expect(county.manual.dimensions.map((d) => d.criteria.length)).toEqual([8, 9, 6]);
  });

  it("has a JSON Schema file equal to what manuals:schema generates, referenced by every file", () => {
    expect(fs.readFileSync(path.join(CRITERIA, "manual.schema.json"), "utf8")).toBe(renderManualJsonSchema());
    for (const entry of loaded.entries) {
      expect(JSON.parse(readText(CRITERIA, entry.relativePath)).$schema).toBe("../manual.schema.json");
    }
  });

  it("lists the checksum of every published file in criteria/checksums.json", () => {
    const checksums = JSON.parse(readText(CRITERIA, "checksums.json"));
    expect(checksums).toEqual(Object.fromEntries(loaded.entries.map((e) => [e.relativePath, e.checksum])));
  });
});

/** Lines from..to of the report joined the way the PDF broke them: "12-" + "månaderscykel". */
function sourceText(lines: string[], [from, to]: readonly [number, number]): string {
  let text = "";
  for (let n = from; n <= to; n++) {
    const line = lines[n - 1]!;
    text += line.endsWith("-") ? line : `${line} `;
  }
  return text.replace(/\s+/g, " ").trim();
}
const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

describe("version 1 is the report's wording", () => {
  const lines = fs.readFileSync(SOURCE, "utf8").split("\n");
  const v1Files = ["county/v1.json", "resource-centre/v1.json", "node/v1.json", "national/v1.json"];

  it("joins a hyphen at a line end without a space", () => {
    const index = lines.findIndex((line) => line.endsWith("12-"));
    expect(index).toBeGreaterThan(-1);
    expect(sourceText(lines, [index + 1, index + 2])).toContain("12-månaderscykel");
  });

  for (const file of v1Files) {
    it(`${file}: every criterion's Swedish text occurs in its source lines`, () => {
      const manual = ManualFileSchema.parse(JSON.parse(readText(CRITERIA, file)));
      const criteria = criteriaOf(manual);
      expect(criteria.length).toBeGreaterThan(0);
      for (const criterion of criteria) {
        expect(criterion.source, `${criterion.key} has a source reference`).toBeDefined();
        expect(sourceText(lines, criterion.source!.lines), criterion.key).toContain(collapse(criterion.text.sv));
      }
    });

    it(`${file}: every group lead-in occurs in the manual's source section`, () => {
      const manual = ManualFileSchema.parse(JSON.parse(readText(CRITERIA, file)));
      const section = sourceText(lines, manual.source!.lines);
      for (const group of manual.dimensions.flatMap((d) => d.groups)) {
        expect(section, group.key).toContain(collapse(group.text.sv));
      }
    });
  }

  it("has the report's own numbering for the national items", () => {
    const manual = ManualFileSchema.parse(JSON.parse(readText(CRITERIA, "national/v1.json")));
    const numbers = criteriaOf(manual).map((c) => c.number);
    expect(numbers.slice(0, 6)).toEqual(["1 (1)", "1 (2)", "1 (3)", "1 (4)", "1 (5)", "1 (6)"]);
    expect(numbers).toContain("3 B (11)");
    expect(numbers.at(-1)).toBe("3 C (8)");
  });
});

describe("malformed files are refused with file, path and line", () => {
  const issueFor = (issues: ManualIssue[], file: string) => issues.filter((i) => i.file.endsWith(file));

  it("a missing field", () => {
    const dir = copyCriteria(["node"]);
    editJson(dir, "node/v1.json", (m) => delete m.dimensions[0].criteria[1].demand);
    const { issues } = loadManualDirectory(dir);
    const text = readText(dir, "node/v1.json");
    const [issue] = issueFor(issues, "node/v1.json");
    expect(issue).toMatchObject({ path: ["dimensions", 0, "criteria", 1, "demand"] });
    // The criterion object that lacks the field: the line of its opening brace.
    expect(issue!.line).toBe(lineOf(text, '"key": "joint-mission-description"') - 1);
    expect(formatIssue(issue!)).toMatch(/node\/v1\.json:\d+ \$\.dimensions\[0\]\.criteria\[1\]\.demand: /);
  });

  it("a duplicate criterion key, and a key written twice in one object", () => {
    const dir = copyCriteria(["node"]);
    editJson(dir, "node/v1.json", (m) => (m.dimensions[1].criteria[1].key = "expert-knowledge"));
    let text = readText(dir, "node/v1.json");
    let [issue] = issueFor(loadManualDirectory(dir).issues, "node/v1.json");
    expect(issue).toMatchObject({
      path: ["dimensions", 1, "criteria", 1, "key"],
      line: lineOf(text, '"key": "expert-knowledge"', 1),
      message: expect.stringContaining("förekommer två gånger"),
    });

    const fresh = copyCriteria(["node"]);
    text = readText(fresh, "node/v1.json").replace('"demand": "basic",', '"demand": "basic",\n          "demand": "advanced",');
    writeText(fresh, "node/v1.json", text);
    [issue] = issueFor(loadManualDirectory(fresh).issues, "node/v1.json");
    expect(issue).toMatchObject({
      path: ["dimensions", 0, "criteria", 1, "demand"],
      line: lineOf(text, '"demand": "advanced"'),
      message: expect.stringContaining('"demand" förekommer två gånger'),
    });
  });

  it("an unknown crosswalk target (to) and an unknown previous criterion (from)", () => {
    const dir = copyCriteria(["county"]);
    editJson(dir, "county/v2.json", (m) => (m.crosswalk[6].to[1] = "competence-centres"));
    let text = readText(dir, "county/v2.json");
    let issues = issueFor(loadManualDirectory(dir).issues, "county/v2.json");
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ["crosswalk", 6, "to", 1], line: lineOf(text, '"competence-centres"'), message: expect.stringContaining("Okänt kriterium") }),
    );

    const other = copyCriteria(["county"]);
    editJson(other, "county/v2.json", (m) => (m.crosswalk[0].from[0] = "political-forums"));
    text = readText(other, "county/v2.json");
    issues = issueFor(loadManualDirectory(other).issues, "county/v2.json");
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ["crosswalk", 0, "from", 0], line: lineOf(text, '"political-forums"'), message: expect.stringContaining("finns inte i version 1") }),
    );
    // political-forum itself is then missing from the crosswalk.
    expect(issues.map((i) => i.message)).toContainEqual(expect.stringContaining("political-forum i version 1 saknas"));
  });

  it("a scale in the wrong order", () => {
    const dir = copyCriteria(["node"]);
    editJson(dir, "node/v1.json", (m) => {
      const [first, second] = m.scale.steps;
      m.scale.steps[0] = second;
      m.scale.steps[1] = first;
    });
    const text = readText(dir, "node/v1.json");
    const [issue] = issueFor(loadManualDirectory(dir).issues, "node/v1.json");
    expect(issue).toMatchObject({
      path: ["scale", "steps", 1, "value"],
      line: lineOf(text, '"value": 0'),
      message: "Skalstegen måste ha stigande värden",
    });
  });

  it("invalid JSON", () => {
    const dir = copyCriteria(["node"]);
    writeText(dir, "node/v1.json", '{\n  "manual": "node",\n  "version": 1,\n}\n');
    const [issue] = issueFor(loadManualDirectory(dir).issues, "node/v1.json");
    expect(issue).toMatchObject({ path: [], line: 4, message: expect.stringContaining("Ogiltig JSON") });
  });

  it("an unknown field, a wrong file name and a file that does not match its place", () => {
    const dir = copyCriteria(["node"]);
    editJson(dir, "node/v1.json", (m) => (m.dimensions[0].criteria[0].guidence = { sv: "stavfel" }));
    writeText(dir, "node/utkast.json", "{}");
    fs.mkdirSync(path.join(dir, "resource-centre"), { recursive: true });
    fs.copyFileSync(path.join(CRITERIA, "node/v1.json"), path.join(dir, "resource-centre/v1.json"));
    const { issues } = loadManualDirectory(dir);
    expect(issues).toContainEqual(expect.objectContaining({ path: ["dimensions", 0, "criteria", 0, "guidence"], message: "Okänt fält guidence" }));
    expect(issues).toContainEqual(expect.objectContaining({ file: expect.stringMatching(/node\/utkast\.json$/) }));
    expect(issues).toContainEqual(
      expect.objectContaining({ file: expect.stringMatching(/resource-centre\/v1\.json$/), path: ["manual"], message: expect.stringContaining("anger manualen node") }),
    );
  });

  it("a gap in the version numbers", () => {
    const dir = copyCriteria(["county"]);
    fs.renameSync(path.join(dir, "county/v2.json"), path.join(dir, "county/v3.json"));
    editJson(dir, "county/v3.json", (m) => (m.version = 3));
    const issues = issueFor(loadManualDirectory(dir).issues, "county/v3.json");
    expect(issues).toContainEqual(expect.objectContaining({ path: ["version"], message: "Version 3 följer på version 1; version 2 saknas" }));
  });
});

describe("checksums", () => {
  it("ignore formatting and key order but not content", () => {
    const { entry } = readManualFile(path.join(CRITERIA, "county/v1.json"), "county/v1.json");
    const raw = JSON.parse(readText(CRITERIA, "county/v1.json"));
    const reordered = Object.fromEntries(Object.entries(raw).reverse());
    const dir = copyCriteria(["county/v1.json"]);
    writeText(dir, "county/v1.json", JSON.stringify(reordered));
    expect(readManualFile(path.join(dir, "county/v1.json"), "county/v1.json").entry!.checksum).toBe(entry!.checksum);
    expect(loadManualDirectory(dir).issues).toEqual([]);

    const changed = ManualFileSchema.parse(raw);
    changed.dimensions[0]!.criteria[0]!.basis.sv += " Ändrat.";
    expect(manualChecksum(changed)).not.toBe(entry!.checksum);
  });

  it("catch a changed published file without any database", () => {
    const dir = copyCriteria(["county"]);
    editJson(dir, "county/v1.json", (m) => (m.dimensions[0].criteria[0].text.en = "Changed after publication"));
    const issues = loadManualDirectory(dir).issues;
    expect(issues).toHaveLength(1);
    expect(formatIssue(issues[0]!)).toMatch(/county\/v1\.json \$: Filen har ändrats efter publiceringen/);
  });
});

describe("npm run manuals:check", () => {
  const run = (dir: string) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/manuals-check.ts", "--dir", dir], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_PATH: path.join(dir, "no-database.sqlite") },
    });

  it("prints the criteria per file and exits 0 for the committed files", () => {
    const result = run(CRITERIA);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/county\/v1\.json\s+v1\s+publicerad 2025-01-15\s+23 kriterier/);
    expect(result.stdout).toMatch(/national\/v1\.json\s+v1\s+publicerad 2025-01-15\s+35 kriterier/);
  });

  it("prints file:line and JSON path of each problem and exits 1", () => {
    const dir = copyCriteria(["node"]);
    editJson(dir, "node/v1.json", (m) => (m.dimensions[0].criteria[0].demand = "hard"));
    const line = lineOf(readText(dir, "node/v1.json"), '"demand": "hard"');
    const result = run(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`node/v1.json:${line} $.dimensions[0].criteria[0].demand: `);
  });
});
