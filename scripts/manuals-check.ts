/**
 * `npm run manuals:check`: validates every manual file under criteria/ (schema, checks across
 * versions, criteria/checksums.json, criteria/manual.schema.json) and, when the database exists,
 * that no published file differs from its stored version. Prints every problem as
 * `file:line $.json.path: message`, the criteria count per file, and exits 1 on any problem.
 *
 * `npm run manuals:check -- --update-checksums` first adds published files that
 * criteria/checksums.json does not list yet (existing entries are never changed).
 * `--dir <path>` checks another criteria directory (used by the tests).
 */
import fs from "node:fs";
import { openDatabase } from "#db/connection";
import path from "node:path";
import { CRITERIA_DIR } from "#db/prepare";
import { addMissingChecksums, criteriaCount, loadManualDirectory } from "~/modules/manuals/manual-files.server";
import { compareWithStoredVersions } from "~/modules/manuals/manual-repository.server";
import { formatIssue, type ManualIssue } from "~/modules/manuals/manual-validation";
import { EnvError, parseEnv } from "~/utils/env.server";

const dirIndex = process.argv.indexOf("--dir");
const criteriaDir = dirIndex > -1 && process.argv[dirIndex + 1] ? path.resolve(process.argv[dirIndex + 1]!) : CRITERIA_DIR;

if (process.argv.includes("--update-checksums")) {
  const added = addMissingChecksums(criteriaDir);
  console.log(added.length ? `Lade till kontrollsummor för ${added.join(", ")}.` : "Inga nya publicerade filer att lägga till i kontrollsummorna.");
}

const { entries, issues } = loadManualDirectory(criteriaDir, { checkSchemaFile: true });
const problems: ManualIssue[] = [...issues];

// Against the database only when it exists: the check must never create one. A configuration
// error elsewhere in the environment only skips this part; the files are still checked.
let databasePath: string | null = null;
try {
  databasePath = parseEnv().DATABASE_PATH;
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.log(`Jämför inte med databasen: ${error.message}`);
}
if (databasePath && databasePath !== ":memory:" && fs.existsSync(databasePath)) {
  const { db, sqlite } = openDatabase(databasePath);
  try {
    const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'manual_versions'").get();
    if (hasTable) problems.push(...(await compareWithStoredVersions(db, entries)));
  } finally {
    sqlite.close();
  }
}

for (const entry of entries) {
  const status = entry.manual.status === "published" ? `publicerad ${entry.manual.publishedAt}` : "utkast";
  console.log(`${entry.file.padEnd(36)} v${entry.manual.version}  ${status.padEnd(21)} ${String(criteriaCount(entry)).padStart(3)} kriterier`);
}
if (problems.length > 0) {
  console.error(`\n${problems.length} fel:`);
  for (const problem of problems) console.error(`  ${formatIssue(problem)}`);
  process.exit(1);
}
console.log(`\nOK: ${entries.length} manualfiler utan fel.`);
