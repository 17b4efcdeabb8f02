/** Users and their roles. All SQL for users lives here. */
import { compiledOnce } from "#db/compiled-once";
import type { AppDatabase } from "#db/connection";
import type { Locale, Role, UnitKind } from "#db/schema";
import { hashPassword, verifyPassword } from "../auth/password.server";
import { writeAudit, type AuditContext } from "../audit/audit.server";

export interface CurrentUser {
  id: number;
  email: string;
  name: string;
  locale: Locale;
  roles: Role[];
  homeUnit: { id: number; kind: UnitKind; code: string; nameSv: string; nameEn: string };
}

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

/** Compiled once, as the roles below: every signed-in request reads its user (db/compiled-once.ts). */
const activeUserRow = compiledOnce((db, v: { userId: number }) =>
  db
    .selectFrom("users")
    .innerJoin("units", "units.id", "users.home_unit_id")
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.locale",
      "units.id as unitId",
      "units.kind as unitKind",
      "units.code as unitCode",
      "units.name_sv as unitNameSv",
      "units.name_en as unitNameEn",
    ])
    .where("users.id", "=", v.userId)
    .where("users.active", "=", 1),
);

const rolesOfUser = compiledOnce((db, v: { userId: number }) =>
  db.selectFrom("user_roles").innerJoin("roles", "roles.key", "user_roles.role").select("user_roles.role").where("user_id", "=", v.userId).orderBy("roles.sort_order"),
);

/** The signed-in user with roles and home unit, or null when unknown or deactivated. */
export async function getActiveUser(db: AppDatabase, userId: number): Promise<CurrentUser | null> {
  const row = await activeUserRow.executeTakeFirst(db, { userId });
  if (!row) return null;
  const roles = await rolesOfUser.execute(db, { userId });
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    locale: row.locale,
    roles: roles.map((r) => r.role),
    homeUnit: { id: row.unitId, kind: row.unitKind, code: row.unitCode, nameSv: row.unitNameSv, nameEn: row.unitNameEn },
  };
}

export async function findUserForSignIn(db: AppDatabase, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "password_hash", "active"])
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
}

export interface NewUserInput {
  email: string;
  name: string;
  homeUnitId: number;
  roles: Role[];
  password: string | null;
  locale?: Locale;
  /** May fill a team's user-representative seat (decision 021). */
  userRepresentative?: boolean;
}

export class DuplicateEmailError extends Error {}

export async function createUser(db: AppDatabase, input: NewUserInput, audit: AuditContext) {
  const email = normalizeEmail(input.email);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    if (existing) throw new DuplicateEmailError(email);
    const now = new Date().toISOString();
    const { id } = await trx
      .insertInto("users")
      .values({
        email,
        name: input.name.trim(),
        home_unit_id: input.homeUnitId,
        password_hash: passwordHash,
        locale: input.locale ?? "sv",
        user_representative: input.userRepresentative ? 1 : 0,
        created_at: now,
        updated_at: now,
        deactivated_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.roles.length > 0) {
      await trx
        .insertInto("user_roles")
        .values(input.roles.map((role) => ({ user_id: id, role })))
        .execute();
    }
    await writeAudit(trx, audit, {
      action: "user.create",
      entityType: "user",
      entityId: id,
      after: { email, name: input.name, homeUnitId: input.homeUnitId, roles: input.roles, userRepresentative: input.userRepresentative ?? false },
    });
    return id;
  });
}

export interface UserListRow {
  id: number;
  email: string;
  name: string;
  active: boolean;
  roles: Role[];
  homeUnitNameSv: string;
  homeUnitNameEn: string;
  version: number;
}

export async function listUsers(db: AppDatabase): Promise<UserListRow[]> {
  const rows = await db
    .selectFrom("users")
    .innerJoin("units", "units.id", "users.home_unit_id")
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.active",
      "users.version",
      "units.name_sv as homeUnitNameSv",
      "units.name_en as homeUnitNameEn",
    ])
    .orderBy("users.active", "desc")
    .orderBy("users.name")
    .execute();
  const roles = await db.selectFrom("user_roles").select(["user_id", "role"]).execute();
  return rows.map((row) => ({
    ...row,
    active: row.active === 1,
    roles: roles.filter((r) => r.user_id === row.id).map((r) => r.role),
  }));
}

export class StaleVersionError extends Error {}

/**
 * Deactivates or reactivates a user. Deactivation also ends every session of that user at once.
 * `expectedVersion` guards against two administrators acting on an outdated view.
 */
export async function setUserActive(
  db: AppDatabase,
  { userId, active, expectedVersion }: { userId: number; active: boolean; expectedVersion: number },
  audit: AuditContext,
) {
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const result = await trx
      .updateTable("users")
      .set((eb) => ({
        active: active ? 1 : 0,
        deactivated_at: active ? null : now,
        updated_at: now,
        version: eb("version", "+", 1),
      }))
      .where("id", "=", userId)
      .where("version", "=", expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new StaleVersionError();
    if (!active) await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    await writeAudit(trx, audit, {
      action: active ? "user.reactivate" : "user.deactivate",
      entityType: "user",
      entityId: userId,
      before: { active: !active },
      after: { active },
    });
  });
}

export async function setUserLocale(db: AppDatabase, userId: number, locale: Locale) {
  await db.updateTable("users").set({ locale }).where("id", "=", userId).execute();
}

export async function countUsers(db: AppDatabase) {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Changes a user's password after checking the current one, and ends every other session of
 * that user (a stolen session does not survive a password change).
 */
export async function changePassword(
  db: AppDatabase,
  { userId, currentPassword, newPassword, keepSessionId }: { userId: number; currentPassword: string; newPassword: string; keepSessionId: string | null },
  audit: AuditContext,
): Promise<"changed" | "wrong-password"> {
  const row = await db.selectFrom("users").select(["password_hash"]).where("id", "=", userId).executeTakeFirst();
  if (!row?.password_hash || !(await verifyPassword(currentPassword, row.password_hash))) return "wrong-password";
  const hash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set((eb) => ({ password_hash: hash, updated_at: new Date().toISOString(), version: eb("version", "+", 1) }))
      .where("id", "=", userId)
      .execute();
    let others = trx.deleteFrom("sessions").where("user_id", "=", userId);
    if (keepSessionId) others = others.where("id", "!=", keepSessionId);
    await others.execute();
    await writeAudit(trx, audit, { action: "user.password-change", entityType: "user", entityId: userId });
  });
  return "changed";
}
