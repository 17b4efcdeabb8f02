/**
 * Kolada indicators beside the criteria (decision 014): a cache of fetched values with their fetch
 * time (pages read only this cache, never the network), what the last fetch of each KPI gave,
 * and a new evidence kind `kolada` that carries a frozen JSON snapshot of the values a reviewer
 * attached. SQLite cannot change a CHECK constraint in place, so `evidence` is rebuilt with the
 * new kind and a `snapshot_json` column; every existing row is copied unchanged.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("kolada_kpis")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("operating_area", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("is_divided_by_gender", "integer", (c) => c.notNull().defaultTo(0))
    // Demo values made up by the seed, never fetched: shown as such.
    .addColumn("synthetic", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("fetched_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("kolada_values")
    .addColumn("kpi_id", "text", (c) => c.notNull())
    // Kolada's municipality id: "0001" … "0025" for the regions, "0000" for the whole country.
    .addColumn("municipality_id", "text", (c) => c.notNull())
    .addColumn("period", "integer", (c) => c.notNull())
    .addColumn("gender", "text", (c) => c.notNull().check(sql`gender in ('T', 'K', 'M')`))
    .addColumn("value", "real")
    .addColumn("status", "text")
    .addColumn("synthetic", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("fetched_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("kolada_values_pk", ["kpi_id", "municipality_id", "period", "gender"])
    .execute();

  await db.schema
    .createTable("kolada_fetches")
    .addColumn("kpi_id", "text", (c) => c.primaryKey())
    .addColumn("last_attempt_at", "text", (c) => c.notNull())
    .addColumn("last_success_at", "text")
    .addColumn("last_error", "text")
    .addColumn("last_error_at", "text")
    .execute();

  await sql`CREATE TABLE evidence_new (
    id integer PRIMARY KEY AUTOINCREMENT,
    review_id integer NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    criterion_id integer REFERENCES manual_criteria (id),
    kind text NOT NULL CHECK (kind in ('file', 'link', 'note', 'kolada')),
    origin text NOT NULL CHECK (origin in ('unit', 'team')),
    title text NOT NULL,
    url text,
    body text,
    file_name text,
    storage_key text,
    media_type text,
    size_bytes integer,
    sha256 text,
    created_by integer REFERENCES users (id),
    created_at text NOT NULL,
    snapshot_json text,
    CHECK ((kind = 'kolada') = (snapshot_json IS NOT NULL))
  )`.execute(db);
  await sql`INSERT INTO evidence_new (id, review_id, criterion_id, kind, origin, title, url, body, file_name, storage_key, media_type, size_bytes, sha256, created_by, created_at)
    SELECT id, review_id, criterion_id, kind, origin, title, url, body, file_name, storage_key, media_type, size_bytes, sha256, created_by, created_at FROM evidence`.execute(db);
  await sql`DROP TABLE evidence`.execute(db);
  await sql`ALTER TABLE evidence_new RENAME TO evidence`.execute(db);
  await db.schema.createIndex("evidence_review_idx").on("evidence").column("review_id").execute();

  // An attached snapshot is evidence as it was seen: it never changes, not even by SQL.
  await sql`CREATE TRIGGER evidence_kolada_frozen BEFORE UPDATE ON evidence
    WHEN OLD.kind = 'kolada' OR NEW.kind = 'kolada'
    BEGIN SELECT RAISE(ABORT, 'kolada snapshots are frozen'); END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER evidence_kolada_frozen`.execute(db);
  await sql`DELETE FROM evidence WHERE kind = 'kolada'`.execute(db);
  await sql`CREATE TABLE evidence_old (
    id integer PRIMARY KEY AUTOINCREMENT,
    review_id integer NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    criterion_id integer REFERENCES manual_criteria (id),
    kind text NOT NULL CHECK (kind in ('file', 'link', 'note')),
    origin text NOT NULL CHECK (origin in ('unit', 'team')),
    title text NOT NULL, url text, body text, file_name text, storage_key text, media_type text,
    size_bytes integer, sha256 text, created_by integer REFERENCES users (id), created_at text NOT NULL
  )`.execute(db);
  await sql`INSERT INTO evidence_old SELECT id, review_id, criterion_id, kind, origin, title, url, body, file_name, storage_key, media_type, size_bytes, sha256, created_by, created_at FROM evidence`.execute(db);
  await sql`DROP TABLE evidence`.execute(db);
  await sql`ALTER TABLE evidence_old RENAME TO evidence`.execute(db);
  await db.schema.createIndex("evidence_review_idx").on("evidence").column("review_id").execute();
  for (const table of ["kolada_fetches", "kolada_values", "kolada_kpis"]) await db.schema.dropTable(table).execute();
}
