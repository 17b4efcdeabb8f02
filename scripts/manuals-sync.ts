/**
 * `npm run manuals:sync`: loads the manual files under criteria/ into DATABASE_PATH (migrating it
 * first). Refuses, naming the file, when a file is malformed or a published one has been changed;
 * nothing is written then.
 */
import { openDatabase } from "#db/connection";
import { migrateToLatest } from "#db/migrate";
import { CRITERIA_DIR } from "#db/prepare";
import { syncManualDirectory } from "~/modules/manuals/manual-sync.server";
import { ManualFilesError } from "~/modules/manuals/manual-validation";
import { parseEnv } from "~/utils/env.server";

const { db, sqlite, path } = openDatabase(parseEnv().DATABASE_PATH);
try {
  await migrateToLatest(db);
  const result = await syncManualDirectory(db, CRITERIA_DIR);
  for (const file of result.inserted) console.log(`Inläst: ${file}`);
  for (const file of result.updated) console.log(`Uppdaterat utkast: ${file}`);
  for (const { file, reason } of result.skipped) console.log(`Hoppade över ${file}: ${reason}`);
  console.log(`${path}: ${result.inserted.length} inlästa, ${result.updated.length} uppdaterade, ${result.unchanged.length} oförändrade.`);
} catch (error) {
  if (error instanceof ManualFilesError) {
    console.error(error.message);
    process.exitCode = 1;
  } else throw error;
} finally {
  sqlite.close();
}
