/**
 * SQLite-specific maintenance: online backup, restore, integrity and a content fingerprint of
 * every table. Used by `npm run db:backup`, `npm run db:restore` and the reliability scripts
 * (scripts/reliability/). Like connection.ts this is SQLite-only code; a PostgreSQL deployment
 * replaces it with pg_dump/pg_restore (decision 016).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";

export class MaintenanceError extends Error {}

export interface TableFingerprint {
  rows: number;
  sha256: string;
}

export interface DatabaseFingerprint {
  tables: Record<string, TableFingerprint>;
  totalRows: number;
  /** sha256 over every table's name, row count and rows, in table-name order. */
  sha256: string;
}

function quoteIdentifier(name: string) {
  return `"${name.replaceAll('"', '""')}"`;
}

function userTables(sqlite: SQLite.Database): string[] {
  return (
    sqlite
      .prepare("select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' order by name")
      .all() as { name: string }[]
  ).map((r) => r.name);
}

/**
 * Row count and a hash of the rows of every table. Rows are ordered by all their columns, so the
 * hash depends on the content only, not on rowids or page layout: a backup made with VACUUM INTO
 * (which may renumber pages) fingerprints the same as its source at that moment.
 */
export function fingerprintDatabase(sqlite: SQLite.Database): DatabaseFingerprint {
  const tables: Record<string, TableFingerprint> = {};
  const overall = createHash("sha256");
  let totalRows = 0;
  // One read transaction: the fingerprint describes one moment even while a server writes.
  sqlite.transaction(() => {
    for (const table of userTables(sqlite)) {
      const columns = (sqlite.prepare(`pragma table_info(${quoteIdentifier(table)})`).all() as { name: string }[]).map((c) => c.name);
      const orderBy = columns.map((_, i) => String(i + 1)).join(", ");
      const hash = createHash("sha256");
      let rows = 0;
      const statement = sqlite.prepare(`select * from ${quoteIdentifier(table)} order by ${orderBy}`).raw(true);
      for (const row of statement.iterate() as Iterable<unknown[]>) {
        hash.update(JSON.stringify(row, (_key, value) => (Buffer.isBuffer(value) ? `base64:${value.toString("base64")}` : typeof value === "bigint" ? String(value) : value)));
        hash.update("\n");
        rows++;
      }
      const sha256 = hash.digest("hex");
      tables[table] = { rows, sha256 };
      totalRows += rows;
      overall.update(`${table}\t${rows}\t${sha256}\n`);
    }
  })();
  return { tables, totalRows, sha256: overall.digest("hex") };
}

export function integrityCheck(sqlite: SQLite.Database): string {
  return String(sqlite.pragma("integrity_check", { simple: true }));
}

export function foreignKeyProblems(sqlite: SQLite.Database): unknown[] {
  return sqlite.pragma("foreign_key_check") as unknown[];
}

/** Opens a database file read-only, runs `use` and closes it again. */
export function withReadOnlyDatabase<T>(file: string, use: (sqlite: SQLite.Database) => T): T {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return use(sqlite);
  } finally {
    sqlite.close();
  }
}

function fsyncFile(file: string) {
  const fd = fs.openSync(file, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDirectory(dir: string) {
  try {
    fsyncFile(dir);
  } catch {
    /* not every platform lets a directory be opened for fsync; the rename is still atomic */
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  fingerprint: DatabaseFingerprint;
  integrity: string;
}

/**
 * An online, consistent copy of a live database with `VACUUM INTO` (decision 016): one read
 * transaction, so the copy is the database as of one commit, while the server keeps reading and
 * writing (WAL: a reader never blocks the writer). Written to a temporary name, checked, synced
 * and then renamed, so a half-written backup never carries the final name.
 */
export function backupDatabase(sourceFile: string, targetFile: string): BackupResult {
  if (!fs.existsSync(sourceFile)) throw new MaintenanceError(`Databasen finns inte: ${sourceFile}`);
  const target = path.resolve(targetFile);
  if (fs.existsSync(target)) throw new MaintenanceError(`Filen finns redan, välj ett annat namn: ${target}`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.partial-${process.pid}`;
  fs.rmSync(temporary, { force: true });
  // Not read-only: a WAL database needs its -shm to be writable to take a snapshot.
  const source = new SQLite(sourceFile, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    source.prepare("vacuum into ?").run(temporary);
  } finally {
    source.close();
  }
  try {
    const { integrity, fingerprint } = withReadOnlyDatabase(temporary, (copy) => ({ integrity: integrityCheck(copy), fingerprint: fingerprintDatabase(copy) }));
    if (integrity !== "ok") throw new MaintenanceError(`Säkerhetskopian klarade inte integrity_check: ${integrity}`);
    fsyncFile(temporary);
    fs.renameSync(temporary, target);
    fsyncDirectory(path.dirname(target));
    return { file: target, bytes: fs.statSync(target).size, fingerprint, integrity };
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Throws when another connection (a running server, a script) has the database open: an
 * exclusive lock cannot be had then. Restoring under a running server would swap the file away
 * beneath it and its next writes would go to the old, unlinked file.
 */
function assertNotInUse(file: string) {
  const sqlite = new SQLite(file, { fileMustExist: true, timeout: 0 });
  try {
    sqlite.pragma("locking_mode = EXCLUSIVE");
    sqlite.exec("begin exclusive");
    sqlite.exec("commit");
    // Fold the WAL into the file (a server stopped by a signal leaves it behind): a stale log
    // beside the restored file would be replayed into it. In exclusive mode the connection keeps
    // the WAL index in its own memory, so the -shm left by the stopped server is unused and goes.
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    fs.rmSync(`${file}-shm`, { force: true });
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") {
      throw new MaintenanceError(`Databasen används (en server eller ett skript har den öppen): ${file}. Stoppa servern och försök igen.`);
    }
    throw error;
  } finally {
    sqlite.close();
  }
}

function looksLikeKollegaDatabase(sqlite: SQLite.Database) {
  const tables = new Set(userTables(sqlite));
  return ["kysely_migration", "users", "reviews", "audit_log"].every((t) => tables.has(t));
}

export interface RestoreResult {
  file: string;
  /** The database that was replaced, kept beside it (null when there was none). */
  previous: string | null;
  fingerprint: DatabaseFingerprint;
}

/**
 * Puts a backup in place of the database at `targetFile`: refuses when the backup fails
 * integrity_check or is not a Kollega database, or when the target is in use; copies to a
 * temporary file, syncs it and renames it over the target (atomic), keeping the replaced file as
 * `<target>.before-restore-<time>`.
 */
export function restoreDatabase(backupFile: string, targetFile: string, now = new Date()): RestoreResult {
  if (!fs.existsSync(backupFile)) throw new MaintenanceError(`Säkerhetskopian finns inte: ${backupFile}`);
  let checked: DatabaseFingerprint;
  try {
    checked = withReadOnlyDatabase(backupFile, (backup) => {
      const integrity = integrityCheck(backup);
      if (integrity !== "ok") throw new MaintenanceError(`Säkerhetskopian klarade inte integrity_check: ${integrity}`);
      if (!looksLikeKollegaDatabase(backup)) throw new MaintenanceError(`Filen är ingen Kollega-databas: ${backupFile}`);
      return fingerprintDatabase(backup);
    });
  } catch (error) {
    if (error instanceof MaintenanceError) throw error;
    // Not an SQLite file at all, or damaged beyond reading: the operator's error, not a crash.
    throw new MaintenanceError(`Säkerhetskopian går inte att läsa som databas (${(error as Error).message}): ${backupFile}`);
  }
  const target = path.resolve(targetFile);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const exists = fs.existsSync(target);
  if (exists) assertNotInUse(target);
  const wal = `${target}-wal`;
  if (fs.existsSync(wal)) {
    if (fs.statSync(wal).size > 0) throw new MaintenanceError(`${wal} har innehåll kvar: öppnas databasen av någon? Stoppa servern och försök igen.`);
    fs.rmSync(wal);
  }
  const temporary = `${target}.restoring-${process.pid}`;
  fs.copyFileSync(backupFile, temporary);
  try {
    const fingerprint = withReadOnlyDatabase(temporary, (copy) => fingerprintDatabase(copy));
    if (fingerprint.sha256 !== checked.sha256) throw new MaintenanceError("Kopian av säkerhetskopian skiljer sig från originalet.");
    fsyncFile(temporary);
    let previous: string | null = null;
    if (exists) {
      previous = `${target}.before-restore-${now.toISOString().replaceAll(":", "-")}`;
      fs.linkSync(target, previous);
    }
    fs.renameSync(temporary, target);
    fsyncDirectory(path.dirname(target));
    return { file: target, previous, fingerprint };
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** Default file name of a backup: the database's directory, backups/, with a timestamp. */
export function defaultBackupPath(databaseFile: string, now = new Date()) {
  const stamp = now.toISOString().replaceAll(":", "-").replace(/\.\d+Z$/, "Z");
  return path.join(path.dirname(path.resolve(databaseFile)), "backups", `${path.basename(databaseFile, path.extname(databaseFile))}-${stamp}.sqlite`);
}
