/** Demo mode versus a real installation, and the administrator created from the command line. */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import SQLite from "better-sqlite3";
import { openDatabase } from "#db/connection";
import { prepareDatabase } from "#db/prepare";
import { ARTIFACTS_DIR } from "../setup/paths";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { freshDatabasePath } from "../db";

function emptyDatabasePath() {
  return path.join(ARTIFACTS_DIR, "db", `${randomUUID()}.sqlite`);
}

describe("installation modes", () => {
  it("seeds reference data idempotently and no demo account outside demo mode", async () => {
    const { db, sqlite } = openDatabase(emptyDatabasePath());
    await prepareDatabase(db, { demo: false });
    await prepareDatabase(db, { demo: false });
    const units = sqlite.prepare("select kind, count(*) as n from units group by kind order by kind").all();
    expect(units).toEqual([
      { kind: "county", n: 21 },
      { kind: "national", n: 1 },
      { kind: "node", n: 6 },
      { kind: "resource_centre", n: 6 },
    ]);
    expect(sqlite.prepare("select count(*) as n from users").get()).toEqual({ n: 0 });
    expect(sqlite.prepare("select count(*) as n from county_healthcare_regions").get()).toEqual({ n: 22 });
    sqlite.close();
  });

  it("deactivates demo accounts when a demo database is started outside demo mode", async () => {
    const { db, sqlite } = openDatabase(freshDatabasePath());
    const result = await prepareDatabase(db, { demo: false });
    expect(result.demoUsersDeactivated).toBe(9);
    expect(sqlite.prepare("select count(*) as n from users where active = 1").get()).toEqual({ n: 0 });
    sqlite.close();
  });

  it("creates an administrator with `npm run user:create` and refuses bad arguments", () => {
    const databasePath = emptyDatabasePath();
    const env = { ...process.env, DATABASE_PATH: databasePath, KOLLEGA_DEMO: "0", SESSION_SECRET: "s".repeat(40), KOLLEGA_PASSWORD: "ett-riktigt-bra-losenord" };
    const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/user-create.ts", "--email", "it@region.se", "--name", "IT Admin"], { env, encoding: "utf8" });
    expect(out).toMatch(/Skapade användare/);
    const sqlite = new SQLite(databasePath);
    const row = sqlite.prepare("select u.email, r.role, un.code from users u join user_roles r on r.user_id = u.id join units un on un.id = u.home_unit_id").get();
    expect(row).toEqual({ email: "it@region.se", role: "admin", code: "NAT" });
    sqlite.close();
    let failed = false;
    try {
      execFileSync(process.execPath, ["--import", "tsx", "scripts/user-create.ts", "--email", "inte-en-adress", "--name", "X"], { env, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      failed = true;
      expect((error as { status: number }).status).toBe(2);
    }
    expect(failed).toBe(true);
  });
});
