/**
 * db/maintenance.ts, the code behind `npm run db:backup` and `npm run db:restore`: the backup is a
 * checked, complete copy under its final name only; the restore refuses what it must (a damaged
 * file, a file that is not a Kollega database, a database in use) and keeps the file it replaced.
 * The same commands under load: tests/integration/reliability.test.ts.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { backupDatabase, fingerprintDatabase, MaintenanceError, restoreDatabase, withReadOnlyDatabase } from "#db/maintenance";
import { freshDatabasePath } from "../db";

function scratch(name: string) {
  return path.join(path.dirname(freshDatabasePath()), `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`);
}

describe("db:backup and db:restore", () => {
  it("backs up a database in use into a new file with the same rows and content hash", () => {
    const source = freshDatabasePath();
    const live = new SQLite(source);
    live.pragma("journal_mode = WAL");
    live.prepare("insert into settings (key, value) values (?, ?)").run("backup-test", "före");
    const target = scratch("backup.sqlite");
    const result = backupDatabase(source, target);
    expect(result.integrity).toBe("ok");
    expect(fs.readdirSync(path.dirname(target)).filter((f) => f.includes(`${path.basename(target)}.partial`))).toEqual([]);
    expect(result.fingerprint).toEqual(fingerprintDatabase(live));
    expect(result.fingerprint.tables.users!.rows).toBeGreaterThan(0);
    // A later change is not in the copy: it is the database as of one moment.
    live.prepare("update settings set value = ? where key = ?").run("efter", "backup-test");
    expect(withReadOnlyDatabase(target, (copy) => copy.prepare("select value from settings where key = ?").get("backup-test"))).toEqual({ value: "före" });
    live.close();
    expect(() => backupDatabase(source, target)).toThrow(MaintenanceError);
  });

  it("restores a backup over a stopped database atomically and keeps the replaced file", () => {
    const database = freshDatabasePath();
    const backup = scratch("backup.sqlite");
    backupDatabase(database, backup);
    const changed = new SQLite(database);
    changed.prepare("delete from login_attempts").run();
    changed.prepare("insert into settings (key, value) values ('after-backup', '1')").run();
    const changedFingerprint = fingerprintDatabase(changed);
    changed.close();

    const result = restoreDatabase(backup, database, new Date("2026-12-01T10:00:00Z"));
    expect(result.previous).toBe(`${path.resolve(database)}.before-restore-2026-12-01T10-00-00.000Z`);
    expect(withReadOnlyDatabase(database, fingerprintDatabase)).toEqual(withReadOnlyDatabase(backup, fingerprintDatabase));
    expect(withReadOnlyDatabase(result.previous!, fingerprintDatabase).sha256).toBe(changedFingerprint.sha256);
    expect(fs.existsSync(`${database}-wal`)).toBe(false);
  });

  it("refuses while another connection has the database open, and leaves it as it was", () => {
    const database = freshDatabasePath();
    const backup = scratch("backup.sqlite");
    backupDatabase(database, backup);
    const server = new SQLite(database);
    server.pragma("journal_mode = WAL");
    server.prepare("insert into settings (key, value) values ('in-use', '1')").run();
    const before = fingerprintDatabase(server);
    expect(() => restoreDatabase(backup, database)).toThrow(/används/);
    expect(fingerprintDatabase(server)).toEqual(before);
    server.close();
  });

  it("refuses a damaged file and a file that is not a Kollega database", () => {
    const database = freshDatabasePath();
    const damaged = scratch("damaged.sqlite");
    const bytes = fs.readFileSync(database);
    // Overwrite pages in the middle of the file (the header stays valid, the b-trees do not).
    bytes.fill(0x5a, 8192, Math.min(bytes.length, 8192 * 6));
    fs.writeFileSync(damaged, bytes);
    expect(() => restoreDatabase(damaged, database)).toThrow(MaintenanceError);

    const foreign = scratch("foreign.sqlite");
    const other = new SQLite(foreign);
    other.exec("create table notes (text)");
    other.close();
    expect(() => restoreDatabase(foreign, database)).toThrow(/ingen Kollega-databas/);
    expect(() => restoreDatabase(scratch("missing.sqlite"), database)).toThrow(/finns inte/);
    const noise = scratch("noise.sqlite");
    fs.writeFileSync(noise, Buffer.alloc(4096, 0x41));
    expect(() => restoreDatabase(noise, database)).toThrow(/går inte att läsa/);
  });

  it("the commands print what they did, exit non-zero on refusal and need no server secrets", async () => {
    const database = freshDatabasePath();
    const backup = scratch("cli-backup.sqlite");
    const run = (script: string, args: string[]) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { env: { ...process.env, DATABASE_PATH: database, KOLLEGA_DEMO: "0", SESSION_SECRET: "" }, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (c) => (output += c));
        child.stderr.on("data", (c) => (output += c));
        child.on("exit", (code) => resolve({ code, output }));
      });
    const made = await run("scripts/db-backup.ts", ["--out", backup]);
    expect(made.code, made.output).toBe(0);
    expect(made.output).toContain(withReadOnlyDatabase(backup, fingerprintDatabase).sha256);
    const again = await run("scripts/db-backup.ts", ["--out", backup]);
    expect(again.code).toBe(1);
    expect(again.output).toContain("finns redan");
    const restored = await run("scripts/db-restore.ts", [backup]);
    expect(restored.code, restored.output).toBe(0);
    expect(restored.output).toContain(withReadOnlyDatabase(backup, fingerprintDatabase).sha256);
    const noArgument = await run("scripts/db-restore.ts", []);
    expect(noArgument.code).toBe(2);
  }, 60_000);
});
