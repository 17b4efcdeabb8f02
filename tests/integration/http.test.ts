/** Through real HTTP: headers, the cross-origin guard, sign-in and sign-out, health, errors. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loader as healthLoader } from "~/routes/healthz";
import { closeDb } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { callLoader } from "../route";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, httpSignIn, type RunningServer } from "../server";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

function form(values: Record<string, string>) {
  return new URLSearchParams(values);
}

describe("security headers", () => {
  it("sends a CSP with a per-request nonce that the page's scripts carry, and no inline-script allowance", async () => {
    const first = await fetch(`${server.url}/login`);
    const second = await fetch(`${server.url}/login`);
    const csp = first.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("same-origin");
    expect(first.headers.get("x-powered-by")).toBeNull();
  });
});

describe("cross-origin writes", () => {
  it("refuses a forged cross-origin sign-in POST with 403 and records nothing", async () => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: form({ email: "admin@kollega.test", password: "kollega-demo" }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await response.text()).toContain("Förfrågan nekad");
  });

  it("refuses a cross-site POST that carries only Sec-Fetch-Site, and an opaque origin", async () => {
    const cookie = await httpSignIn(server.url, "admin@kollega.test");
    for (const headers of [{ "Sec-Fetch-Site": "cross-site" }, { Origin: "null" }] as Record<string, string>[]) {
      const response = await fetch(`${server.url}/logout`, { method: "POST", redirect: "manual", headers: { ...headers, Cookie: cookie } });
      expect(response.status).toBe(403);
    }
    // The session survived the forged sign-outs.
    const start = await fetch(`${server.url}/`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(start.status).toBe(200);
  });
});

describe("sign-in over HTTP", () => {
  it("signs in, keeps the session, signs out and ends it", async () => {
    const cookie = await httpSignIn(server.url, "nationell@kollega.test");
    const start = await fetch(`${server.url}/`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(start.status).toBe(200);
    expect(await start.text()).toContain("Nora Nationell");
    const logout = await fetch(`${server.url}/logout`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: server.url } });
    expect(logout.status).toBe(302);
    const after = await fetch(`${server.url}/`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toBe("/login");
  });

  it("answers a wrong password with 401 and the generic message, never a 500", async () => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: form({ email: "radgivare@kollega.test", password: "fel" }),
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("Fel e-postadress eller lösenord.");
  });

  it("answers a huge or garbled body with 4xx", async () => {
    const huge = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: form({ email: "x".repeat(100_000), password: "y" }),
    });
    expect(huge.status).toBe(400);
    const garbled = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { Origin: server.url, "Content-Type": "multipart/form-data; boundary=nope" },
      body: "--broken",
    });
    expect(garbled.status).toBeGreaterThanOrEqual(400);
    expect(garbled.status).toBeLessThan(500);
  });
});

describe("pages and health", () => {
  it("reports health with the database reachable", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "ok" });
  });

  it("shows a 404 page to a signed-in user and sends anonymous users to sign in", async () => {
    const anonymous = await fetch(`${server.url}/finns-inte`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe("/login?redirectTo=%2Ffinns-inte");
    const cookie = await httpSignIn(server.url, "redaktor@kollega.test");
    const page = await fetch(`${server.url}/finns-inte`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).toContain("Sidan finns inte");
    expect(html).not.toMatch(/at \w+ \(|node_modules/);
  });

  it("answers 403 to a role opening administration", async () => {
    const cookie = await httpSignIn(server.url, "granskare.skane@kollega.test");
    const page = await fetch(`${server.url}/admin/users`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(403);
    expect(await page.text()).toContain("Åtkomst nekad");
  });
});

describe("health when the database is unreachable", () => {
  it("answers 503 instead of failing", async () => {
    closeDb();
    // A path below a regular file cannot be created or opened.
    const blocker = path.join(os.tmpdir(), `kollega-blocker-${process.pid}`);
    fs.writeFileSync(blocker, "not a directory");
    process.env.DATABASE_PATH = path.join(blocker, "kollega.sqlite");
    resetEnvCache();
    const result = await callLoader(healthLoader);
    expect(result.status).toBe(503);
    expect(result.data).toEqual({ status: "unavailable", database: "error" });
  });
});

describe("an unexpected server error in production", () => {
  it("answers 500 with the plain error page: no stack trace, no SQL error, no file paths", async () => {
    const own = await startServer();
    try {
      const cookie = await httpSignIn(own.url, "redaktor@kollega.test");
      // Break the database under the running server: every signed-in request now fails inside.
      const SQLite = (await import("better-sqlite3")).default;
      const sqlite = new SQLite(own.databasePath);
      sqlite.exec("ALTER TABLE user_roles RENAME TO user_roles_gone");
      sqlite.close();
      for (const url of ["/", "/manuals", "/_root.data"]) {
        const response = await fetch(`${own.url}${url}`, { headers: { Cookie: cookie } });
        expect(response.status, url).toBe(500);
        const body = await response.text();
        expect(body, url).not.toMatch(/SqliteError|no such table|user_roles|at \w+ \(|node_modules|\/app\/|\.tsx?:\d+/);
        if (url !== "/_root.data") expect(body).toContain("Något gick fel");
      }
    } finally {
      await own.stop();
    }
  }, 60_000);
});
