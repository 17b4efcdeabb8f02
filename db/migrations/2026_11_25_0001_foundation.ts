/**
 * Foundation: organisational units, healthcare regions, users with roles, sessions, sign-in
 * attempts, the audit log and instance settings. Migrations use Kysely<any> and no app imports so
 * they keep working whatever the app's types become.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("healthcare_regions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name_sv", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("units")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("kind", "text", (c) =>
      c.notNull().check(sql`kind in ('county', 'resource_centre', 'node', 'national')`),
    )
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("letter", "text")
    .addColumn("name_sv", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("kolada_id", "text", (c) => c.unique())
    .addColumn("host_county_id", "integer", (c) => c.references("units.id"))
    .addColumn("host_organisation", "text")
    .addColumn("healthcare_region_id", "integer", (c) => c.references("healthcare_regions.id"))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("units_kind_idx").on("units").column("kind").execute();

  await db.schema
    .createTable("county_healthcare_regions")
    .addColumn("county_id", "integer", (c) => c.notNull().references("units.id").onDelete("cascade"))
    .addColumn("healthcare_region_id", "integer", (c) =>
      c.notNull().references("healthcare_regions.id").onDelete("cascade"),
    )
    .addColumn("part_sv", "text")
    .addColumn("part_en", "text")
    .addPrimaryKeyConstraint("county_healthcare_regions_pk", ["county_id", "healthcare_region_id"])
    .execute();

  await db.schema
    .createTable("node_counties")
    .addColumn("node_id", "integer", (c) => c.notNull().references("units.id").onDelete("cascade"))
    .addColumn("county_id", "integer", (c) => c.notNull().references("units.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("node_counties_pk", ["node_id", "county_id"])
    .execute();

  await db.schema
    .createTable("roles")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("sort_order", "integer", (c) => c.notNull())
    .execute();
  await db
    .insertInto("roles")
    .values(
      ["admin", "editor", "coordinator", "advisor", "reviewer", "unit_contact"].map((key, i) => ({
        key,
        sort_order: i,
      })),
    )
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("home_unit_id", "integer", (c) => c.notNull().references("units.id"))
    .addColumn("password_hash", "text")
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("sv").check(sql`locale in ('sv', 'en')`))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("deactivated_at", "text")
    .execute();

  await db.schema
    .createTable("user_roles")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull().references("roles.key"))
    .addPrimaryKeyConstraint("user_roles_pk", ["user_id", "role"])
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();
  await db.schema.createIndex("sessions_expires_idx").on("sessions").column("expires_at").execute();

  await db.schema
    .createTable("login_attempts")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("attempted_at", "text", (c) => c.notNull())
    .addColumn("succeeded", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("login_attempts_email_idx")
    .on("login_attempts")
    .columns(["email", "attempted_at"])
    .execute();
  await db.schema
    .createIndex("login_attempts_ip_idx")
    .on("login_attempts")
    .columns(["ip", "attempted_at"])
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_user_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", "text")
    .addColumn("before_json", "text")
    .addColumn("after_json", "text")
    .addColumn("ip", "text")
    .execute();
  await db.schema
    .createIndex("audit_log_entity_idx")
    .on("audit_log")
    .columns(["entity_type", "entity_id"])
    .execute();

  // The audit log is append-only, enforced by the database so that no code path (or a person
  // with a SQL shell) can rewrite history. SQLite trigger syntax; a PostgreSQL deployment needs
  // the equivalent rule or trigger.
  await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);

  await db.schema
    .createTable("settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "settings",
    "audit_log",
    "login_attempts",
    "sessions",
    "user_roles",
    "users",
    "roles",
    "node_counties",
    "county_healthcare_regions",
    "units",
    "healthcare_regions",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
