/**
 * The app's database handle: opened lazily from DATABASE_PATH, once per process. Kept on
 * globalThis so `remix dev` rebuilds do not leak connections.
 */
import { openDatabase, type OpenedDatabase } from "#db/connection";
import { getEnv } from "./env.server";

const globalForDb = globalThis as unknown as { __kollegaDb?: OpenedDatabase };

function opened(): OpenedDatabase {
  globalForDb.__kollegaDb ??= openDatabase(getEnv().DATABASE_PATH);
  return globalForDb.__kollegaDb;
}

export function getDb() {
  return opened().db;
}

export function getSqlite() {
  return opened().sqlite;
}

/** Closes the handle; the next getDb() opens DATABASE_PATH again (tests switch files this way). */
export function closeDb() {
  globalForDb.__kollegaDb?.sqlite.close();
  globalForDb.__kollegaDb = undefined;
}
