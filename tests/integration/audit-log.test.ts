import { beforeEach, describe, expect, it } from "vitest";
import { writeAudit } from "~/modules/audit/audit.server";
import { getDb, getSqlite } from "~/utils/db.server";
import { useFreshDatabase } from "../db";

beforeEach(() => {
  useFreshDatabase();
});

describe("audit log", () => {
  it("is append-only: UPDATE and DELETE are refused by the database", async () => {
    await writeAudit(getDb(), { actorUserId: null, ip: "127.0.0.1" }, { action: "test.event", entityType: "test", entityId: 1, after: { ok: true } });
    const sqlite = getSqlite();
    expect(() => sqlite.prepare("update audit_log set action = 'forged'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare("delete from audit_log").run()).toThrow(/append-only/);
    const rows = sqlite.prepare("select action, after_json from audit_log").all();
    expect(rows).toEqual([{ action: "test.event", after_json: '{"ok":true}' }]);
  });
});
