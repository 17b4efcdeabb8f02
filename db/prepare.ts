/**
 * Brings a database to a ready state: migrations, reference data, the criteria manuals from
 * criteria/, and (demo mode) the demo accounts and, into a database without rounds, the demo
 * rounds and reviews. Idempotent; `npm start` runs it every time.
 * A malformed manual file, or a published one changed after publication, stops it with a
 * ManualFilesError naming the file, before anything of the manuals is written.
 */
import { fileURLToPath } from "node:url";
import { syncManualDirectory, type ManualSyncResult } from "~/modules/manuals/manual-sync.server";
import type { AppDatabase } from "./connection";
import { migrateToLatest } from "./migrate";
import { deactivateDemoUsers, seedDemoUsers } from "./seed/demo";
import { seedDemoKolada } from "./seed/demo-kolada";
import { seedDemoReviews } from "./seed/demo-reviews";
import { seedReferenceData } from "./seed/reference";

/** The repository's criteria/ directory, wherever the process was started from. */
export const CRITERIA_DIR = fileURLToPath(new URL("../criteria", import.meta.url));

export interface PrepareResult {
  migrations: string[];
  manuals: ManualSyncResult;
  demoUsersCreated: boolean;
  demoUsersDeactivated: number;
  demoReviewsCreated: boolean;
  /** Synthetic Kolada values were seeded into an empty cache (demo mode, with the demo reviews). */
  demoKoladaCreated: boolean;
}

export async function prepareDatabase(
  db: AppDatabase,
  {
    demo,
    criteriaDir = CRITERIA_DIR,
    demoReviews = demo,
  }: {
    demo: boolean;
    criteriaDir?: string;
    /** Seed the demo rounds and reviews into a database without rounds (default: in demo mode). */
    demoReviews?: boolean;
  },
): Promise<PrepareResult> {
  const migrations = await migrateToLatest(db);
  await seedReferenceData(db);
  const manuals = await syncManualDirectory(db, criteriaDir);
  const demoUsersCreated = demo ? await seedDemoUsers(db) : false;
  const demoUsersDeactivated = demo ? 0 : await deactivateDemoUsers(db);
  const demoReviewsCreated = demo && demoReviews ? await seedDemoReviews(db) : false;
  const demoKoladaCreated = demo && demoReviews ? await seedDemoKolada(db) : false;
  return { migrations, manuals, demoUsersCreated, demoUsersDeactivated, demoReviewsCreated, demoKoladaCreated };
}
