/**
 * Brings a database to a ready state: migrations, reference data, the criteria manuals from
 * criteria/, and (demo mode) the demo accounts. Idempotent; `npm start` runs it every time.
 */
import type { AppDatabase } from "./connection";
import { migrateToLatest } from "./migrate";
import { deactivateDemoUsers, seedDemoUsers } from "./seed/demo";
import { seedReferenceData } from "./seed/reference";

export interface PrepareResult {
  migrations: string[];
  demoUsersCreated: boolean;
  demoUsersDeactivated: number;
}

export async function prepareDatabase(db: AppDatabase, { demo }: { demo: boolean }): Promise<PrepareResult> {
  const migrations = await migrateToLatest(db);
  await seedReferenceData(db);
  const demoUsersCreated = demo ? await seedDemoUsers(db) : false;
  const demoUsersDeactivated = demo ? 0 : await deactivateDemoUsers(db);
  return { migrations, demoUsersCreated, demoUsersDeactivated };
}
