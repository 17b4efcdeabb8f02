/**
 * Stored renders of the review report PDF (decision 024, issue 8's "review PDF < 500 ms"): one row
 * per review, language and audience, with the key of everything the bytes came from (the printed
 * data and the code that draws it). A request whose key matches is answered with the stored bytes;
 * any other key renders again and replaces the row. A cache, not a record: nothing is audited and
 * deleting every row loses nothing. `blob` is SQLite's type (PostgreSQL: bytea).
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("review_pdf_renders")
    .addColumn("review_id", "integer", (c) => c.notNull().references("reviews.id").onDelete("cascade"))
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("audience", "text", (c) => c.notNull())
    .addColumn("render_key", "text", (c) => c.notNull())
    .addColumn("pdf", "blob", (c) => c.notNull())
    .addColumn("rendered_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("review_pdf_renders_pk", ["review_id", "locale", "audience"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("review_pdf_renders").execute();
}
