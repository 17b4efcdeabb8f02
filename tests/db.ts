/**
 * A fresh database per test: a copy of the template built in global setup, at its own path,
 * which the app then opens through DATABASE_PATH like in production.
 */
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { closeDb, getDb, getSqlite } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { ARTIFACTS_DIR, TEMPLATE_DB } from "./setup/paths";

export function freshDatabasePath(): string {
  const dir = path.join(ARTIFACTS_DIR, "db");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${randomUUID()}.sqlite`);
  fs.copyFileSync(TEMPLATE_DB, file);
  return file;
}

/** Points the app at a new copy of the template database and returns its handle. */
export function useFreshDatabase() {
  closeDb();
  process.env.DATABASE_PATH = freshDatabasePath();
  // Uploaded evidence goes next to the test's database, never into data/.
  process.env.UPLOAD_DIR = `${process.env.DATABASE_PATH}-uploads`;
  resetEnvCache();
  return { db: getDb(), sqlite: getSqlite(), path: process.env.DATABASE_PATH };
}
