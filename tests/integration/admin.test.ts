import { beforeEach, describe, expect, it } from "vitest";
import * as usersIndex from "~/routes/admin.users._index";
import * as usersNew from "~/routes/admin.users.new";
import * as unitsIndex from "~/routes/admin.units._index";
import * as unitEdit from "~/routes/admin.units.$unitId";
import { loader as startLoader } from "~/routes/_index";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { DEMO, callAction, callLoader, sessionCookieFor } from "../route";

beforeEach(() => {
  useFreshDatabase();
});

async function userByEmail(email: string) {
  return getDb().selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
}
async function unitByCode(code: string) {
  return getDb().selectFrom("units").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
}

const NON_ADMINS = [DEMO.editor, DEMO.coordinator, DEMO.advisor, DEMO.reviewer, DEMO.unitContact];

describe("administration is for administrators only", () => {
  it("answers 403 to every other role and sends anonymous users to sign in", async () => {
    const stockholm = await unitByCode("01");
    const routes: { loader: (args: any) => unknown; action?: (args: any) => unknown; path: string; params: Record<string, string> }[] = [
      { loader: usersIndex.loader, action: usersIndex.action, path: "/admin/users", params: {} },
      { loader: usersNew.loader, action: usersNew.action, path: "/admin/users/new", params: {} },
      { loader: unitsIndex.loader, path: "/admin/units", params: {} },
      { loader: unitEdit.loader, action: unitEdit.action, path: `/admin/units/${stockholm.id}`, params: { unitId: String(stockholm.id) } },
    ];
    for (const route of routes) {
      for (const email of NON_ADMINS) {
        expect((await callLoader(route.loader, { as: email, path: route.path, params: route.params })).status).toBe(403);
        if (route.action) {
          expect((await callAction(route.action, { as: email, path: route.path, params: route.params, form: { x: "1" } })).status).toBe(403);
        }
      }
      const anonymous = await callLoader(route.loader, { path: route.path, params: route.params });
      expect(anonymous.status).toBe(302);
      expect(anonymous.location).toContain("/login?redirectTo=");
      expect((await callLoader(route.loader, { as: DEMO.admin, path: route.path, params: route.params })).status).toBe(200);
    }
    const before = await unitByCode("01");
    expect(before.version).toBe(stockholm.version);
  });
});

describe("users", () => {
  it("lists every demo account with roles and home unit", async () => {
    const result = await callLoader(usersIndex.loader, { as: DEMO.admin });
    expect(result.data.users).toHaveLength(9);
    const reviewer = result.data.users.find((u: { email: string }) => u.email === DEMO.reviewer);
    expect(reviewer.roles).toEqual(["reviewer"]);
    expect(reviewer.homeUnitNameSv).toBe("Region Stockholm");
  });

  it("creates a user who can then sign in, and audits it", async () => {
    const nat = await unitByCode("NAT");
    const result = await callAction(usersNew.action, {
      as: DEMO.admin,
      form: { name: "Greta Granskare", email: "greta@region.se", homeUnitId: String(nat.id), roles: ["reviewer", "editor"], password: "ett-langt-losenord" },
    });
    expect(result.status).toBe(302);
    const created = await userByEmail("greta@region.se");
    const roles = await getDb().selectFrom("user_roles").select("role").where("user_id", "=", created.id).execute();
    expect(roles.map((r) => r.role).sort()).toEqual(["editor", "reviewer"]);
    const audit = await getDb().selectFrom("audit_log").selectAll().where("action", "=", "user.create").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!).email).toBe("greta@region.se");
    expect(audit.after_json).not.toContain("ett-langt-losenord");
  });

  it("refuses bad input with field errors and saves nothing", async () => {
    const countBefore = (await getDb().selectFrom("users").select("id").execute()).length;
    const bad = await callAction(usersNew.action, {
      as: DEMO.admin,
      form: { name: "", email: "nej", homeUnitId: "abc", roles: ["superuser"], password: "kort" },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.error.name).toEqual(["form.required"]);
    expect(bad.data.error.email).toEqual(["form.invalidEmail"]);
    expect(bad.data.error.password).toEqual(["form.passwordTooShort"]);
    expect(bad.data.error["roles[0]"] ?? bad.data.error.roles).toBeTruthy();
    const unknownUnit = await callAction(usersNew.action, {
      as: DEMO.admin,
      form: { name: "X", email: "x@y.se", homeUnitId: "999999", roles: ["reviewer"] },
    });
    expect(unknownUnit.status).toBe(400);
    expect(unknownUnit.data.error.homeUnitId).toEqual(["form.invalidValue"]);
    const duplicate = await callAction(usersNew.action, {
      as: DEMO.admin,
      form: { name: "X", email: DEMO.editor.toUpperCase(), homeUnitId: String((await unitByCode("NAT")).id), roles: ["reviewer"] },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.data.error.email).toEqual(["admin.users.duplicateEmail"]);
    expect((await getDb().selectFrom("users").select("id").execute()).length).toBe(countBefore);
  });

  it("deactivating a user ends their sessions at once; a stale second click is refused", async () => {
    const target = await userByEmail(DEMO.reviewerSkane);
    const targetCookie = await sessionCookieFor(DEMO.reviewerSkane);
    expect((await callLoader(startLoader, { cookie: targetCookie })).status).toBe(200);
    const form = { intent: "deactivate", userId: String(target.id), version: String(target.version) };
    const first = await callAction(usersIndex.action, { as: DEMO.admin, form });
    expect(first.status).toBe(200);
    expect(first.data.ok).toBe(true);
    expect((await callLoader(startLoader, { cookie: targetCookie })).status).toBe(302);
    const stale = await callAction(usersIndex.action, { as: DEMO.admin, form: { ...form, intent: "reactivate" } });
    expect(stale.status).toBe(409);
    expect((await userByEmail(DEMO.reviewerSkane)).active).toBe(0);
  });

  it("does not let an administrator deactivate their own account", async () => {
    const admin = await userByEmail(DEMO.admin);
    const result = await callAction(usersIndex.action, {
      as: DEMO.admin,
      form: { intent: "deactivate", userId: String(admin.id), version: String(admin.version) },
    });
    expect(result.status).toBe(400);
    expect((await userByEmail(DEMO.admin)).active).toBe(1);
  });

  it("answers 400 to a malformed activation request", async () => {
    const result = await callAction(usersIndex.action, { as: DEMO.admin, form: { intent: "drop table", userId: "x" } });
    expect(result.status).toBe(400);
  });
});

describe("units", () => {
  it("holds the reference data: 21 counties, 6 resource centres, nodes and the national level", async () => {
    const { data } = await callLoader(unitsIndex.loader, { as: DEMO.admin });
    const byKind = (kind: string) => data.units.filter((u: { kind: string }) => u.kind === kind);
    expect(byKind("county")).toHaveLength(21);
    expect(byKind("resource_centre")).toHaveLength(6);
    expect(byKind("national")).toHaveLength(1);
    expect(byKind("node").length).toBeGreaterThanOrEqual(5);
    const halland = data.units.find((u: { code: string }) => u.code === "13");
    expect(halland.regions).toHaveLength(2);
    expect(halland.koladaId).toBe("0013");
    const norrbotten = data.units.find((u: { code: string }) => u.code === "25");
    expect(norrbotten.letter).toBe("BD");
  });

  it("saves an edit with its audit entry and refuses a stale one without losing the first", async () => {
    const node = await unitByCode("NOD-TRAUMA");
    const counties = await getDb().selectFrom("units").select("id").where("kind", "=", "county").limit(3).execute();
    const form = {
      version: String(node.version),
      nameSv: "Kunskapsnod Traumavård och krisstöd",
      nameEn: "Knowledge node Trauma care and crisis support",
      hostOrganisation: "Region Skåne",
      active: "on",
      connectedCountyIds: counties.map((c) => String(c.id)),
    };
    const params = { unitId: String(node.id) };
    const saved = await callAction(unitEdit.action, { as: DEMO.admin, params, form });
    expect(saved.status).toBe(302);
    const stale = await callAction(unitEdit.action, { as: DEMO.admin, params, form: { ...form, nameSv: "Något annat" } });
    expect(stale.status).toBe(409);
    expect(stale.data.error[""]).toEqual(["form.stale"]);
    const after = await unitByCode("NOD-TRAUMA");
    expect(after.name_sv).toBe("Kunskapsnod Traumavård och krisstöd");
    const links = await getDb().selectFrom("node_counties").select("county_id").where("node_id", "=", node.id).execute();
    expect(links).toHaveLength(3);
    const audit = await getDb().selectFrom("audit_log").selectAll().where("action", "=", "unit.update").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json!).nameSv).toBe("Kunskapsnod Traumavård");
  });

  it("answers 404 for an unknown or malformed unit id and 400 for bad fields", async () => {
    expect((await callLoader(unitEdit.loader, { as: DEMO.admin, params: { unitId: "99999" } })).status).toBe(404);
    expect((await callLoader(unitEdit.loader, { as: DEMO.admin, params: { unitId: "abc" } })).status).toBe(404);
    const unit = await unitByCode("01");
    const bad = await callAction(unitEdit.action, {
      as: DEMO.admin,
      params: { unitId: String(unit.id) },
      form: { version: String(unit.version), nameSv: "", nameEn: "x".repeat(300) },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.error.nameSv).toEqual(["form.required"]);
    expect(bad.data.error.nameEn).toEqual(["form.tooLong"]);
    expect((await unitByCode("01")).name_sv).toBe("Region Stockholm");
  });
});
