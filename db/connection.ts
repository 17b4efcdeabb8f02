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
 * Per Kysely instance made by openDatabase, its better-sqlite3 connection, the statement cache
 * Kysely uses (shared, so a query run both ways is prepared once) and the statements that return
 * rows as arrays (apart: `raw(true)` is a flag on the statement).
 */
const directConnections = new WeakMap<AppDatabase, { sqlite: SQLite.Database; cache: Pick<SQLite.Database, "prepare">; arrays: Map<string, SQLite.Statement> }>();

/**
 * The better-sqlite3 statement for `sql`, when a query may run on the connection without going
 * through Kysely's executor: `db` is an instance openDatabase made (not a transaction's) and no
 * transaction is open on its connection. Every transaction here is Kysely's, which holds the
 * connection until it ends; running past it while one is open would put the statement inside it,
 * so then the answer is null and the caller goes through Kysely, which waits its turn.
 * Null as well on any other Kysely instance. Kysely's executor, its connection hand-out and the
 * promises around a statement cost as much CPU as SQLite running a short one (decision 027).
 */
export function directStatement(db: AppDatabase, sql: string, { arrays = false }: { arrays?: boolean } = {}): SQLite.Statement | null {
  const direct = directConnections.get(db);
  if (!direct || direct.sqlite.inTransaction) return null;
  if (!arrays) return direct.cache.prepare(sql);
  let statement = direct.arrays.get(sql);
  if (!statement) {
    statement = direct.sqlite.prepare(sql).raw(true);
    if (direct.arrays.size >= STATEMENT_CACHE_SIZE) direct.arrays.clear();
    direct.arrays.set(sql, statement);
  }
  return statement;
}

/**
 * A query's rows as arrays, the columns in the order the query selects them: for the few bulk reads
 * of many thousand rows (the national aggregation's consensus scores), where building an object per
 * row costs as much as SQLite reading it (docs/benchmarks.md). Run on better-sqlite3 in raw mode
 * where directStatement allows; otherwise (a transaction, another Kysely instance) through Kysely,
 * taking each row's values, which is the same answer. A PostgreSQL deployment would use the pg
 * driver's `rowMode: "array"`. `Row` is the caller's promise about the selected columns; the tests
 * of the calling repository hold it.
 */
export async function selectArrays<Row extends readonly unknown[]>(db: AppDatabase, query: Compilable<unknown>): Promise<Row[]> {
  const compiled = query.compile();
  const statement = directStatement(db, compiled.sql, { arrays: true });
  if (statement) return statement.all(...compiled.parameters) as Row[];
  const result = await db.executeQuery(compiled);
  return result.rows.map((row) => Object.values(row as Record<string, unknown>) as unknown as Row);
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
  const cache = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cache }) });
  directConnections.set(db, { sqlite, cache, arrays: new Map() });
  return { db, sqlite, path: databasePath };
}
