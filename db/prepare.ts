/**
 * Brings a database to a ready state: migrations, reference data, the criteria manuals from
 * criteria/, and (demo mode) the demo accounts. Idempotent; `npm start` runs it every time.
 * A malformed manual file, or a published one changed after publication, stops it with a
 * ManualFilesError naming the file, before anything of the manuals is written.
 */
import { fileURLToPath } from "node:url";
import { syncManualDirectory, type ManualSyncResult } from "~/modules/manuals/manual-sync.server";
import type { AppDatabase } from "./connection";
import { migrateToLatest } from "./migrate";
import { deactivateDemoUsers, seedDemoUsers } from "./seed/demo";
import { seedReferenceData } from "./seed/reference";

/** The repository's criteria/ directory, wherever the process was started from. */
export const CRITERIA_DIR = fileURLToPath(new URL("../criteria", import.meta.url));

export interface PrepareResult {
  migrations: string[];
  manuals: ManualSyncResult;
  demoUsersCreated: boolean;
  demoUsersDeactivated: number;
}

export async function prepareDatabase(
  db: AppDatabase,
  { demo, criteriaDir = CRITERIA_DIR }: { demo: boolean; criteriaDir?: string },
): Promise<PrepareResult> {
  const migrations = await migrateToLatest(db);
  await seedReferenceData(db);
  const manuals = await syncManualDirectory(db, criteriaDir);
  const demoUsersCreated = demo ? await seedDemoUsers(db) : false;
  const demoUsersDeactivated = demo ? 0 : await deactivateDemoUsers(db);
  return { migrations, manuals, demoUsersCreated, demoUsersDeactivated };
}
