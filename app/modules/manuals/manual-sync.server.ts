/**
 * Loads the manual files of a criteria directory into the database: every check of
 * `npm run manuals:check` except the JSON Schema file must pass first, so a malformed or changed
 * file stops the sync (and the start of the app) before anything is written.
 */
import type { AppDatabase } from "#db/connection";
import { loadManualDirectory } from "./manual-files.server";
import { syncManualVersions, type ManualSyncResult } from "./manual-repository.server";
import { ManualFilesError } from "./manual-validation";

export type { ManualSyncResult };

/** Validates every file under `criteriaDir`, then syncs; throws ManualFilesError naming each bad file. */
export async function syncManualDirectory(db: AppDatabase, criteriaDir: string): Promise<ManualSyncResult> {
  const { entries, issues } = loadManualDirectory(criteriaDir);
  if (issues.length > 0) throw new ManualFilesError(issues);
  return syncManualVersions(db, entries);
}
