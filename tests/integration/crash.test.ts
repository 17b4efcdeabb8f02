/**
 * Killing the server with SIGKILL in the middle of sign-ins (each writes an attempt, a session and
 * an audit entry) must leave a database that passes integrity_check and that the next start
 * accepts. Bounded: three rounds of a fixed number of requests.
 */
import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { freshDatabasePath } from "../db";
import { startServer } from "../server";

const ACCOUNTS = ["admin@kollega.test", "redaktor@kollega.test", "nationell@kollega.test", "radgivare@kollega.test"];

describe("crash safety", () => {
  it("survives SIGKILL during concurrent sign-ins, three times over", async () => {
    const databasePath = freshDatabasePath();
    let acknowledgedSessions = 0;
    for (let round = 0; round < 3; round++) {
      const server = await startServer({ databasePath });
      let succeeded = 0;
      let onProgress = () => {};
      const requests = Array.from({ length: 60 }, (_, i) =>
        fetch(`${server.url}/login`, {
          method: "POST",
          redirect: "manual",
          headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ email: ACCOUNTS[i % ACCOUNTS.length]!, password: "kollega-demo" }),
        })
          .then((r) => {
            if (r.status !== 302) return 0;
            succeeded++;
            onProgress();
            return 1;
          })
          .catch(() => 0),
      );
      // Let some sign-ins complete, then kill the server while the others are in flight.
      await new Promise<void>((resolve) => {
        onProgress = () => succeeded >= 5 && resolve();
      });
      server.process.kill("SIGKILL");
      await new Promise((r) => server.process.once("exit", r));
      acknowledgedSessions += (await Promise.all(requests)).reduce((a, b) => a + b, 0);

      const db = new SQLite(databasePath);
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.pragma("foreign_key_check")).toEqual([]);
      const sessions = (db.prepare("select count(*) as n from sessions").get() as { n: number }).n;
      db.close();
      // Every sign-in the client saw succeed has its session row: acknowledged writes are durable.
      expect(sessions).toBeGreaterThanOrEqual(acknowledgedSessions);
    }
    expect(acknowledgedSessions).toBeGreaterThan(0);
  }, 120_000);
});
