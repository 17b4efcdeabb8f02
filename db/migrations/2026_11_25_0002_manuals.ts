/**
 * Criteria manuals. A manual version holds its canonical JSON (the file format of
 * app/modules/manuals/manual-schema.ts) plus its criteria as rows, so reviews can point at a
 * criterion of the exact version they pinned. Published versions are immutable: triggers refuse
 * any UPDATE or DELETE of a published version or its criteria, whatever code or shell tries it.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("manual_versions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("manual_key", "text", (c) =>
      c.notNull().check(sql`manual_key in ('county', 'resource-centre', 'node', 'national')`),
    )
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn("title_sv", "text", (c) => c.notNull())
    .addColumn("title_en", "text", (c) => c.notNull())
    .addColumn("content_json", "text", (c) => c.notNull())
    .addColumn("checksum", "text", (c) => c.notNull())
    .addColumn("source_file", "text")
    .addColumn("criteria_count", "integer", (c) => c.notNull())
    .addColumn("published_at", "text")
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("manual_versions_key_version_uq", ["manual_key", "version"])
    .execute();

  await db.schema
    .createTable("manual_criteria")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("manual_version_id", "integer", (c) =>
      c.notNull().references("manual_versions.id").onDelete("cascade"),
    )
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("dimension_key", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("number", "text")
    .addColumn("demand", "text", (c) => c.notNull())
    .addColumn("text_sv", "text", (c) => c.notNull())
    .addColumn("text_en", "text", (c) => c.notNull())
    .addUniqueConstraint("manual_criteria_version_key_uq", ["manual_version_id", "key"])
    .execute();

  // Immutability of published versions (SQLite trigger syntax, see db/connection.ts).
  await sql`CREATE TRIGGER manual_versions_published_no_update BEFORE UPDATE ON manual_versions
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, 'published manual versions are immutable'); END`.execute(db);
  await sql`CREATE TRIGGER manual_versions_published_no_delete BEFORE DELETE ON manual_versions
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, 'published manual versions are immutable'); END`.execute(db);
  for (const [event, row] of [
    ["INSERT", "NEW"],
    ["UPDATE", "OLD"],
    ["DELETE", "OLD"],
  ] as const) {
    await sql
      .raw(
        `CREATE TRIGGER manual_criteria_published_no_${event.toLowerCase()} BEFORE ${event} ON manual_criteria
        WHEN (SELECT status FROM manual_versions WHERE id = ${row}.manual_version_id) = 'published'
        BEGIN SELECT RAISE(ABORT, 'published manual versions are immutable'); END`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("manual_criteria").execute();
  await db.schema.dropTable("manual_versions").execute();
}
