/**
 * The one place that knows the database is SQLite (better-sqlite3). Everything else talks to the
 * Kysely instance through the portable query builder; a PostgreSQL deployment replaces this file
 * (and the SQLite-only statements in migrations and db/maintenance.ts), not the app.
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, type Compilable } from "kysely";
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

/**
 * Per Kysely instance, its better-sqlite3 connection and the statements prepared to return rows
 * as arrays (kept apart from the statement cache above: `raw(true)` is a flag on the statement).
 */
const arrayReaders = new WeakMap<AppDatabase, { sqlite: SQLite.Database; statements: Map<string, SQLite.Statement> }>();

/**
 * A query's rows as arrays, the columns in the order the query selects them: for the few bulk reads
 * of many thousand rows (the national aggregation's consensus scores), where building an object per
 * row costs as much as SQLite reading it (docs/benchmarks.md). On a connection opened here it runs
 * the compiled query on better-sqlite3 in raw mode; on any other Kysely instance (a transaction) it
 * runs the query there and takes each row's values, which is the same answer. A PostgreSQL
 * deployment would use the pg driver's `rowMode: "array"`. `Row` is the caller's promise about the
 * selected columns; the tests of the calling repository hold it.
 */
export async function selectArrays<Row extends readonly unknown[]>(db: AppDatabase, query: Compilable<unknown>): Promise<Row[]> {
  const compiled = query.compile();
  const reader = arrayReaders.get(db);
  if (!reader) {
    const result = await db.executeQuery(compiled);
    return result.rows.map((row) => Object.values(row as Record<string, unknown>) as unknown as Row);
  }
  let statement = reader.statements.get(compiled.sql);
  if (!statement) {
    statement = reader.sqlite.prepare(compiled.sql).raw(true);
    if (reader.statements.size >= STATEMENT_CACHE_SIZE) reader.statements.clear();
    reader.statements.set(compiled.sql, statement);
  }
  return statement.all(...compiled.parameters) as Row[];
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
  arrayReaders.set(db, { sqlite, statements: new Map() });
  return { db, sqlite, path: databasePath };
}
