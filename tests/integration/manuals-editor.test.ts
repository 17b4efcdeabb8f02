/**
 * The editor's workflow through its route modules, against a real database: access (editors
 * only), a whole round of start → edit → reorder → move → add → remove → crosswalk → publish and
 * reading the result back, optimistic concurrency, refused input, refused publishing, immutability
 * after publishing (through the app and by SQL), and importing files as drafts. Every refusal is
 * checked to leave the manual tables exactly as they were.
 */
import path from "node:path";
import { matchRoutes, type AgnosticRouteObject as RouteObject } from "@remix-run/router";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { beforeEach, describe, expect, it } from "vitest";
import * as draftRoute from "~/routes/manuals.$manual.draft";
import * as editRoute from "~/routes/manuals.$manual.$version.edit._index";
import * as criterionRoute from "~/routes/manuals.$manual.$version.edit.criteria.$criterion";
import * as scaleRoute from "~/routes/manuals.$manual.$version.edit.scale";
import * as crosswalkRoute from "~/routes/manuals.$manual.$version.edit.crosswalk";
import * as importRoute from "~/routes/manuals.$manual.import";
import { loader as exportLoader } from "~/routes/manuals.$manual.$version.export[.]json";
import { loader as versionLoader } from "~/routes/manuals.$manual.$version._index";
import { loader as manualLoader } from "~/routes/manuals.$manual._index";
import { loader as listLoader } from "~/routes/manuals._index";
import { loader as diffLoader } from "~/routes/manuals.$manual.diff";
import { manualChecksum } from "~/modules/manuals/manual-canonical.server";
import { draftFromPublished, stockholmDate } from "~/modules/manuals/manual-editor";
import { getManualCriteria, getManualVersion, syncManualVersions } from "~/modules/manuals/manual-repository.server";
import { criteriaOf, ManualFileSchema, type ManualFile, type ManualKey } from "~/modules/manuals/manual-schema";
import { getDb, getSqlite } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { lineOf, manualTablesSnapshot } from "../manual-fixtures";
import { DEMO, callAction, callLoader, type RouteResult } from "../route";

const NON_EDITORS = {
  admin: DEMO.admin,
  coordinator: DEMO.coordinator,
  advisor: DEMO.advisor,
  reviewer: DEMO.reviewer,
  unit_contact: DEMO.unitContact,
} as const;

beforeEach(() => {
  useFreshDatabase();
});

type RouteFn = (args: any) => unknown;

async function stored(manualKey: ManualKey, version: number) {
  return (await getManualVersion(getDb(), { manualKey, version }))!;
}

async function startDraft(manual: ManualKey = "county") {
  const result = await callAction(draftRoute.action, { as: DEMO.editor, params: { manual }, path: `/manuals/${manual}/draft` });
  expect(result.status, JSON.stringify(result.data)).toBe(302);
  return result;
}

const editParams = (version = 3, manual: ManualKey = "county") => ({ manual, version: String(version) });

/** The criterion form as the page fills it in, with changes. */
async function criterionForm(
  key: string,
  changes: Record<string, string> = {},
  version = 3,
  manual: ManualKey = "county"
): Promise<Record<string, string>> {
  const page = await callLoader(criterionRoute.loader, { as: DEMO.editor, params: { ...editParams(version, manual), criterion: key } });
  expect(page.status).toBe(200);
  const c = page.data.criterion;
  const form: Record<string, string> = {
    intent: "save",
    revision: String(page.data.revision),
    textSv: c.text.sv,
    textEn: c.text.en,
    basisSv: c.basis.sv,
    basisEn: c.basis.en,
    guidanceSv: c.guidance?.sv ?? "",
    guidanceEn: c.guidance?.en ?? "",
    demand: c.demand,
    number: c.number ?? "",
    sourceSection: c.source?.section ?? "",
    sourceFrom: c.source ? String(c.source.lines[0]) : "",
    sourceTo: c.source ? String(c.source.lines[1]) : "",
  };
  if (c.basis.suggested) form.basisSuggested = "on";
  return { ...form, ...changes };
}

function saveCriterion(key: string, form: Record<string, string>, version = 3, manual: ManualKey = "county") {
  return callAction(criterionRoute.action, { as: DEMO.editor, params: { ...editParams(version, manual), criterion: key }, form });
}

function editAction(form: Record<string, string>, version = 3, manual: ManualKey = "county") {
  return callAction(editRoute.action, { as: DEMO.editor, params: editParams(version, manual), form });
}

async function revision(manual: ManualKey = "county", version = 3) {
  return String((await stored(manual, version)).revision);
}

/** The crosswalk form as the page fills it in; `change` may alter rows by their `from` key. */
async function crosswalkForm(
  change: (rows: Record<string, Record<string, string>>) => void = () => {},
  version = 3,
  manual: ManualKey = "county"
) {
  const page = await callLoader(crosswalkRoute.loader, { as: DEMO.editor, params: editParams(version, manual) });
  expect(page.status).toBe(200);
  const rows: Record<string, Record<string, string>> = Object.fromEntries(
    page.data.rows.map((r: any) => [r.from, { type: r.type, to: r.to, noteSv: r.noteSv, noteEn: r.noteEn }])
  );
  change(rows);
  const form: Record<string, string> = { revision: String(page.data.revision) };
  page.data.rows.forEach((r: any, i: number) => {
    form[`rows[${i}].from`] = r.from;
    for (const [field, value] of Object.entries(rows[r.from]!)) form[`rows[${i}].${field}`] = value;
  });
  page.data.news.forEach((n: any, i: number) => {
    form[`news[${i}].key`] = n.key;
    form[`news[${i}].noteSv`] = n.noteSv;
    form[`news[${i}].noteEn`] = n.noteEn;
  });
  return form;
}

function keysIn(manual: ManualFile, dimension: string) {
  return manual.dimensions.find((d) => d.key === dimension)!.criteria.map((c) => c.key);
}

async function auditActions() {
  const rows = await getDb().selectFrom("audit_log").selectAll().where("entity_type", "=", "manual_version").orderBy("id").execute();
  return rows;
}

describe("access", () => {
  it("lets only editors use the editor's pages and actions; anonymous visitors go to sign in", async () => {
    await startDraft();
    const routes: { name: string; loader: RouteFn; action: RouteFn; path: string; params: Record<string, string> }[] = [
      { name: "draft", loader: draftRoute.loader, action: draftRoute.action, path: "/manuals/county/draft", params: { manual: "county" } },
      { name: "edit", loader: editRoute.loader, action: editRoute.action, path: "/manuals/county/3/edit", params: editParams() },
      {
        name: "criterion",
        loader: criterionRoute.loader,
        action: criterionRoute.action,
        path: "/manuals/county/3/edit/criteria/joint-goals",
        params: { ...editParams(), criterion: "joint-goals" },
      },
      { name: "scale", loader: scaleRoute.loader, action: scaleRoute.action, path: "/manuals/county/3/edit/scale", params: editParams() },
      {
        name: "crosswalk",
        loader: crosswalkRoute.loader,
        action: crosswalkRoute.action,
        path: "/manuals/county/3/edit/crosswalk",
        params: editParams(),
      },
      {
        name: "import",
        loader: importRoute.loader,
        action: importRoute.action,
        path: "/manuals/county/import",
        params: { manual: "county" },
      },
    ];
    const before = await manualTablesSnapshot(getDb());
    const form = { intent: "publish", revision: "1", text: "{}" };
    for (const route of routes) {
      for (const [role, email] of Object.entries(NON_EDITORS)) {
        expect(
          (await callLoader(route.loader, { as: email, path: route.path, params: route.params })).status,
          `${route.name} GET as ${role}`
        ).toBe(403);
        expect(
          (await callAction(route.action, { as: email, path: route.path, params: route.params, form })).status,
          `${route.name} POST as ${role}`
        ).toBe(403);
      }
      for (const anonymous of [
        await callLoader(route.loader, { path: route.path, params: route.params }),
        await callAction(route.action, { path: route.path, params: route.params, form }),
      ]) {
        expect(anonymous.status, `${route.name} anonymous`).toBe(302);
        expect(anonymous.location).toBe(`/login?${new URLSearchParams({ redirectTo: route.path })}`);
      }
      const ok = await callLoader(route.loader, { as: DEMO.editor, path: route.path, params: route.params });
      expect([200, 302], `${route.name} GET as editor`).toContain(ok.status);
    }
    expect(await manualTablesSnapshot(getDb())).toBe(before);
  });

  it("shows editors the way to the draft from /manuals, the manual and the version pages", async () => {
    const manual = await callLoader(manualLoader, { as: DEMO.editor, params: { manual: "county" } });
    expect(manual.data).toMatchObject({ canEdit: true, openDraft: null, latestPublished: 2 });
    const latest = await callLoader(versionLoader, { as: DEMO.editor, params: { manual: "county", version: "2" } });
    expect(latest.data.editing).toMatchObject({ isLatestPublished: true, openDraft: null, nextVersion: 3 });
    const older = await callLoader(versionLoader, { as: DEMO.editor, params: { manual: "county", version: "1" } });
    expect(older.data.editing.isLatestPublished).toBe(false);
    expect((await callLoader(versionLoader, { as: DEMO.reviewer, params: { manual: "county", version: "2" } })).data.editing).toBeNull();

    await startDraft();
    const list = await callLoader(listLoader, { as: DEMO.editor });
    expect(list.data.canEdit).toBe(true);
    expect(list.data.manuals.find((m: any) => m.manualKey === "county").openDraft).toBe(3);
    expect((await callLoader(manualLoader, { as: DEMO.editor, params: { manual: "county" } })).data.openDraft).toBe(3);
    const forReviewer = await callLoader(listLoader, { as: DEMO.reviewer });
    expect(forReviewer.data.canEdit).toBe(false);
    expect(forReviewer.data.manuals.find((m: any) => m.manualKey === "county").openDraft).toBeNull();
  });
});

describe("starting a draft", () => {
  it("creates version N+1 from the latest published version, once, and audits it", async () => {
    const first = await startDraft();
    expect(first.location).toBe("/manuals/county/3/edit?done=draftStarted");
    const draft = await stored("county", 3);
    const v2 = await stored("county", 2);
    expect(draft).toMatchObject({ status: "draft", revision: 1, criteriaCount: 24, publishedAt: null });
    expect(draft.content.dimensions).toEqual(v2.content.dimensions);
    expect(draft.content.changelog).toEqual([]);
    expect(draft.content.crosswalk).toEqual(criteriaOf(v2.content).map((c) => ({ type: "same", from: [c.key], to: [c.key] })));
    expect(draft.content.publishedAt).toBeUndefined();
    const row = await getDb().selectFrom("manual_versions").selectAll().where("id", "=", draft.id).executeTakeFirstOrThrow();
    const editor = await getDb().selectFrom("users").select("id").where("email", "=", DEMO.editor).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ created_by: editor.id, source_file: null });
    expect((await getManualCriteria(getDb(), { manualVersionId: draft.id })).length).toBe(24);

    const again = await startDraft();
    expect(again.location).toBe("/manuals/county/3/edit?done=draftOpen");
    expect((await getDb().selectFrom("manual_versions").select("id").where("manual_key", "=", "county").execute()).length).toBe(3);
    expect((await auditActions()).map((a) => a.action)).toEqual(["manual.draft.start"]);

    const page = await callLoader(editRoute.loader, {
      as: DEMO.editor,
      params: editParams(),
      path: "/manuals/county/3/edit?done=draftStarted",
    });
    expect(page.data).toMatchObject({ version: 3, previousVersion: 2, revision: 1, done: "draftStarted", publishIssues: [] });
  });

  it("exports the draft for editors only, and diffs it against the published version", async () => {
    await startDraft();
    const exported = await callLoader(exportLoader, { as: DEMO.editor, params: editParams() });
    expect(exported.status).toBe(200);
    expect(exported.data).toMatchObject({ manual: "county", version: 3, status: "draft" });
    expect((await callLoader(exportLoader, { as: DEMO.reviewer, params: editParams() })).status).toBe(404);
    const diff = await callLoader(diffLoader, { as: DEMO.editor, params: { manual: "county" }, path: "/manuals/county/diff?from=2&to=3" });
    expect(diff.status).toBe(200);
    expect(diff.data.summary).toEqual([{ type: "same", count: 24 }]);
  });
});

describe("editing and publishing a draft", () => {
  it("start → text → reorder → move → add → remove → crosswalk → publish, then reads back", async () => {
    await startDraft();
    const text = "Har regionen och kommunerna gemensamma, mätbara mål för arbetet?";
    let result = await saveCriterion(
      "joint-goals",
      await criterionForm("joint-goals", { textSv: text, textEn: "Do the region and municipalities share measurable goals?" })
    );
    expect(result.status, JSON.stringify(result.data)).toBe(302);
    expect(result.location).toBe("/manuals/county/3/edit/criteria/joint-goals?done=criterion");

    result = await editAction({ intent: "moveUp", key: "executive-forum", revision: await revision() });
    expect(result.location).toBe("/manuals/county/3/edit?done=reorder#criterion-executive-forum");
    result = await editAction({ intent: "moveTo", key: "competence-evaluation", dimension: "working-methods", revision: await revision() });
    expect(result.location).toBe("/manuals/county/3/edit?done=move#criterion-competence-evaluation");
    result = await editAction({
      intent: "add",
      revision: await revision(),
      key: "goals-followed-up",
      dimension: "working-methods",
      textSv: "Följs de gemensamma målen upp minst en gång om året?",
      textEn: "Are the joint goals followed up at least once a year?",
      basisSv: "Uppföljningsrapport från det senaste året.",
      basisEn: "Follow-up report from the last year.",
      demand: "developing",
    });
    expect(result.status, JSON.stringify(result.data)).toBe(302);
    result = await callAction(criterionRoute.action, {
      as: DEMO.editor,
      params: { ...editParams(), criterion: "node-agreements" },
      form: { intent: "remove", revision: await revision() },
    });
    expect(result.location).toBe("/manuals/county/3/edit?done=remove#criteria");
    result = await editAction({
      intent: "changelog",
      revision: await revision(),
      "notes[0].sv": "Kriteriet om gemensamma mål har förtydligats.",
      "notes[0].en": "The criterion on joint goals has been clarified.",
    });
    expect(result.status).toBe(302);

    // The crosswalk followed the edits; the editor adds notes.
    const form = await crosswalkForm((rows) => {
      expect(rows["joint-goals"]).toMatchObject({ type: "reworded", to: "joint-goals" });
      expect(rows["competence-evaluation"]).toMatchObject({ type: "moved", to: "competence-evaluation" });
      expect(rows["node-agreements"]).toMatchObject({ type: "retired", to: "" });
      rows["joint-goals"]!.noteSv = "Mätbara mål.";
      rows["node-agreements"]!.noteSv = "Ingår i organisationens övriga kriterier.";
    });
    const newIndex = Object.keys(form)
      .find((k) => form[k] === "goals-followed-up" && k.startsWith("news"))!
      .match(/news\[(\d+)\]/)![1];
    form[`news[${newIndex}].noteSv`] = "Nytt krav på uppföljning.";
    result = await callAction(crosswalkRoute.action, { as: DEMO.editor, params: editParams(), form });
    expect(result.status, JSON.stringify(result.data)).toBe(302);

    const ready = await callLoader(editRoute.loader, { as: DEMO.editor, params: editParams() });
    expect(ready.data.publishIssues).toEqual([]);
    result = await editAction({ intent: "publish", revision: await revision() });
    expect(result.status, JSON.stringify(result.data)).toBe(302);
    expect(result.location).toBe("/manuals/county/3?done=published");

    const v3 = await stored("county", 3);
    expect(v3).toMatchObject({ status: "published", criteriaCount: 24, publishedAt: `${stockholmDate(new Date())}T00:00:00.000Z` });
    expect(v3.content).toMatchObject({ status: "published", publishedAt: stockholmDate(new Date()) });
    const criteria = criteriaOf(v3.content);
    expect(criteria.find((c) => c.key === "joint-goals")!.text.sv).toBe(text);
    expect(keysIn(v3.content, "organisation").slice(0, 3)).toEqual(["executive-forum", "political-forum", "management-forum"]);
    expect(keysIn(v3.content, "organisation")).not.toContain("node-agreements");
    expect(keysIn(v3.content, "working-methods").slice(-2)).toEqual(["competence-evaluation", "goals-followed-up"]);
    expect(keysIn(v3.content, "competence")).not.toContain("competence-evaluation");
    expect(v3.content.changelog).toEqual([
      { sv: "Kriteriet om gemensamma mål har förtydligats.", en: "The criterion on joint goals has been clarified." },
    ]);
    const rows = await getManualCriteria(getDb(), { manualVersionId: v3.id });
    expect(rows.map((r) => r.key)).toEqual(criteria.map((c) => c.key));
    expect(rows.find((r) => r.key === "goals-followed-up")).toMatchObject({ dimension_key: "working-methods", demand: "developing" });

    const page = await callLoader(versionLoader, { as: DEMO.reviewer, params: editParams(), path: "/manuals/county/3?done=published" });
    expect(page.status).toBe(200);
    expect(page.data.criteriaCount).toBe(24);
    const diff = await callLoader(diffLoader, {
      as: DEMO.reviewer,
      params: { manual: "county" },
      path: "/manuals/county/diff?from=2&to=3&changes=only",
    });
    expect(diff.data.entries.map((e: any) => [e.type, e.from.map((c: any) => c.key), e.to.map((c: any) => c.key)])).toEqual(
      expect.arrayContaining([
        ["reworded", ["joint-goals"], ["joint-goals"]],
        ["moved", ["competence-evaluation"], ["competence-evaluation"]],
        ["retired", ["node-agreements"], []],
        ["new", [], ["goals-followed-up"]],
      ])
    );

    const audit = await auditActions();
    expect(audit.map((a) => a.action)).toEqual([
      "manual.draft.start",
      "manual.draft.criterion",
      "manual.draft.reorder",
      "manual.draft.move",
      "manual.draft.add",
      "manual.draft.remove",
      "manual.draft.changelog",
      "manual.draft.crosswalk",
      "manual.draft.publish",
    ]);
    const textEdit = audit[1]!;
    expect(JSON.parse(textEdit.before_json!).change.change.text.sv).not.toBe(text);
    expect(JSON.parse(textEdit.after_json!).change.change.text.sv).toBe(text);
    expect(JSON.parse(textEdit.after_json!).change.crosswalk.find((e: any) => e.from[0] === "joint-goals").type).toBe("reworded");

    // Published: immutable through the app …
    const before = await manualTablesSnapshot(getDb());
    expect((await callLoader(editRoute.loader, { as: DEMO.editor, params: editParams() })).status).toBe(409);
    expect(
      (await callLoader(criterionRoute.loader, { as: DEMO.editor, params: { ...editParams(), criterion: "joint-goals" } })).status
    ).toBe(409);
    const refused = await saveCriterion("joint-goals", {
      intent: "save",
      revision: String(v3.revision),
      textSv: "Ändrat",
      basisSv: "x",
      demand: "basic",
    });
    expect(refused.status).toBe(409);
    expect(refused.data.messageKey).toBe("manuals.editor.error.published");
    expect((await editAction({ intent: "publish", revision: String(v3.revision) })).status).toBe(409);
    // … and by SQL.
    const sqlite = getSqlite();
    expect(() => sqlite.prepare("UPDATE manual_versions SET title_sv = 'Ändrad' WHERE id = ?").run(v3.id)).toThrow(/immutable/);
    expect(() => sqlite.prepare("UPDATE manual_criteria SET text_sv = 'Ändrad' WHERE manual_version_id = ?").run(v3.id)).toThrow(
      /immutable/
    );
    expect(() => sqlite.prepare("DELETE FROM manual_criteria WHERE manual_version_id = ?").run(v3.id)).toThrow(/immutable/);
    expect(await manualTablesSnapshot(getDb())).toBe(before);

    // The next draft starts from version 3.
    expect((await startDraft()).location).toBe("/manuals/county/4/edit?done=draftStarted");
  });

  it("edits the title, description and scale texts", async () => {
    await startDraft("node");
    let result = await editAction(
      { intent: "details", revision: "1", titleSv: "Ny titel", titleEn: "New title", descriptionSv: "Beskrivning", descriptionEn: "" },
      2,
      "node"
    );
    expect(result.status, JSON.stringify(result.data)).toBe(302);
    const page = await callLoader(scaleRoute.loader, { as: DEMO.editor, params: editParams(2, "node") });
    const form: Record<string, string> = { revision: String(page.data.revision) };
    page.data.scale.steps.forEach((step: any, i: number) => {
      form[`steps[${i}].labelSv`] = i === 0 ? "Finns inte" : step.label.sv;
      form[`steps[${i}].labelEn`] = step.label.en;
      form[`steps[${i}].descriptionSv`] = step.description.sv;
      form[`steps[${i}].descriptionEn`] = step.description.en;
    });
    const cannot = page.data.scale.cannotAssess;
    Object.assign(form, {
      "cannotAssess.labelSv": cannot.label.sv,
      "cannotAssess.labelEn": cannot.label.en,
      "cannotAssess.descriptionSv": cannot.description.sv,
      "cannotAssess.descriptionEn": cannot.description.en,
    });
    result = await callAction(scaleRoute.action, { as: DEMO.editor, params: editParams(2, "node"), form });
    expect(result.status, JSON.stringify(result.data)).toBe(302);
    expect(result.location).toBe("/manuals/node/2/edit/scale?done=scale");
    const draft = await stored("node", 2);
    expect(draft.titleSv).toBe("Ny titel");
    expect(draft.content.title).toEqual({ sv: "Ny titel", en: "New title" });
    expect(draft.content.description).toEqual({ sv: "Beskrivning", en: "" });
    expect(draft.content.scale.steps[0]!.label.sv).toBe("Finns inte");
    expect(draft.content.scale.steps.map((s) => s.value)).toEqual((await stored("node", 1)).content.scale.steps.map((s) => s.value));
    expect(draft.revision).toBe(3);
  });
});

describe("concurrency", () => {
  it("refuses a stale save with 409 and keeps the newer content", async () => {
    await startDraft();
    const form = await criterionForm("joint-goals");
    const first = await saveCriterion("joint-goals", { ...form, textSv: "Första redaktörens text" });
    expect(first.status).toBe(302);
    const afterFirst = await manualTablesSnapshot(getDb());
    const second = await saveCriterion("joint-goals", { ...form, textSv: "Andra redaktörens text" });
    expect(second.status).toBe(409);
    expect(second.data.result.error[""]).toEqual(["manuals.editor.error.stale"]);
    // The form is not refilled with the refused values: the page shows the stored content.
    expect(second.data.result.initialValue).toBeUndefined();
    expect(await manualTablesSnapshot(getDb())).toBe(afterFirst);
    const draft = await stored("county", 3);
    expect(criteriaOf(draft.content).find((c) => c.key === "joint-goals")!.text.sv).toBe("Första redaktörens text");
    expect(draft.revision).toBe(2);
    // Buttons and publishing name the revision too.
    expect((await editAction({ intent: "moveDown", key: "joint-goals", revision: "1" })).status).toBe(409);
    expect((await editAction({ intent: "publish", revision: "1" })).status).toBe(409);
    expect(await manualTablesSnapshot(getDb())).toBe(afterFirst);
  });
});

describe("refused input", () => {
  it("answers 400 with the error next to the field and changes nothing", async () => {
    await startDraft();
    const before = await manualTablesSnapshot(getDb());
    const fieldError = (result: RouteResult, field: string) => {
      expect(result.status, JSON.stringify(result.data)).toBe(400);
      return result.data.result.error[field];
    };
    const form = await criterionForm("joint-goals");
    expect(fieldError(await saveCriterion("joint-goals", { ...form, textSv: "" }), "textSv")).toEqual(["manuals.editor.error.svRequired"]);
    expect(fieldError(await saveCriterion("joint-goals", { ...form, textSv: "   " }), "textSv")).toEqual([
      "manuals.editor.error.svRequired",
    ]);
    expect(fieldError(await saveCriterion("joint-goals", { ...form, demand: "extreme" }), "demand")).toEqual([
      "manuals.editor.error.unknownDemand",
    ]);
    expect(fieldError(await saveCriterion("joint-goals", { ...form, textSv: "x".repeat(4001) }), "textSv")).toEqual(["form.tooLong"]);
    expect(fieldError(await saveCriterion("joint-goals", { ...form, sourceFrom: "20", sourceTo: "10" }), "sourceTo")).toEqual([
      "manuals.editor.error.lineOrder",
    ]);

    const add = {
      intent: "add",
      revision: "1",
      key: "new-criterion",
      dimension: "organisation",
      textSv: "Ett nytt kriterium?",
      basisSv: "Underlag.",
      demand: "basic",
    };
    expect(fieldError(await editAction({ ...add, key: "joint-goals" }), "key")).toEqual(["manuals.editor.error.keyInDraft"]);
    // Used in version 1 for another criterion (retired in version 2).
    expect(fieldError(await editAction({ ...add, key: "competence-decision-support" }), "key")).toEqual([
      "manuals.editor.error.keyUsedBefore",
    ]);
    expect(fieldError(await editAction({ ...add, key: "Ny Nyckel" }), "key")).toEqual(["manuals.editor.error.keyFormat"]);
    expect(fieldError(await editAction({ ...add, dimension: "nowhere" }), "dimension")).toEqual(["manuals.editor.error.unknownDimension"]);
    expect(fieldError(await editAction({ ...add, demand: "extreme" }), "demand")).toEqual(["manuals.editor.error.unknownDemand"]);
    expect(fieldError(await editAction({ ...add, textSv: "x".repeat(4001) }), "textSv")).toEqual(["form.tooLong"]);
    expect(
      fieldError(await editAction({ intent: "moveTo", key: "joint-goals", dimension: "nowhere", revision: "1" }), "dimension")
    ).toEqual(["manuals.editor.error.unknownDimension"]);
    const first = await editAction({ intent: "moveUp", key: "political-forum", revision: "1" });
    expect(first.status).toBe(400);
    expect(first.data.result.error[""]).toEqual(["manuals.editor.error.cannotMove"]);
    expect(fieldError(await editAction({ intent: "details", revision: "1", titleSv: "" }), "titleSv")).toEqual([
      "manuals.editor.error.svRequired",
    ]);
    const crosswalk = await crosswalkForm((rows) => {
      rows["joint-goals"]!.type = "reworded";
      rows["joint-goals"]!.to = "no-such-criterion";
    });
    const cw = await callAction(crosswalkRoute.action, { as: DEMO.editor, params: editParams(), form: crosswalk });
    expect(cw.status).toBe(400);
    expect(Object.values(cw.data.result.error).flat()).toEqual([
      expect.stringMatching(/^manuals\.editor\.error\.unknownTarget\|.*no-such-criterion/),
    ]);
    expect((await callLoader(criterionRoute.loader, { as: DEMO.editor, params: { ...editParams(), criterion: "nope" } })).status).toBe(404);
    expect((await callLoader(editRoute.loader, { as: DEMO.editor, params: editParams(9) })).status).toBe(404);
    expect(await manualTablesSnapshot(getDb())).toBe(before);
    expect((await auditActions()).map((a) => a.action)).toEqual(["manual.draft.start"]);
  });

  it("refuses to publish with an incomplete crosswalk, naming the criteria, and changes nothing", async () => {
    await startDraft();
    const form = await crosswalkForm((rows) => {
      rows["joint-goals"]!.type = "";
      rows["node-agreements"]!.type = "";
    });
    expect((await callAction(crosswalkRoute.action, { as: DEMO.editor, params: editParams(), form })).status).toBe(302);
    const page = await callLoader(editRoute.loader, { as: DEMO.editor, params: editParams() });
    const shown = page.data.publishIssues.map((i: any) => i.message).join("\n");
    expect(shown).toContain("joint-goals");
    expect(shown).toContain("node-agreements");
    const before = await manualTablesSnapshot(getDb());
    const refused = await editAction({ intent: "publish", revision: await revision() });
    expect(refused.status).toBe(400);
    expect(refused.data.result.error[""]).toEqual(["manuals.editor.error.publishRefused"]);
    const messages = refused.data.issues.map((i: any) => `${i.path} ${i.message}`).join("\n");
    expect(messages).toMatch(/\$\.crosswalk .*joint-goals/);
    expect(messages).toMatch(/\$\.crosswalk .*node-agreements/);
    expect(await manualTablesSnapshot(getDb())).toBe(before);
    expect((await stored("county", 3)).status).toBe("draft");
  });
});

describe("import", () => {
  async function exportText(manual: ManualKey, version: number): Promise<string> {
    const result = await callLoader(exportLoader, { as: DEMO.editor, params: { manual, version: String(version) } });
    expect(result.status).toBe(200);
    return `${JSON.stringify(result.data, null, 2)}\n`;
  }
  function upload(manual: ManualKey, body: { file?: File; text?: string }) {
    const form = new FormData();
    if (body.file) form.append("file", body.file);
    else form.append("file", new File([], "", { type: "application/octet-stream" }));
    form.append("text", body.text ?? "");
    return callAction(importRoute.action, { as: DEMO.editor, params: { manual }, path: `/manuals/${manual}/import`, form });
  }

  it("round trip: county v1 exported and imported becomes draft v3 with the same content", async () => {
    const text = await exportText("county", 1);
    const page = await callLoader(importRoute.loader, { as: DEMO.editor, params: { manual: "county" } });
    expect(page.data).toMatchObject({ nextVersion: 3, previousVersion: 2, openDraft: null });
    const result = await upload("county", { file: new File([text], "county-v1.json", { type: "application/json" }) });
    expect(result.status, JSON.stringify(result.data)).toBe(302);
    expect(result.location).toBe("/manuals/county/3/edit?done=importedProposed");
    const v1 = (await stored("county", 1)).content;
    const draft = await stored("county", 3);
    const { crosswalk, ...content } = draft.content;
    const { publishedAt: _publishedAt, ...v1Content } = v1;
    expect(content).toEqual({ ...v1Content, version: 3, status: "draft" });
    expect(draft).toMatchObject({ status: "draft", criteriaCount: 23, revision: 1 });
    // The proposed crosswalk from v2 is complete, so the imported draft could be published as it is.
    expect(crosswalk).toContainEqual({ type: "retired", from: ["research-collaborations"], to: [] });
    expect((await callLoader(editRoute.loader, { as: DEMO.editor, params: editParams() })).data.publishIssues).toEqual([]);
    expect((await auditActions()).map((a) => a.action)).toEqual(["manual.draft.import"]);

    // A second import while the draft is open is refused.
    const before = await manualTablesSnapshot(getDb());
    const again = await upload("county", { text });
    expect(again.status).toBe(409);
    expect(again.data.result.error[""]).toEqual([expect.stringMatching(/^manuals\.editor\.import\.draftOpen\|.*3/)]);
    expect(await manualTablesSnapshot(getDb())).toBe(before);
  });

  it("imports pasted text, and an exported draft back into an empty slot with its own crosswalk", async () => {
    await startDraft("resource-centre");
    const saved = await saveCriterion(
      "expert-knowledge",
      await criterionForm("expert-knowledge", { textSv: "Omformulerad text?" }, 2, "resource-centre"),
      2,
      "resource-centre"
    );
    expect(saved.status).toBe(302);
    const draftText = await exportText("resource-centre", 2);
    // Remove the draft (drafts may be deleted; published versions may not) and import the file back.
    await getDb().deleteFrom("manual_versions").where("manual_key", "=", "resource-centre").where("version", "=", 2).execute();
    const result = await upload("resource-centre", { text: draftText });
    expect(result.status, JSON.stringify(result.data)).toBe(302);
    expect(result.location).toBe("/manuals/resource-centre/2/edit?done=imported");
    const draft = await stored("resource-centre", 2);
    expect(JSON.parse(draftText)).toEqual(draft.content);
    expect(draft.content.crosswalk!.find((e) => e.from[0] === "expert-knowledge")!.type).toBe("reworded");
  });

  it("refuses malformed JSON, a wrong manual, schema errors and large files with path and line, saving nothing", async () => {
    const before = await manualTablesSnapshot(getDb());
    const text = await exportText("county", 2);

    const broken = text.replace('"status": "published",', '"status": "published"');
    const malformed = await upload("county", { text: broken });
    expect(malformed.status).toBe(400);
    expect(malformed.data.result.error[""]).toEqual(["manuals.editor.error.importRefused"]);
    expect(malformed.data.issues).toHaveLength(1);
    expect(malformed.data.issues[0]).toMatchObject({ path: "$", message: expect.stringMatching(/^Ogiltig JSON/) });
    expect(malformed.data.issues[0].line).toBe(lineOf(broken, '"publishedAt"'));

    // JSON.parse names no position for this one; the line is still found.
    const trailing = text.replace(/"kpis": \[\]/, '"kpis": [1,]');
    const trailingComma = await upload("county", { text: trailing });
    expect(trailingComma.status).toBe(400);
    expect(trailingComma.data.issues[0].line).toBe(lineOf(trailing, "[1,]"));

    const nodeText = await exportText("node", 1);
    const wrong = await upload("county", { file: new File([nodeText], "node-v1.json", { type: "application/json" }) });
    expect(wrong.status).toBe(400);
    expect(wrong.data.issues).toContainEqual({
      path: "$.manual",
      line: lineOf(nodeText, '"manual"'),
      message: expect.stringContaining("node"),
    });

    const invalid = JSON.parse(text);
    delete invalid.dimensions[1].criteria[2].demand;
    invalid.dimensions[0].criteria[1].text.sv = "";
    invalid.dimensions[0].criteria[0].key = invalid.dimensions[0].criteria[3].key;
    const invalidText = JSON.stringify(invalid, null, 2);
    const schema = await upload("county", { text: invalidText });
    expect(schema.status).toBe(400);
    const issues = schema.data.issues as { path: string; line: number; message: string }[];
    expect(issues.map((i) => i.path).sort()).toEqual(["$.dimensions[0].criteria[1].text.sv", "$.dimensions[1].criteria[2].demand"].sort());
    expect(issues.find((i) => i.path.endsWith("text.sv"))!.line).toBe(lineOf(invalidText, '"sv": ""'));
    // With the field errors fixed, the duplicate key is reported (the schema's cross checks run last).
    invalid.dimensions[1].criteria[2].demand = "basic";
    invalid.dimensions[0].criteria[1].text.sv = "Text";
    const duplicateText = JSON.stringify(invalid, null, 2);
    const duplicate = await upload("county", { text: duplicateText });
    expect(duplicate.data.issues).toEqual([
      {
        path: "$.dimensions[0].criteria[3].key",
        line: lineOf(duplicateText, `"key": "${invalid.dimensions[0].criteria[3].key}"`, 1),
        message: expect.stringContaining("två gånger"),
      },
    ]);

    const large = await upload("county", { file: new File(["x".repeat(1024 * 1024 + 1)], "big.json", { type: "application/json" }) });
    expect(large.status).toBe(413);
    expect(large.data.result.error.file).toEqual(["manuals.editor.error.importTooLarge"]);
    const huge = await upload("county", { file: new File(["x".repeat(3 * 1024 * 1024)], "huge.json", { type: "application/json" }) });
    expect(huge.status).toBe(413);
    const notJson = await upload("county", { file: new File([text], "county.txt", { type: "text/plain" }) });
    expect(notJson.status).toBe(400);
    expect(notJson.data.result.error.file).toEqual(["manuals.editor.error.importNotJson"]);
    const empty = await upload("county", {});
    expect(empty.status).toBe(400);
    expect(empty.data.result.error[""]).toEqual(["manuals.editor.error.importMissing"]);

    expect(await manualTablesSnapshot(getDb())).toBe(before);
    expect(await auditActions()).toEqual([]);
  });

  it("lists the file's problems in the editor's language", async () => {
    const invalid = JSON.parse(await exportText("county", 2));
    invalid.dimensions[0].criteria[1].text.sv = "";
    invalid.dimensions[0].criteria[0].key = invalid.dimensions[0].criteria[3].key;
    const text = JSON.stringify(invalid, null, 2);
    const duplicateKey = invalid.dimensions[0].criteria[3].key as string;

    const swedish = await upload("county", { text });
    expect(swedish.status).toBe(400);
    expect(swedish.data.issues).toContainEqual(
      expect.objectContaining({ path: "$.dimensions[0].criteria[1].text.sv", message: "Svensk text saknas" })
    );

    await getDb().updateTable("users").set({ locale: "en" }).where("email", "=", DEMO.editor).execute();
    const english = await upload("county", { text });
    expect(english.status).toBe(400);
    expect(english.data.result.error[""]).toEqual(["manuals.editor.error.importRefused"]);
    expect(english.data.issues).toContainEqual({
      path: "$.dimensions[0].criteria[1].text.sv",
      line: lineOf(text, '"sv": ""'),
      message: "Swedish text is missing",
    });

    // The schema's cross checks, with the key as a placeholder.
    invalid.dimensions[0].criteria[1].text.sv = "Text";
    const duplicate = await upload("county", { text: JSON.stringify(invalid, null, 2) });
    expect(duplicate.data.issues).toEqual([
      expect.objectContaining({ path: "$.dimensions[0].criteria[3].key", message: `The criterion key ${duplicateKey} occurs twice` }),
    ]);
  });
});

describe("drafts from files", () => {
  it("takes over a draft loaded from a file: later syncs leave it alone, also once it is published", async () => {
    const v2 = (await stored("county", 2)).content;
    const fileDraft = ManualFileSchema.parse({ ...draftFromPublished(v2), changelog: [{ sv: "Från fil", en: "" }] });
    const entry = { file: "criteria/county/v3.json", relativePath: "county/v3.json", manual: fileDraft, checksum: manualChecksum(fileDraft) };
    expect((await syncManualVersions(getDb(), [entry])).inserted).toEqual(["criteria/county/v3.json"]);
    // Starting a draft finds this one.
    expect((await startDraft()).location).toBe("/manuals/county/3/edit?done=draftOpen");
    expect((await saveCriterion("joint-goals", await criterionForm("joint-goals", { textSv: "Ändrad i appen" }))).status).toBe(302);
    const sync = await syncManualVersions(getDb(), [entry]);
    expect(sync.updated).toEqual([]);
    expect(sync.skipped).toHaveLength(1);
    expect(criteriaOf((await stored("county", 3)).content).find((c) => c.key === "joint-goals")!.text.sv).toBe("Ändrad i appen");

    expect((await editAction({ intent: "publish", revision: await revision() })).status).toBe(302);
    const afterPublish = await syncManualVersions(getDb(), [entry]);
    expect(afterPublish.skipped).toEqual([{ file: "criteria/county/v3.json", reason: expect.stringContaining("har publicerats i appen") }]);
    // The exported version, committed as the file, is then in step with the database.
    const exported = await callLoader(exportLoader, { as: DEMO.editor, params: editParams() });
    const published = ManualFileSchema.parse(exported.data);
    const same = await syncManualVersions(getDb(), [{ ...entry, manual: published, checksum: manualChecksum(published) }]);
    expect(same.unchanged).toEqual(["criteria/county/v3.json"]);
  });
});

describe("route files", () => {
  const manifest = flatRoutes(path.resolve("app"), ["**/.*", "**/*.test.*"]);
  const children = (parentId: string): RouteObject[] =>
    Object.values(manifest)
      .filter((route) => (route.parentId ?? "root") === parentId && route.id !== "root")
      .map(
        (route) =>
          ({
            id: route.id,
            path: route.path,
            index: route.index,
            caseSensitive: false,
            children: route.index ? undefined : children(route.id),
          } as RouteObject)
      );
  const routes: RouteObject[] = [{ id: "root", path: "", children: children("root") }];
  const match = (pathname: string) => matchRoutes(routes, pathname)?.at(-1)?.route.id;

  it("resolves the editor's addresses to their modules", () => {
    expect(match("/manuals/county/draft")).toBe("routes/manuals.$manual.draft");
    expect(match("/manuals/county/import")).toBe("routes/manuals.$manual.import");
    expect(match("/manuals/county/3/edit")).toBe("routes/manuals.$manual.$version.edit._index");
    expect(match("/manuals/county/3/edit/scale")).toBe("routes/manuals.$manual.$version.edit.scale");
    expect(match("/manuals/county/3/edit/crosswalk")).toBe("routes/manuals.$manual.$version.edit.crosswalk");
    expect(match("/manuals/county/3/edit/criteria/joint-goals")).toBe("routes/manuals.$manual.$version.edit.criteria.$criterion");
    expect(match("/manuals/county/3")).toBe("routes/manuals.$manual.$version._index");
  });
});
