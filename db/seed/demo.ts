/**
 * Demo accounts. Seeded only into a database without users and only in demo mode; outside demo
 * mode any demo account left from an earlier demo run is deactivated so it cannot sign in.
 */
import type { Kysely } from "kysely";
import { hashPassword } from "~/modules/auth/password.server";
import type { Database } from "../schema";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-users";

export const DEMO_EMAIL_DOMAIN = "@kollega.test";

export async function seedDemoUsers(db: Kysely<Database>): Promise<boolean> {
  const existing = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  if (existing) return false;
  const units = new Map((await db.selectFrom("units").select(["id", "code"]).execute()).map((u) => [u.code, u.id]));
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const [i, user] of DEMO_USERS.entries()) {
      const { id } = await trx
        .insertInto("users")
        .values({
          email: user.email,
          name: user.name,
          home_unit_id: units.get(user.homeUnit)!,
          password_hash: hashes[i]!,
          created_at: now,
          updated_at: now,
          deactivated_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("user_roles").values({ user_id: id, role: user.role }).execute();
    }
  });
  return true;
}

export async function deactivateDemoUsers(db: Kysely<Database>): Promise<number> {
  const now = new Date().toISOString();
  const result = await db
    .updateTable("users")
    .set({ active: 0, deactivated_at: now, updated_at: now })
    .where("email", "like", `%${DEMO_EMAIL_DOMAIN}`)
    .where("active", "=", 1)
    .executeTakeFirst();
  await db
    .deleteFrom("sessions")
    .where("user_id", "in", db.selectFrom("users").select("id").where("email", "like", `%${DEMO_EMAIL_DOMAIN}`))
    .execute();
  return Number(result.numUpdatedRows);
}
