/**
 * The one place that knows the database is SQLite (better-sqlite3). Everything else talks to the
 * Kysely instance through the portable query builder; a PostgreSQL deployment replaces this file
 * (and the SQLite-only statements in migrations and db/maintenance.ts), not the app.
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema";

export type AppDatabase = Kysely<Database>;

export interface OpenedDatabase {
  db: AppDatabase;
  /** The raw driver, for the few maintenance operations Kysely does not cover (see maintenance.ts). */
  sqlite: SQLite.Database;
  path: string;
}

export const DEFAULT_DATABASE_PATH = "data/kollega.sqlite";

export function openDatabase(databasePath: string = DEFAULT_DATABASE_PATH): OpenedDatabase {
  if (databasePath !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });
  const sqlite = new SQLite(databasePath);
  // WAL: readers never block the writer and a crash mid-write leaves the last committed state;
  // it also lets `db:backup` copy the database online.
  sqlite.pragma("journal_mode = WAL");
  // SQLite ships with foreign keys off for backwards compatibility; our schema relies on them.
  sqlite.pragma("foreign_keys = ON");
  // Wait up to 5 s for a competing writer (a CLI script, a second process) instead of failing
  // at once with SQLITE_BUSY.
  sqlite.pragma("busy_timeout = 5000");
  // In WAL mode NORMAL is durable across application crashes (only an OS crash or power loss can
  // lose the last transactions) and much faster than FULL.
  sqlite.pragma("synchronous = NORMAL");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, sqlite, path: databasePath };
}
