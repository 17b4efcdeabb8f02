/**
 * The manual pages as loaders: sign-in required, every role may read, drafts only for editors,
 * the diff of county v1 → v2, the query validation, the JSON export round trip, and that the
 * file-based routes resolve the addresses as intended (static "diff" before ":version").
 */
import path from "node:path";
import { matchRoutes, type AgnosticRouteObject as RouteObject } from "@remix-run/router";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { beforeEach, describe, expect, it } from "vitest";
import { loader as listLoader } from "~/routes/manuals._index";
import { loader as manualLoader } from "~/routes/manuals.$manual._index";
import { loader as versionLoader } from "~/routes/manuals.$manual.$version._index";
import { loader as diffLoader } from "~/routes/manuals.$manual.diff";
import { loader as exportLoader } from "~/routes/manuals.$manual.$version.export[.]json";
import { readManualFile } from "~/modules/manuals/manual-files.server";
import { getManualVersion, syncManualVersions } from "~/modules/manuals/manual-repository.server";
import { manualChecksum } from "~/modules/manuals/manual-canonical.server";
import { ManualFileSchema, type ManualFile } from "~/modules/manuals/manual-schema";
import { getDb } from "~/utils/db.server";
import { useFreshDatabase } from "../db";
import { CRITERIA } from "../manual-fixtures";
import { DEMO, callLoader } from "../route";

const ROLES = {
  admin: DEMO.admin,
  editor: DEMO.editor,
  coordinator: DEMO.coordinator,
  advisor: DEMO.advisor,
  reviewer: DEMO.reviewer,
  unit_contact: DEMO.unitContact,
} as const;
const NON_EDITORS = Object.entries(ROLES).filter(([role]) => role !== "editor");

type Loader = (args: any) => unknown;
const PAGES: { name: string; loader: Loader; path: string; params: Record<string, string> }[] = [
  { name: "list", loader: listLoader, path: "/manuals", params: {} },
  { name: "manual", loader: manualLoader, path: "/manuals/county", params: { manual: "county" } },
  { name: "version", loader: versionLoader, path: "/manuals/county/2", params: { manual: "county", version: "2" } },
  { name: "diff", loader: diffLoader, path: "/manuals/county/diff?from=1&to=2", params: { manual: "county" } },
  { name: "export", loader: exportLoader, path: "/manuals/national/1/export.json", params: { manual: "national", version: "1" } },
];

beforeEach(() => {
  useFreshDatabase();
});

/** County v3 as a draft loaded from a file: v2 unchanged, every criterion "same". */
async function addCountyDraft() {
  const v2 = readManualFile(path.join(CRITERIA, "county/v2.json"), "county/v2.json").entry!.manual;
  const draft: ManualFile = ManualFileSchema.parse({
    ...v2,
    version: 3,
    status: "draft",
    publishedAt: undefined,
    changelog: [{ sv: "Utkast till version 3", en: "" }],
    crosswalk: v2.dimensions.flatMap((d) => d.criteria.map((c) => ({ type: "same", from: [c.key], to: [c.key] }))),
  });
  await syncManualVersions(getDb(), [{ file: "criteria/county/v3.json", relativePath: "county/v3.json", manual: draft, checksum: manualChecksum(draft) }]);
}

describe("access", () => {
  for (const page of PAGES) {
    it(`${page.name}: anonymous → /login with the way back`, async () => {
      const result = await callLoader(page.loader, { path: page.path, params: page.params });
      expect(result.status).toBe(302);
      expect(result.location).toBe(`/login?${new URLSearchParams({ redirectTo: page.path })}`);
    });

    it(`${page.name}: 200 for every role`, async () => {
      for (const [role, email] of Object.entries(ROLES)) {
        const result = await callLoader(page.loader, { path: page.path, params: page.params, as: email });
        expect(result.status, `${page.name} as ${role}`).toBe(200);
      }
    });
  }

  it("shows a draft only to editors; everyone else gets 404 as if it did not exist", async () => {
    await addCountyDraft();
    const draftPages: { loader: Loader; path: string; params: Record<string, string> }[] = [
      { loader: versionLoader, path: "/manuals/county/3", params: { manual: "county", version: "3" } },
      { loader: exportLoader, path: "/manuals/county/3/export.json", params: { manual: "county", version: "3" } },
      { loader: diffLoader, path: "/manuals/county/diff?from=2&to=3", params: { manual: "county" } },
    ];
    for (const { loader, path: pagePath, params } of draftPages) {
      expect((await callLoader(loader, { path: pagePath, params, as: DEMO.editor })).status, pagePath).toBe(200);
      for (const [role, email] of NON_EDITORS) {
        expect((await callLoader(loader, { path: pagePath, params, as: email })).status, `${pagePath} as ${role}`).toBe(404);
      }
    }
    const forEditor = await callLoader(manualLoader, { params: { manual: "county" }, as: DEMO.editor });
    expect(forEditor.data.versions.map((v: any) => [v.version, v.status])).toEqual([
      [1, "published"],
      [2, "published"],
      [3, "draft"],
    ]);
    expect(forEditor.data.latestPublished).toBe(2);
    const forReviewer = await callLoader(listLoader, { as: DEMO.reviewer });
    const county = forReviewer.data.manuals.find((m: any) => m.manualKey === "county");
    expect(county.versions.map((v: any) => v.version)).toEqual([1, 2]);
  });
});

describe("/manuals", () => {
  it("lists the four manuals with their versions", async () => {
    const result = await callLoader(listLoader, { as: DEMO.unitContact });
    expect(
      result.data.manuals.map((m: any) => [m.manualKey, m.latestPublished, m.versions.map((v: any) => v.criteriaCount)]),
    ).toEqual([
      ["county", 2, [23, 24]],
      ["resource-centre", 1, [10]],
      ["node", 1, [10]],
      ["national", 1, [35]],
    ]);
  });

  it("answers 404 for an unknown manual or version", async () => {
    const unknown = await callLoader(manualLoader, { params: { manual: "kommun" }, as: DEMO.reviewer });
    expect(unknown.status).toBe(404);
    expect(unknown.data.messageKey).toBe("manuals.error.unknownManual");
    for (const version of ["9", "0", "01", "abc", "1.5", "-1"]) {
      const result = await callLoader(versionLoader, { params: { manual: "county", version }, as: DEMO.reviewer });
      expect(result.status, version).toBe(404);
      expect(result.data.messageKey).toBe("manuals.error.versionNotFound");
    }
  });
});

describe("/manuals/:manual/:version", () => {
  it("returns the version arranged for reading", async () => {
    const result = await callLoader(versionLoader, { params: { manual: "county", version: "1" }, as: DEMO.reviewer });
    const data = result.data;
    expect(data).toMatchObject({ manualKey: "county", version: 1, status: "published", criteriaCount: 23, previousVersion: null });
    expect(data.scale.steps.map((s: any) => s.label.sv)).toEqual(["Saknas", "Påbörjat", "Delvis på plats", "På plats"]);
    expect(data.scale.cannotAssess.label.sv).toBe("Ej bedömbart");
    expect(data.dimensions.map((d: any) => [d.number, d.criteriaCount])).toEqual([
      ["1", 8],
      ["2", 9],
      ["3", 6],
    ]);
    const group = data.dimensions[1].blocks[0];
    expect(group.kind).toBe("group");
    expect(group.criteria.map((c: any) => c.readingNumber)).toEqual(["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8"]);
    const first = data.dimensions[0].blocks[0].criterion;
    expect(first).toMatchObject({ key: "political-forum", readingNumber: "1.1", demand: "basic", source: { section: "5.1", lines: [3993, 3996] } });
    expect(first.basis.suggested).toBe(true);

    const v2 = await callLoader(versionLoader, { params: { manual: "county", version: "2" }, as: DEMO.reviewer });
    expect(v2.data.previousVersion).toBe(1);
    // Five changes plus the Kolada indicator links added before the first deployment (decision 014).
    expect(v2.data.changelog).toHaveLength(6);
  });

  it("keeps the national items' own numbers", async () => {
    const result = await callLoader(versionLoader, { params: { manual: "national", version: "1" }, as: DEMO.advisor });
    const numbers = result.data.dimensions.flatMap((d: any) =>
      d.blocks.flatMap((b: any) => (b.kind === "group" ? b.criteria : [b.criterion]).map((c: any) => c.readingNumber)),
    );
    expect(numbers).toHaveLength(35);
    expect(numbers[0]).toBe("1 (1)");
    expect(numbers).toContain("2 A (1)");
  });
});

describe("/manuals/:manual/diff", () => {
  const diff = (query: string, as: string = DEMO.reviewer) =>
    callLoader(diffLoader, { path: `/manuals/county/diff${query}`, params: { manual: "county" }, as });

  it("shows county v1 → v2: the rewording, the split, the addition and the retirement", async () => {
    const result = await diff("?from=1&to=2");
    expect(result.status).toBe(200);
    const entries = result.data.entries as any[];
    const byKey = (key: string) => entries.find((e) => [...e.from, ...e.to].some((c: any) => c.key === key));
    const reworded = byKey("staff-resources");
    expect(reworded.type).toBe("reworded");
    expect(reworded.pairs[0].text).toContainEqual({ type: "del", text: expect.stringContaining("tillräckliga") });
    expect(reworded.pairs[0].text).toContainEqual({ type: "ins", text: expect.stringContaining("årsarbetskrafter") });
    const split = byKey("external-collaborations");
    expect(split.type).toBe("split");
    expect(split.to.map((c: any) => c.key)).toEqual(["research-collaborations", "competence-centre-collaborations"]);
    expect(byKey("development-support-followed-up").type).toBe("new");
    expect(byKey("competence-decision-support").type).toBe("retired");
    expect(result.data.total).toBe(24);
  });

  it("filters to changes only", async () => {
    const result = await diff("?from=1&to=2&changes=only");
    // The four changed criteria, and four unchanged ones that v2 links Kolada indicators to.
    expect(result.data.entries.map((e: any) => e.type).sort()).toEqual(["new", "retired", "reworded", "same", "same", "same", "same", "split"]);
    const linked = result.data.entries.filter((e: any) => e.type === "same");
    expect(linked.every((e: any) => e.kpisAdded.length > 0 && e.changedFields.join() === "kpis")).toBe(true);
    expect(result.data.onlyChanges).toBe(true);
    expect(result.data.summary).toContainEqual({ type: "same", count: 20 });
  });

  it("diffs in the reader's language", async () => {
    await getDb().updateTable("users").set({ locale: "en" }).where("email", "=", DEMO.coordinator).execute();
    const result = await diff("?from=1&to=2&changes=only", DEMO.coordinator);
    const reworded = result.data.entries.find((e: any) => e.type === "reworded");
    expect(reworded.pairs[0].text).toContainEqual({ type: "ins", text: expect.stringContaining("full-time equivalents") });
  });

  it("answers 400 for a malformed query and 404 for unknown versions, never 500", async () => {
    for (const query of ["?from=abc&to=2", "?from=2&to=1", "?from=1&to=1", "?from=1", "?to=2", "?from=1&to=2&changes=some", "?from=-1&to=2", "?from=1.5&to=2"]) {
      const result = await diff(query);
      expect(result.status, query).toBe(400);
      expect(result.data.messageKey).toBe("manuals.error.badDiffQuery");
    }
    const unknown = await diff("?from=1&to=7");
    expect(unknown.status).toBe(404);
    expect(unknown.data).toMatchObject({ messageKey: "manuals.error.versionNotFound", vars: { version: 7 } });
    const badManual = await callLoader(diffLoader, { path: "/manuals/x/diff?from=1&to=2", params: { manual: "x" }, as: DEMO.reviewer });
    expect(badManual.status).toBe(404);
  });

  it("sends the bare address to the two latest versions, and says when there is nothing to compare", async () => {
    const bare = await diff("");
    expect(bare.status).toBe(302);
    expect(bare.location).toBe("/manuals/county/diff?from=1&to=2");
    const single = await callLoader(diffLoader, { path: "/manuals/node/diff", params: { manual: "node" }, as: DEMO.reviewer });
    expect(single.status).toBe(404);
    expect(single.data.messageKey).toBe("manuals.error.singleVersion");
  });
});

describe("/manuals/:manual/:version/export.json", () => {
  it("downloads the canonical JSON, which parses back to exactly the stored content", async () => {
    for (const [manual, version] of [
      ["county", 1],
      ["county", 2],
      ["resource-centre", 1],
      ["node", 1],
      ["national", 1],
    ] as const) {
      const result = await callLoader(exportLoader, { params: { manual, version: String(version) }, as: DEMO.reviewer });
      expect(result.status).toBe(200);
      expect(result.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
      expect(result.headers.get("Content-Disposition")).toBe(`attachment; filename="${manual}-v${version}.json"`);
      const stored = (await getManualVersion(getDb(), { manualKey: manual, version }))!;
      const reimported = ManualFileSchema.parse(result.data);
      expect(reimported).toEqual(JSON.parse(stored.contentJson));
      expect(reimported).toEqual(stored.content);
      expect(manualChecksum(reimported)).toBe(stored.checksum);
    }
  });
});

describe("route files", () => {
  // The route tree Remix builds from app/routes, matched the way the router matches requests.
  const manifest = flatRoutes(path.resolve("app"), ["**/.*", "**/*.test.*"]);
  const children = (parentId: string): RouteObject[] =>
    Object.values(manifest)
      .filter((route) => (route.parentId ?? "root") === parentId && route.id !== "root")
      .map((route) => ({ id: route.id, path: route.path, index: route.index, caseSensitive: false, children: route.index ? undefined : children(route.id) }) as RouteObject);
  const routes: RouteObject[] = [{ id: "root", path: "", children: children("root") }];
  const match = (pathname: string) => matchRoutes(routes, pathname)?.at(-1)?.route.id;

  it("resolves the stable manual addresses to their modules", () => {
    expect(match("/manuals")).toBe("routes/manuals._index");
    expect(match("/manuals/county")).toBe("routes/manuals.$manual._index");
    expect(match("/manuals/county/2")).toBe("routes/manuals.$manual.$version._index");
    expect(match("/manuals/county/diff")).toBe("routes/manuals.$manual.diff");
    expect(match("/manuals/county/2/export.json")).toBe("routes/manuals.$manual.$version.export[.]json");
  });
});
