/**
 * The append-only audit log: who did what, when, with before and after. Written inside the same
 * transaction as the change it records, so a change without its entry cannot happen.
 */
import type { Insertable, Kysely } from "kysely";
import { compiledOnce } from "#db/compiled-once";
import type { AuditLogTable, Database } from "#db/schema";

export interface AuditContext {
  actorUserId: number | null;
  ip?: string | null;
}

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Compiled once: every change in the app writes one (db/compiled-once.ts). */
const insertAuditEntry = compiledOnce((db, v: Required<Omit<Insertable<AuditLogTable>, "id">>) => db.insertInto("audit_log").values(v));

export async function writeAudit(db: Kysely<Database>, context: AuditContext, event: AuditEvent) {
  await insertAuditEntry.execute(db, {
    at: new Date().toISOString(),
    actor_user_id: context.actorUserId,
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId == null ? null : String(event.entityId),
    before_json: event.before === undefined ? null : JSON.stringify(event.before),
    after_json: event.after === undefined ? null : JSON.stringify(event.after),
    ip: context.ip ?? null,
  });
}

export async function listAuditEntries(
  db: Kysely<Database>,
  { entityType, entityId, limit = 100 }: { entityType?: string; entityId?: string; limit?: number } = {},
) {
  let query = db.selectFrom("audit_log").selectAll().orderBy("id", "desc").limit(limit);
  if (entityType) query = query.where("entity_type", "=", entityType);
  if (entityId) query = query.where("entity_id", "=", entityId);
  return query.execute();
}
