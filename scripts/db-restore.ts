/**
 * `npm run db:restore -- FILE`: puts a backup in place of DATABASE_PATH. Refuses a backup that fails
 * integrity_check or is not a Kollega database, and refuses while a server (or anything else) has
 * the database open. The replaced file is kept as <database>.before-restore-<time> (decision 016).
 */
import { parseArgs } from "node:util";
import { MaintenanceError, restoreDatabase } from "#db/maintenance";
import { DEFAULT_DATABASE_PATH } from "#db/connection";

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
if (positionals.length !== 1) {
  console.error("Ange säkerhetskopian: npm run db:restore -- data/backups/kollega-….sqlite");
  process.exit(2);
}
// Only DATABASE_PATH matters here: an operator need not set the server's secrets to back up.
const databasePath = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
try {
  const result = restoreDatabase(positionals[0]!, databasePath);
  console.log(`Återställde ${result.file} från ${positionals[0]}.`);
  if (result.previous) console.log(`Den tidigare databasen finns kvar som ${result.previous}.`);
  for (const [table, { rows }] of Object.entries(result.fingerprint.tables)) console.log(`  ${table.padEnd(32)} ${rows}`);
  console.log(`Rader totalt: ${result.fingerprint.totalRows}; innehållets sha256: ${result.fingerprint.sha256}`);
  console.log("Nästa start kör eventuella nya migreringar på den återställda databasen.");
} catch (error) {
  if (error instanceof MaintenanceError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
