/**
 * Reads the manual files under criteria/ (`<manual>/v<N>.json`), validates them with
 * ManualFileSchema plus the checks across files (manual-validation.ts) and criteria/checksums.json,
 * and points every problem at its file, JSON path and line. JSON is parsed strictly with
 * JSON.parse; the same text is also read with the `yaml` package (JSON is YAML) only to find
 * where a path sits in the file and to catch duplicate object keys, which JSON.parse ignores.
 */
import fs from "node:fs";
import path from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from "yaml";
import { z } from "zod";
import { jsonErrorOffset } from "./json-error-offset";
import { canonicalManual, manualChecksum } from "./manual-canonical.server";
import { checkMessage, fromSchemaMessage } from "./manual-messages";
import { criteriaOf, MANUAL_KEYS, ManualFileSchema, type ManualFile } from "./manual-schema";
import {
  validateChecksums,
  validateManualSet,
  type JsonPath,
  type ManualFileEntry,
  type ManualIssue,
} from "./manual-validation";

export const CHECKSUMS_FILE = "checksums.json";
export const SCHEMA_FILE = "manual.schema.json";
/** Folders under criteria/ that are not manuals. */
const NON_MANUAL_DIRECTORIES = new Set(["source"]);
const VERSION_FILE = /^v([1-9]\d*)\.json$/;

/** The file as shown in messages: relative to the working directory when inside it. */
export function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative.split(path.sep).join("/");
}

/** Finds the line of a JSON path in a parsed document; a missing path gives its nearest parent's line. */
export class JsonLocator {
  private readonly lineCounter = new LineCounter();
  private readonly document: Document.Parsed;

  constructor(text: string) {
    this.document = parseDocument(text, { lineCounter: this.lineCounter, uniqueKeys: false, keepSourceTokens: false });
  }

  line(jsonPath: JsonPath): number {
    let node: YamlNode | null = this.document.contents as YamlNode | null;
    let offset = node?.range?.[0] ?? 0;
    for (const segment of jsonPath) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        offset = (pair.key as YamlNode).range?.[0] ?? offset;
        node = pair.value as YamlNode | null;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment] as YamlNode | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return this.lineCounter.linePos(offset).line;
  }

  /** Object keys that occur twice in one object (JSON.parse would silently keep the last one). */
  duplicateKeys(): { path: JsonPath; key: string; line: number }[] {
    const found: { path: JsonPath; key: string; line: number }[] = [];
    const walk = (node: unknown, at: JsonPath) => {
      if (isMap(node)) {
        const seen = new Set<string>();
        for (const pair of node.items) {
          if (!isScalar(pair.key)) continue;
          const key = String(pair.key.value);
          if (seen.has(key)) {
            found.push({ path: at, key, line: this.lineCounter.linePos(pair.key.range?.[0] ?? 0).line });
          }
          seen.add(key);
          walk(pair.value, [...at, key]);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, index) => walk(item, [...at, index]));
      }
    };
    walk(this.document.contents, []);
    return found;
  }
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < Math.min(offset, text.length); i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Keys in the file that the schema does not know: zod drops them silently, so a typo would be lost. */
function unknownKeys(raw: unknown, parsed: unknown, at: JsonPath = []): JsonPath[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    return raw.flatMap((item, index) => unknownKeys(item, parsed[index], [...at, index]));
  }
  if (raw && parsed && typeof raw === "object" && typeof parsed === "object" && !Array.isArray(raw)) {
    return Object.entries(raw as Record<string, unknown>).flatMap(([key, value]) => {
      if (at.length === 0 && key === "$schema") return [];
      if (!Object.prototype.hasOwnProperty.call(parsed, key)) return [[...at, key]];
      return unknownKeys(value, (parsed as Record<string, unknown>)[key], [...at, key]);
    });
  }
  return [];
}

export interface CheckedManualText {
  /** What the schema parsed, when it did (there may still be issues, such as unknown keys). */
  parsed: ManualFile | null;
  issues: ManualIssue[];
  locator: JsonLocator | null;
}

/**
 * Parses and validates one manual version's JSON text: strict JSON (an error gives its line),
 * duplicate object keys, ManualFileSchema and keys the schema does not know, every issue with its
 * JSON path and line. `prepare` may adjust the parsed value before the schema sees it (the import
 * sets the draft's own version and status); paths and lines still point into `text`.
 */
export function checkManualText(text: string, file: string, prepare?: (raw: unknown) => unknown): CheckedManualText {
  const source = text.replace(/^\uFEFF/, "");
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // JSON.parse names the position for most errors; for the rest the strict scanner finds it.
    const position = /position (\d+)/.exec(message);
    const line = lineOfOffset(source, position ? Number(position[1]) : (jsonErrorOffset(source) ?? source.length));
    return { parsed: null, issues: [{ file, path: [], line, ...checkMessage("manuals.check.invalidJson", { error: message }) }], locator: null };
  }
  const locator = new JsonLocator(source);
  const issues: ManualIssue[] = locator.duplicateKeys().map(({ path: at, key, line }) => ({
    file,
    path: [...at, key],
    line,
    ...checkMessage("manuals.check.duplicateJsonKey", { key }),
  }));
  const input = prepare ? prepare(raw) : raw;
  const result = ManualFileSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const at = issue.path.filter((s): s is string | number => typeof s !== "symbol");
      issues.push({ file, path: at, line: locator.line(at), ...fromSchemaMessage(issue.message) });
    }
    return { parsed: null, issues, locator };
  }
  for (const at of unknownKeys(input, result.data)) {
    issues.push({ file, path: at, line: locator.line(at), ...checkMessage("manuals.check.unknownField", { field: String(at[at.length - 1]) }) });
  }
  return { parsed: result.data, issues, locator };
}

export interface ReadManualFileResult {
  entry: ManualFileEntry | null;
  issues: ManualIssue[];
  locator: JsonLocator | null;
}

/**
 * Reads and validates one manual file. `relativePath` ("county/v2.json") must agree with the
 * file's `manual` and `version`.
 */
export function readManualFile(absolutePath: string, relativePath: string): ReadManualFileResult {
  const file = displayPath(absolutePath);
  const { parsed, issues, locator } = checkManualText(fs.readFileSync(absolutePath, "utf8"), file);
  if (!parsed || !locator) return { entry: null, issues, locator };
  const [folder, name] = relativePath.split("/");
  const expectedVersion = Number(VERSION_FILE.exec(name ?? "")?.[1]);
  if (parsed.manual !== folder) {
    issues.push({ file, path: ["manual"], line: locator.line(["manual"]), ...checkMessage("manuals.check.wrongFolder", { folder: folder ?? "", manual: parsed.manual }) });
  }
  if (parsed.version !== expectedVersion) {
    issues.push({ file, path: ["version"], line: locator.line(["version"]), ...checkMessage("manuals.check.wrongFileName", { name: name ?? "", version: parsed.version }) });
  }
  if (issues.length > 0) return { entry: null, issues, locator };
  const manual = canonicalManual(parsed);
  return { entry: { file, relativePath, manual, checksum: manualChecksum(manual) }, issues, locator };
}

/** The JSON Schema of the file format, generated from ManualFileSchema (what files may contain). */
export function manualJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ManualFileSchema, {
    io: "input",
    // Unknown keys are refused by manuals:check, so editors' tools should flag them too.
    override: (ctx) => {
      const schema = ctx.jsonSchema as Record<string, unknown>;
      if (schema.type === "object" && schema.properties) schema.additionalProperties = false;
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: "Kollega criteria manual version",
    description:
      "One version of a Kollega criteria manual (criteria/<manual>/v<N>.json). Generated from app/modules/manuals/manual-schema.ts by `npm run manuals:schema`; do not edit by hand. Checks across files (crosswalk, version numbers, checksums) are made by `npm run manuals:check`.",
    ...rest,
  };
}

export function renderManualJsonSchema(): string {
  return `${JSON.stringify(manualJsonSchema(), null, 2)}\n`;
}

export interface LoadedManuals {
  /** Files that passed every check of their own; present even when other files have issues. */
  entries: ManualFileEntry[];
  issues: ManualIssue[];
}

function readChecksums(criteriaDir: string): { checksums: Record<string, string>; issues: ManualIssue[] } {
  const absolute = path.join(criteriaDir, CHECKSUMS_FILE);
  const file = displayPath(absolute);
  if (!fs.existsSync(absolute)) return { checksums: {}, issues: [] };
  const text = fs.readFileSync(absolute, "utf8");
  const parsed = z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/, "Kontrollsumman ska vara sha256 i hex")).safeParse(
    (() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    })(),
  );
  if (!parsed.success) {
    const locator = new JsonLocator(text);
    return {
      checksums: {},
      issues: parsed.error.issues.map((issue) => {
        const at = issue.path.filter((s): s is string | number => typeof s !== "symbol");
        return { file, path: at, line: locator.line(at), ...fromSchemaMessage(issue.message) };
      }),
    };
  }
  return { checksums: parsed.data, issues: [] };
}

/** All `<manual>/v<N>.json` files under the directory, and issues for misplaced or misnamed ones. */
function findManualFiles(criteriaDir: string): { files: { absolute: string; relative: string }[]; issues: ManualIssue[] } {
  const files: { absolute: string; relative: string }[] = [];
  const issues: ManualIssue[] = [];
  // Manuals in their canonical order (county, resource-centre, node, national), anything else last.
  const rank = (name: string) => {
    const index = (MANUAL_KEYS as readonly string[]).indexOf(name);
    return index === -1 ? MANUAL_KEYS.length : index;
  };
  const dirents = fs.readdirSync(criteriaDir, { withFileTypes: true });
  dirents.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
  for (const dirent of dirents) {
    const absolute = path.join(criteriaDir, dirent.name);
    if (!dirent.isDirectory()) continue;
    if (NON_MANUAL_DIRECTORIES.has(dirent.name) || dirent.name.startsWith(".")) continue;
    if (!(MANUAL_KEYS as readonly string[]).includes(dirent.name)) {
      issues.push({ file: displayPath(absolute), path: [], message: `Okänd manual ${dirent.name}; tillåtna är ${MANUAL_KEYS.join(", ")}` });
      continue;
    }
    const names = fs.readdirSync(absolute).filter((name) => name.endsWith(".json"));
    names.sort((a, b) => Number(VERSION_FILE.exec(a)?.[1] ?? 0) - Number(VERSION_FILE.exec(b)?.[1] ?? 0) || a.localeCompare(b));
    for (const name of names) {
      const fileAbsolute = path.join(absolute, name);
      if (!VERSION_FILE.test(name)) {
        issues.push({ file: displayPath(fileAbsolute), path: [], message: "Manualfiler ska heta v<N>.json, till exempel v3.json" });
        continue;
      }
      files.push({ absolute: fileAbsolute, relative: `${dirent.name}/${name}` });
    }
  }
  return { files, issues };
}

/**
 * Reads every manual file under `criteriaDir` and runs every check: the schema per file, the
 * checks across files, criteria/checksums.json and (optionally) that manual.schema.json is current.
 */
export function loadManualDirectory(
  criteriaDir: string,
  { checkSchemaFile = false }: { checkSchemaFile?: boolean } = {},
): LoadedManuals {
  const { files, issues } = findManualFiles(criteriaDir);
  const entries: ManualFileEntry[] = [];
  const locators = new Map<string, JsonLocator>();
  const brokenManuals = new Set<string>();
  for (const { absolute, relative } of files) {
    const result = readManualFile(absolute, relative);
    issues.push(...result.issues);
    if (result.locator) locators.set(displayPath(absolute), result.locator);
    if (result.entry) entries.push(result.entry);
    else brokenManuals.add(relative.split("/")[0]!);
  }
  const located = (list: ManualIssue[]) =>
    list.map((issue) => ({ ...issue, line: issue.line ?? locators.get(issue.file)?.line(issue.path) }));
  // Version checks need every file of a manual; with a broken file they would only add noise.
  const complete = entries.filter((entry) => !brokenManuals.has(entry.manual.manual));
  issues.push(...located(validateManualSet(complete)));

  const checksums = readChecksums(criteriaDir);
  issues.push(...checksums.issues);
  if (checksums.issues.length === 0) {
    issues.push(
      ...validateChecksums(checksums.checksums, entries, {
        checksumsFile: displayPath(path.join(criteriaDir, CHECKSUMS_FILE)),
        existingFiles: files.map((f) => f.relative),
      }),
    );
  }
  if (checkSchemaFile) {
    const schemaPath = path.join(criteriaDir, SCHEMA_FILE);
    const current = fs.existsSync(schemaPath) ? fs.readFileSync(schemaPath, "utf8") : null;
    if (current !== renderManualJsonSchema()) {
      issues.push({
        file: displayPath(schemaPath),
        path: [],
        message: current === null ? "JSON Schema-filen saknas; kör npm run manuals:schema" : "JSON Schema-filen är inaktuell; kör npm run manuals:schema",
      });
    }
  }
  return { entries, issues };
}

/**
 * Adds every valid published file that criteria/checksums.json does not list yet. Existing
 * entries are never changed: a mismatch means a published file was edited, and stays an error.
 */
export function addMissingChecksums(criteriaDir: string): string[] {
  const { entries } = loadManualDirectory(criteriaDir);
  const absolute = path.join(criteriaDir, CHECKSUMS_FILE);
  const { checksums, issues } = readChecksums(criteriaDir);
  if (issues.length > 0) return [];
  const added: string[] = [];
  for (const entry of entries) {
    if (entry.manual.status !== "published" || checksums[entry.relativePath] !== undefined) continue;
    checksums[entry.relativePath] = entry.checksum;
    added.push(entry.relativePath);
  }
  if (added.length > 0 || !fs.existsSync(absolute)) {
    const sorted = Object.fromEntries(Object.entries(checksums).sort(([a], [b]) => a.localeCompare(b)));
    fs.writeFileSync(absolute, `${JSON.stringify(sorted, null, 2)}\n`);
  }
  return added;
}

/** Criteria per file, for the check's summary. */
export function criteriaCount(entry: ManualFileEntry): number {
  return criteriaOf(entry.manual).length;
}
