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

/** Prepared statements kept per connection (least recently used dropped first). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * The connection as kysely's SqliteDialect sees it, with a cache of prepared statements keyed by
 * their SQL text. Kysely prepares every query anew, and under the autosave load preparing cost
 * as much as running (docs/benchmarks.md); a better-sqlite3 statement can be run again and again,
 * and SQLite re-prepares it by itself if a migration changes the schema. Safe because the app never
 * streams a query (a statement that is still iterating could not run again meanwhile).
 */
function withStatementCache(sqlite: SQLite.Database): Pick<SQLite.Database, "prepare" | "close"> {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(source: string) {
      let statement = statements.get(source);
      if (statement) {
        statements.delete(source);
      } else {
        statement = sqlite.prepare(source);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(source, statement);
      return statement;
    },
    close: () => sqlite.close(),
  } as Pick<SQLite.Database, "prepare" | "close">;
}

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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, sqlite, path: databasePath };
}
