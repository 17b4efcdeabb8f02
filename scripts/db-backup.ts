/**
 * `npm run db:backup [-- --out FILE]`: an online, consistent copy of DATABASE_PATH (VACUUM INTO,
 * decision 016) while the server keeps running. Default file: <database dir>/backups/<name>-<time>.sqlite.
 * Prints the file, its size, rows per table and the content hash that `db:restore` prints too.
 */
import { parseArgs } from "node:util";
import { backupDatabase, defaultBackupPath, MaintenanceError } from "#db/maintenance";
import { DEFAULT_DATABASE_PATH } from "#db/connection";

const { values } = parseArgs({ options: { out: { type: "string" } } });
// Only DATABASE_PATH matters here: an operator need not set the server's secrets to back up.
const databasePath = process.env.DATABASE_PATH || DEFAULT_DATABASE_PATH;
try {
  const result = backupDatabase(databasePath, values.out ?? defaultBackupPath(databasePath));
  console.log(`Säkerhetskopia: ${result.file} (${result.bytes} byte, integrity_check ${result.integrity})`);
  for (const [table, { rows }] of Object.entries(result.fingerprint.tables)) console.log(`  ${table.padEnd(32)} ${rows}`);
  console.log(`Rader totalt: ${result.fingerprint.totalRows}; innehållets sha256: ${result.fingerprint.sha256}`);
  console.log("Kopiera också UPLOAD_DIR (bevisfilerna) efter säkerhetskopian.");
} catch (error) {
  if (error instanceof MaintenanceError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
