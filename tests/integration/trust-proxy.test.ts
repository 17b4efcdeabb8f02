/**
 * Behind a reverse proxy (TRUST_PROXY, README): the client's address comes from X-Forwarded-For,
 * for sign-in throttling and the audit log, on pages and on the JSON autosave alike (which then
 * goes through Express, app/server/http.ts). Without TRUST_PROXY the header is not believed:
 * scoring-autosave-http.test.ts and auth.test.ts run that server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../db";
import { createReviewFixture, type ReviewFixture } from "../factories";
import { DEMO } from "../route";
import { startServer, type RunningServer } from "../server";
import { getDb } from "~/utils/db.server";

let server: RunningServer;
let review: ReviewFixture;

beforeAll(async () => {
  const { path } = useFreshDatabase();
  review = await createReviewFixture({ stage: "analysis" });
  server = await startServer({ databasePath: path, env: { TRUST_PROXY: "1" } });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

async function signInFrom(client: string, password: string) {
  return fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": client },
    body: new URLSearchParams({ email: DEMO.reviewerSkane, password }),
  });
}

describe("behind a reverse proxy (TRUST_PROXY=1)", () => {
  it("records the forwarded client on sign-in attempts and on an autosave's audit entry", async () => {
    expect((await signInFrom("198.51.100.4", "fel lösenord")).status).toBe(401);
    const signedIn = await signInFrom("203.0.113.7", "kollega-demo");
    expect(signedIn.status).toBe(302);
    const attempts = await getDb().selectFrom("login_attempts").select(["ip", "succeeded"]).where("email", "=", DEMO.reviewerSkane).orderBy("id").execute();
    expect(attempts).toEqual([
      { ip: "198.51.100.4", succeeded: 0 },
      { ip: "203.0.113.7", succeeded: 1 },
    ]);

    const id = review.criteria[0]!.id;
    const body = new URLSearchParams({ intent: "save", criterionId: String(id), [`score-${id}`]: "2", [`rationale-${id}`]: "Bakom proxy.", [`version-${id}`]: "0" });
    const saved = await fetch(`${server.url}/reviews/${review.reviewId}/scoring/autosave`, {
      method: "POST",
      headers: {
        Origin: server.url,
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
        Cookie: signedIn.headers.get("set-cookie")!.split(";")[0]!,
        "X-Forwarded-For": "203.0.113.7",
      },
      body,
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ ok: true, saved: [{ criterionId: id, version: 1 }] });
    // The same headers as on the fast path: the data policy replaces the page's.
    expect(saved.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(saved.headers.get("x-frame-options")).toBe("DENY");
    const audit = await getDb().selectFrom("audit_log").select("ip").where("action", "=", "review.score.save").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(audit.ip).toBe("203.0.113.7");
  });

  it("still refuses a cross-origin autosave", async () => {
    const refused = await fetch(`${server.url}/reviews/${review.reviewId}/scoring/autosave`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "intent=save",
    });
    expect(refused.status).toBe(403);
  });
});
