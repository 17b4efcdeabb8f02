import { beforeEach, describe, expect, it } from "vitest";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { loader as startLoader } from "~/routes/_index";
import { action as accountAction } from "~/routes/account";
import { THROTTLE_POLICY } from "~/modules/auth/throttle";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { DEMO, callAction, callLoader, sessionCookieFor } from "../route";

beforeEach(() => {
  useFreshDatabase();
});

describe("sign-in", () => {
  it("signs in a demo account and returns to the page it asked for", async () => {
    const result = await callAction(loginAction, {
      path: "/login",
      form: { email: "Admin@Kollega.test ", password: "kollega-demo", redirectTo: "/admin/users" },
    });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/admin/users");
    const setCookie = result.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/kollega_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const start = await callLoader(startLoader, { cookie: setCookie.split(";")[0] });
    expect(start.status).toBe(200);
    expect(start.data.user.email).toBe(DEMO.admin);
  });

  it("answers a wrong password and an unknown email with the same generic error", async () => {
    const wrong = await callAction(loginAction, { form: { email: DEMO.admin, password: "fel-lösenord" } });
    const unknown = await callAction(loginAction, { form: { email: "ingen@kollega.test", password: "kollega-demo" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.data.error[""]).toEqual(["login.invalid"]);
    expect(unknown.data.error[""]).toEqual(["login.invalid"]);
  });

  it("refuses malformed and over-long fields with 400 and field errors", async () => {
    const malformed = await callAction(loginAction, { form: { email: "inte-en-adress", password: "x" } });
    expect(malformed.status).toBe(400);
    expect(malformed.data.error.email).toEqual(["form.invalidEmail"]);
    const long = await callAction(loginAction, { form: { email: `${"a".repeat(300)}@x.se`, password: "p".repeat(500) } });
    expect(long.status).toBe(400);
    expect(long.data.error.email).toEqual(["form.tooLong"]);
    expect(long.data.error.password).toEqual(["form.tooLong"]);
    const missing = await callAction(loginAction, { form: {} });
    expect(missing.status).toBe(400);
    expect(missing.data.error.email).toEqual(["form.required"]);
  });

  it("never redirects to another site after sign-in", async () => {
    const result = await callAction(loginAction, {
      form: { email: DEMO.admin, password: "kollega-demo", redirectTo: "//evil.example/x" },
    });
    expect(result.location).toBe("/");
  });

  it("throttles ten rapid wrong passwords for one account, even when the eleventh is right", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await callAction(loginAction, { form: { email: DEMO.reviewer, password: `fel-${i}` } })).status);
    }
    expect(statuses.slice(0, THROTTLE_POLICY.maxAccountFailures)).toEqual(Array(THROTTLE_POLICY.maxAccountFailures).fill(401));
    expect(statuses.slice(THROTTLE_POLICY.maxAccountFailures).every((s) => s === 429)).toBe(true);
    const right = await callAction(loginAction, { form: { email: DEMO.reviewer, password: "kollega-demo" } });
    expect(right.status).toBe(429);
    expect(right.data.error[""]).toEqual(["login.throttled"]);
    // Another account from the same address is not locked out by one account's failures.
    const other = await callAction(loginAction, { form: { email: DEMO.editor, password: "kollega-demo" } });
    expect(other.status).toBe(302);
  });

  it("redirects an anonymous request to sign-in with the way back", async () => {
    const result = await callLoader(startLoader, { path: "/" });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/login");
  });

  it("treats an expired session as no session", async () => {
    const cookie = await sessionCookieFor(DEMO.coordinator);
    await getDb().updateTable("sessions").set({ expires_at: "2000-01-01T00:00:00.000Z" }).execute();
    const result = await callLoader(startLoader, { cookie, path: "/?x=1" });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/login?redirectTo=%2F%3Fx%3D1");
    const left = await getDb().selectFrom("sessions").select("id").execute();
    expect(left).toHaveLength(0);
  });

  it("ignores a forged or tampered session cookie", async () => {
    const result = await callLoader(startLoader, { cookie: "kollega_session=forged.value" });
    expect(result.status).toBe(302);
  });

  it("signs out: the session row is gone and the cookie is cleared", async () => {
    const cookie = await sessionCookieFor(DEMO.advisor);
    const result = await callAction(logoutAction, { cookie });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/login");
    expect(result.headers.get("Set-Cookie")).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    const after = await callLoader(startLoader, { cookie });
    expect(after.status).toBe(302);
  });

  it("shows the demo accounts on the sign-in page only in demo mode", async () => {
    const demo = await callLoader(loginLoader, { path: "/login" });
    expect(demo.data.demoAccounts).toHaveLength(9);
  });
});

describe("password change", () => {
  it("changes the password, keeps this session and ends the others", async () => {
    const here = await sessionCookieFor(DEMO.editor);
    const elsewhere = await sessionCookieFor(DEMO.editor);
    const result = await callAction(accountAction, {
      cookie: here,
      form: { currentPassword: "kollega-demo", newPassword: "ett-nytt-langt-losenord", confirmPassword: "ett-nytt-langt-losenord" },
    });
    expect(result.status).toBe(200);
    expect(result.data.changed).toBe(true);
    expect((await callLoader(startLoader, { cookie: here })).status).toBe(200);
    expect((await callLoader(startLoader, { cookie: elsewhere })).status).toBe(302);
    expect((await callAction(loginAction, { form: { email: DEMO.editor, password: "kollega-demo" } })).status).toBe(401);
    expect((await callAction(loginAction, { form: { email: DEMO.editor, password: "ett-nytt-langt-losenord" } })).status).toBe(302);
  });

  it("refuses a wrong current password, a short or mismatched new one, and changes nothing", async () => {
    const cookie = await sessionCookieFor(DEMO.advisor);
    const wrong = await callAction(accountAction, { cookie, form: { currentPassword: "fel", newPassword: "ett-nytt-langt-losenord", confirmPassword: "ett-nytt-langt-losenord" } });
    expect(wrong.status).toBe(400);
    expect(wrong.data.error.currentPassword).toEqual(["account.wrongPassword"]);
    const short = await callAction(accountAction, { cookie, form: { currentPassword: "kollega-demo", newPassword: "kort", confirmPassword: "annat" } });
    expect(short.status).toBe(400);
    expect(short.data.error.newPassword).toEqual(["form.passwordTooShort"]);
    const mismatch = await callAction(accountAction, { cookie, form: { currentPassword: "kollega-demo", newPassword: "ett-nytt-langt-losenord", confirmPassword: "ett-annat-langt-losenord" } });
    expect(mismatch.data.error.confirmPassword).toEqual(["account.passwordMismatch"]);
    expect((await callAction(loginAction, { form: { email: DEMO.advisor, password: "kollega-demo" } })).status).toBe(302);
  });
});
