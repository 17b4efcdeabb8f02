/**
 * Checks across manual versions that one file's schema cannot see: consecutive version numbers,
 * a complete crosswalk from the previous version, and the checksums of published files. Pure: the
 * file reader (manual-files.server.ts) feeds it parsed files and adds line numbers to the issues.
 */
import { checkMessage, type CheckMessage } from "./manual-messages";
import { criteriaOf, MANUAL_KEYS, type CrosswalkEntry, type ManualFile, type ManualKey } from "./manual-schema";

export type JsonPath = (string | number)[];

/**
 * One problem in one file, pointing at a place in it (a JSON path, and a line once located). The
 * message is in Swedish; messageKey and vars, when present, let the pages translate it.
 */
export interface ManualIssue extends CheckMessage {
  /** The file as shown to people, e.g. "criteria/county/v2.json". */
  file: string;
  path: JsonPath;
  line?: number;
}

/** A problem at a place in one version's content, before it is tied to a file. */
export type ContentIssue = { path: JsonPath } & CheckMessage;

/** Refusal to load manual files; the message lists every issue with file, path and line. */
export class ManualFilesError extends Error {
  constructor(
    public readonly issues: ManualIssue[],
    heading = "Manualfilerna kunde inte läsas in",
  ) {
    super(`${heading}:\n${issues.map((issue) => `  ${formatIssue(issue)}`).join("\n")}`);
    this.name = "ManualFilesError";
  }
}

/** `$.dimensions[1].criteria[3].key` */
export function formatJsonPath(path: JsonPath): string {
  return path.reduce<string>(
    (out, segment) =>
      typeof segment === "number"
        ? `${out}[${segment}]`
        : /^[A-Za-z_$][\w$]*$/.test(segment)
          ? `${out}.${segment}`
          : `${out}[${JSON.stringify(segment)}]`,
    "$",
  );
}

/** `criteria/county/v2.json:412 $.crosswalk[3].from[0]: message` */
export function formatIssue(issue: ManualIssue): string {
  return `${issue.file}${issue.line ? `:${issue.line}` : ""} ${formatJsonPath(issue.path)}: ${issue.message}`;
}

/** Where each criterion key sits in a version: its JSON path, for pointing issues at it. */
function criterionPaths(manual: Pick<ManualFile, "dimensions">): Map<string, JsonPath> {
  const paths = new Map<string, JsonPath>();
  manual.dimensions.forEach((dimension, d) =>
    dimension.criteria.forEach((criterion, c) => paths.set(criterion.key, ["dimensions", d, "criteria", c, "key"])),
  );
  return paths;
}

const ONE_TO_ONE = new Set<CrosswalkEntry["type"]>(["same", "reworded", "moved"]);

/** How many keys each crosswalk type takes on each side. */
function shapeProblem(entry: CrosswalkEntry): CheckMessage | null {
  const from = entry.from.length;
  const to = entry.to.length;
  switch (entry.type) {
    case "new":
      return from === 0 && to >= 1 ? null : checkMessage("manuals.check.shapeNew");
    case "retired":
      return from >= 1 && to === 0 ? null : checkMessage("manuals.check.shapeRetired");
    case "split":
      return from === 1 && to >= 2 ? null : checkMessage("manuals.check.shapeSplit");
    case "merged":
      return from >= 2 && to === 1 ? null : checkMessage("manuals.check.shapeMerged");
    default:
      return from === 1 && to === 1 ? null : checkMessage("manuals.check.shapeOneToOne", { type: entry.type });
  }
}

/**
 * The crosswalk of `current` against the version before it: every previous criterion exactly once
 * in some `from`, every `from` key known in the previous version, every current criterion in the
 * `to` of exactly one entry, entry shapes that fit their type, and "same" only for unchanged text.
 */
export function validateCrosswalk(
  previous: Pick<ManualFile, "dimensions" | "version">,
  current: Pick<ManualFile, "dimensions" | "version" | "crosswalk">,
): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const crosswalk = current.crosswalk;
  if (!crosswalk) {
    return [{ path: ["crosswalk"], ...checkMessage("manuals.check.crosswalkMissing", { version: previous.version }) }];
  }
  const previousCriteria = new Map(criteriaOf(previous).map((c) => [c.key, c]));
  const previousDimension = new Map(previous.dimensions.flatMap((d) => d.criteria.map((c) => [c.key, d.key] as const)));
  const currentCriteria = new Map(criteriaOf(current).map((c) => [c.key, c]));
  const currentDimension = new Map(current.dimensions.flatMap((d) => d.criteria.map((c) => [c.key, d.key] as const)));
  const seenFrom = new Map<string, JsonPath>();
  const seenTo = new Map<string, JsonPath>();

  crosswalk.forEach((entry, i) => {
    const shape = shapeProblem(entry);
    if (shape) issues.push({ path: ["crosswalk", i, "type"], ...shape });
    entry.from.forEach((key, k) => {
      const path: JsonPath = ["crosswalk", i, "from", k];
      if (!previousCriteria.has(key)) {
        issues.push({ path, ...checkMessage("manuals.check.fromUnknown", { key, version: previous.version }) });
      } else if (seenFrom.has(key)) {
        issues.push({ path, ...checkMessage("manuals.check.fromTwice", { key, version: previous.version }) });
      }
      seenFrom.set(key, path);
    });
    entry.to.forEach((key, k) => {
      const path: JsonPath = ["crosswalk", i, "to", k];
      // Unknown `to` keys are reported by the file schema already.
      if (currentCriteria.has(key) && seenTo.has(key)) {
        issues.push({ path, ...checkMessage("manuals.check.toTwice", { key }) });
      }
      seenTo.set(key, path);
    });
    if (!shape && ONE_TO_ONE.has(entry.type)) {
      const before = previousCriteria.get(entry.from[0]!);
      const after = currentCriteria.get(entry.to[0]!);
      if (before && after && entry.type === "same" && before.text.sv.trim() !== after.text.sv.trim()) {
        issues.push({
          path: ["crosswalk", i, "type"],
          ...checkMessage("manuals.check.sameChanged", { key: after.key, version: previous.version }),
        });
      }
      if (
        before &&
        after &&
        entry.type === "moved" &&
        previousDimension.get(before.key) === currentDimension.get(after.key)
      ) {
        issues.push({
          path: ["crosswalk", i, "type"],
          ...checkMessage("manuals.check.movedSameDimension", { key: after.key }),
        });
      }
    }
  });

  for (const key of previousCriteria.keys()) {
    if (!seenFrom.has(key)) {
      issues.push({
        path: ["crosswalk"],
        ...checkMessage("manuals.check.previousNotInFrom", { key, version: previous.version }),
      });
    }
  }
  const paths = criterionPaths(current);
  for (const key of currentCriteria.keys()) {
    if (!seenTo.has(key)) {
      issues.push({
        path: paths.get(key) ?? ["dimensions"],
        ...checkMessage("manuals.check.currentNotInTo", { key }),
      });
    }
  }
  return issues;
}

/** A parsed file as the set checks see it. */
export interface ManualFileEntry {
  file: string;
  /** Path relative to the criteria directory ("county/v1.json"), the key in checksums.json. */
  relativePath: string;
  manual: ManualFile;
  checksum: string;
}

/**
 * Checks across all files: per manual, versions 1, 2, 3 … without gaps, no published version after
 * a draft, and each version's crosswalk against the one before it.
 */
export function validateManualSet(entries: ManualFileEntry[]): ManualIssue[] {
  const issues: ManualIssue[] = [];
  const byManual = new Map<ManualKey, ManualFileEntry[]>();
  for (const entry of entries) {
    const list = byManual.get(entry.manual.manual) ?? [];
    list.push(entry);
    byManual.set(entry.manual.manual, list);
  }
  for (const manualKey of MANUAL_KEYS) {
    const versions = (byManual.get(manualKey) ?? []).sort((a, b) => a.manual.version - b.manual.version);
    versions.forEach((entry, index) => {
      const expected = index + 1;
      if (entry.manual.version !== expected) {
        issues.push({
          file: entry.file,
          path: ["version"],
          ...(index === 0
            ? checkMessage("manuals.check.firstVersion", { manual: manualKey, version: entry.manual.version })
            : checkMessage("manuals.check.versionGap", {
                version: entry.manual.version,
                previous: versions[index - 1]!.manual.version,
                expected,
              })),
        });
        return;
      }
      if (index === 0) {
        if (entry.manual.crosswalk) {
          issues.push({ file: entry.file, path: ["crosswalk"], ...checkMessage("manuals.check.firstHasCrosswalk") });
        }
        return;
      }
      const previous = versions[index - 1]!;
      if (entry.manual.status === "published" && previous.manual.status !== "published") {
        issues.push({
          file: entry.file,
          path: ["status"],
          ...checkMessage("manuals.check.publishedAfterDraft", { version: entry.manual.version, previous: previous.manual.version }),
        });
      }
      for (const issue of validateCrosswalk(previous.manual, entry.manual)) issues.push({ file: entry.file, ...issue });
    });
  }
  return issues;
}

/**
 * Published files against criteria/checksums.json: a published file must be listed with the
 * checksum of its content, and every listed file must still exist as a published file.
 */
export function validateChecksums(
  expected: Record<string, string>,
  entries: ManualFileEntry[],
  { checksumsFile, existingFiles }: { checksumsFile: string; existingFiles: readonly string[] },
): ManualIssue[] {
  const issues: ManualIssue[] = [];
  const published = new Map(entries.filter((e) => e.manual.status === "published").map((e) => [e.relativePath, e]));
  for (const entry of published.values()) {
    const listed = expected[entry.relativePath];
    if (listed === undefined) {
      issues.push({
        file: entry.file,
        path: [],
        ...checkMessage("manuals.check.checksumMissing", { checksums: checksumsFile }),
      });
    } else if (listed !== entry.checksum) {
      issues.push({
        file: entry.file,
        path: [],
        ...checkMessage("manuals.check.checksumChanged", {
          checksums: checksumsFile,
          listed: listed.slice(0, 12),
          actual: entry.checksum.slice(0, 12),
        }),
      });
    }
  }
  const parsed = new Set(entries.map((e) => e.relativePath));
  const existing = new Set(existingFiles);
  for (const relativePath of Object.keys(expected)) {
    // A file that exists but could not be parsed has its own issues already.
    if (published.has(relativePath) || (existing.has(relativePath) && !parsed.has(relativePath))) continue;
    issues.push({
      file: checksumsFile,
      path: [relativePath],
      ...checkMessage(parsed.has(relativePath) ? "manuals.check.checksumDraft" : "manuals.check.checksumRemoved", { file: relativePath }),
    });
  }
  return issues;
}
