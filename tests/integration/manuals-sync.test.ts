/**
 * Syncing the files into the database: what start-up loads, that a published version can be
 * changed neither by SQL (triggers) nor by re-syncing a changed file, and that a refused sync
 * leaves the database exactly as it was.
 */
import path from "node:path";
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type AppDatabase } from "#db/connection";
import { migrateToLatest } from "#db/migrate";
import { prepareDatabase } from "#db/prepare";
import { manualChecksum } from "~/modules/manuals/manual-canonical.server";
import { readManualFile } from "~/modules/manuals/manual-files.server";
import { getManualCriteria, getManualVersion, listManualVersions, syncManualVersions } from "~/modules/manuals/manual-repository.server";
import { ManualFileSchema } from "~/modules/manuals/manual-schema";
import { syncManualDirectory } from "~/modules/manuals/manual-sync.server";
import { ManualFilesError } from "~/modules/manuals/manual-validation";
import { useFreshDatabase } from "../db";
import { CRITERIA, copyCriteria, editJson, manualTablesSnapshot, readText, writeText } from "../manual-fixtures";

let db: AppDatabase;
beforeEach(() => {
  db = useFreshDatabase().db;
});

async function refusal(promise: Promise<unknown>): Promise<ManualFilesError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ManualFilesError) return error;
    throw error;
  }
  throw new Error("expected a ManualFilesError");
}

describe("the database after start-up", () => {
  it("holds every published version with its criteria and checksum", async () => {
    const versions = await listManualVersions(db, { includeDrafts: true });
    expect(versions.map((v) => [v.manualKey, v.version, v.status, v.criteriaCount, v.publishedAt])).toEqual([
      ["county", 1, "published", 23, "2025-01-15T00:00:00.000Z"],
      ["county", 2, "published", 24, "2026-01-15T00:00:00.000Z"],
      ["resource-centre", 1, "published", 10, "2025-01-15T00:00:00.000Z"],
      ["node", 1, "published", 10, "2025-01-15T00:00:00.000Z"],
      ["national", 1, "published", 35, "2025-01-15T00:00:00.000Z"],
    ]);
    const county = (await getManualVersion(db, { manualKey: "county", version: 1 }))!;
    const file = readManualFile(path.join(CRITERIA, "county/v1.json"), "county/v1.json").entry!;
    expect(county.checksum).toBe(file.checksum);
    expect(county.content).toEqual(file.manual);
    const criteria = await getManualCriteria(db, { manualVersionId: county.id });
    expect(criteria).toHaveLength(23);
    expect(criteria[0]).toMatchObject({ key: "political-forum", dimension_key: "organisation", position: 1, number: "1.1", demand: "basic" });
    expect(criteria.at(-1)).toMatchObject({ key: "implementation-followed", number: "3.6", position: 23 });
  });

  it("re-syncing the same files changes nothing", async () => {
    const before = await manualTablesSnapshot(db);
    const result = await syncManualDirectory(db, CRITERIA);
    expect(result).toMatchObject({ inserted: [], updated: [], skipped: [] });
    expect(result.unchanged).toHaveLength(5);
    expect(await manualTablesSnapshot(db)).toBe(before);
  });
});

describe("a published version is immutable", () => {
  it("refuses SQL UPDATE and DELETE on manual_versions", async () => {
    const before = await manualTablesSnapshot(db);
    await expect(sql`UPDATE manual_versions SET title_sv = 'Ändrad' WHERE manual_key = 'county' AND version = 1`.execute(db)).rejects.toThrow(
      /published manual versions are immutable/,
    );
    await expect(sql`UPDATE manual_versions SET status = 'draft' WHERE manual_key = 'national'`.execute(db)).rejects.toThrow(/immutable/);
    await expect(sql`DELETE FROM manual_versions WHERE manual_key = 'node'`.execute(db)).rejects.toThrow(/immutable/);
    await expect(db.deleteFrom("manual_versions").execute()).rejects.toThrow(/immutable/);
    expect(await manualTablesSnapshot(db)).toBe(before);
  });

  it("refuses SQL INSERT, UPDATE and DELETE on its criteria", async () => {
    const before = await manualTablesSnapshot(db);
    const version = (await getManualVersion(db, { manualKey: "county", version: 2 }))!;
    await expect(sql`UPDATE manual_criteria SET text_sv = 'Ändrad' WHERE key = 'staff-resources'`.execute(db)).rejects.toThrow(/immutable/);
    await expect(sql`DELETE FROM manual_criteria WHERE manual_version_id = ${version.id}`.execute(db)).rejects.toThrow(/immutable/);
    await expect(
      db
        .insertInto("manual_criteria")
        .values({ manual_version_id: version.id, key: "smuggled", dimension_key: "organisation", position: 99, number: null, demand: "basic", text_sv: "x", text_en: "x" })
        .execute(),
    ).rejects.toThrow(/immutable/);
    expect(await manualTablesSnapshot(db)).toBe(before);
  });

  it("refuses a re-sync of a changed published file, naming the file, via checksums.json", async () => {
    const dir = copyCriteria();
    editJson(dir, "county/v1.json", (m) => (m.dimensions[0].criteria[0].basis.sv += " Och protokoll."));
    const before = await manualTablesSnapshot(db);
    const error = await refusal(syncManualDirectory(db, dir));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.file).toMatch(/county\/v1\.json$/);
    expect(error.message).toMatch(/county\/v1\.json \$: Filen har ändrats efter publiceringen/);
    expect(await manualTablesSnapshot(db)).toBe(before);
  });

  it("refuses it against the stored checksum even when checksums.json was updated too", async () => {
    const dir = copyCriteria();
    editJson(dir, "county/v2.json", (m) => m.changelog.push({ sv: "Smygändring", en: "" }));
    const changed = readManualFile(path.join(dir, "county/v2.json"), "county/v2.json").entry!;
    editJson(dir, "checksums.json", (c) => (c["county/v2.json"] = changed.checksum));
    const before = await manualTablesSnapshot(db);
    const error = await refusal(syncManualDirectory(db, dir));
    expect(error.message).toContain("Manualfilerna stämmer inte med databasen");
    expect(error.issues).toEqual([
      expect.objectContaining({ file: expect.stringMatching(/county\/v2\.json$/), message: expect.stringContaining("filen har ändrats efter publiceringen") }),
    ]);
    expect(await manualTablesSnapshot(db)).toBe(before);
  });

  it("makes start-up (prepareDatabase) refuse with the same message", async () => {
    const dir = copyCriteria();
    editJson(dir, "national/v1.json", (m) => (m.dimensions[0].criteria[0].demand = "basic"));
    const before = await manualTablesSnapshot(db);
    const error = await refusal(prepareDatabase(db, { demo: true, criteriaDir: dir }));
    expect(error.message).toMatch(/^Manualfilerna kunde inte läsas in:\n {2}.*national\/v1\.json \$: Filen har ändrats efter publiceringen/);
    expect(await manualTablesSnapshot(db)).toBe(before);
  });
});

describe("malformed files change nothing in the database", () => {
  it("refuses the whole sync, valid files included", async () => {
    const dir = copyCriteria();
    writeText(dir, "county/v3.json", readText(dir, "county/v2.json").replace('"version": 2', '"version": 3').replace('"status": "published"', '"status": "draft"').replace(/"publishedAt": "[^"]+",/, ""));
    writeText(dir, "node/v1.json", "{ not json");
    const before = await manualTablesSnapshot(db);
    const error = await refusal(syncManualDirectory(db, dir));
    expect(error.issues.some((i) => /node\/v1\.json$/.test(i.file) && i.line === 1)).toBe(true);
    expect(await manualTablesSnapshot(db)).toBe(before);
  });
});

describe("loading versions", () => {
  async function emptyDatabase() {
    const opened = openDatabase(":memory:");
    await migrateToLatest(opened.db);
    return opened;
  }

  it("loads a version older than one already stored when it is missing", async () => {
    const { db: memory, sqlite } = await emptyDatabase();
    try {
      const v2 = readManualFile(path.join(CRITERIA, "county/v2.json"), "county/v2.json").entry!;
      await syncManualVersions(memory, [v2]);
      const result = await syncManualDirectory(memory, CRITERIA);
      expect(result.inserted.map((f) => path.basename(path.dirname(f)) + "/" + path.basename(f))).toEqual([
        "county/v1.json",
        "resource-centre/v1.json",
        "node/v1.json",
        "national/v1.json",
      ]);
      expect(result.unchanged).toEqual([expect.stringMatching(/county\/v2\.json$/)]);
      const versions = await listManualVersions(memory, { manualKey: "county", includeDrafts: true });
      expect(versions.map((v) => [v.version, v.status])).toEqual([
        [1, "published"],
        [2, "published"],
      ]);
    } finally {
      sqlite.close();
    }
  });

  it("loads a draft file, updates it when the file changes, and publishes it from the file", async () => {
    const dir = copyCriteria();
    const v2 = JSON.parse(readText(dir, "county/v2.json"));
    const draft = {
      ...v2,
      version: 3,
      status: "draft",
      publishedAt: undefined,
      changelog: [{ sv: "Version 3 (utkast)", en: "Version 3 (draft)" }],
      crosswalk: v2.dimensions.flatMap((d: any) => d.criteria.map((c: any) => ({ type: "same", from: [c.key], to: [c.key] }))),
    };
    writeText(dir, "county/v3.json", JSON.stringify(draft, null, 2));
    let result = await syncManualDirectory(db, dir);
    expect(result.inserted).toEqual([expect.stringMatching(/county\/v3\.json$/)]);
    let stored = (await getManualVersion(db, { manualKey: "county", version: 3 }))!;
    expect(stored.status).toBe("draft");
    expect(stored.checksum).toBe(manualChecksum(ManualFileSchema.parse(draft)));

    // A draft is not in checksums.json and may change.
    editJson(dir, "county/v3.json", (m) => (m.changelog[0].sv = "Version 3 (utkast, reviderat)"));
    result = await syncManualDirectory(db, dir);
    expect(result.updated).toHaveLength(1);
    stored = (await getManualVersion(db, { manualKey: "county", version: 3 }))!;
    expect(stored.content.changelog[0]!.sv).toBe("Version 3 (utkast, reviderat)");
    expect(await getManualCriteria(db, { manualVersionId: stored.id })).toHaveLength(24);

    // Publishing through the file: the version becomes immutable.
    editJson(dir, "county/v3.json", (m) => {
      m.status = "published";
      m.publishedAt = "2027-01-15";
    });
    const published = readManualFile(path.join(dir, "county/v3.json"), "county/v3.json").entry!;
    editJson(dir, "checksums.json", (c) => (c["county/v3.json"] = published.checksum));
    result = await syncManualDirectory(db, dir);
    expect(result.updated).toHaveLength(1);
    stored = (await getManualVersion(db, { manualKey: "county", version: 3 }))!;
    expect(stored).toMatchObject({ status: "published", publishedAt: "2027-01-15T00:00:00.000Z", criteriaCount: 24 });
    await expect(sql`DELETE FROM manual_versions WHERE id = ${stored.id}`.execute(db)).rejects.toThrow(/immutable/);
  });

  it("leaves a draft made in the app alone", async () => {
    const v2 = readManualFile(path.join(CRITERIA, "county/v2.json"), "county/v2.json").entry!;
    const now = new Date().toISOString();
    await db
      .insertInto("manual_versions")
      .values({
        manual_key: "county",
        version: 3,
        status: "draft",
        title_sv: "Utkast",
        title_en: "Draft",
        content_json: JSON.stringify({ ...v2.manual, version: 3, status: "draft" }),
        checksum: "x",
        source_file: null,
        criteria_count: 24,
        published_at: null,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const dir = copyCriteria();
    const file = JSON.parse(readText(dir, "county/v2.json"));
    writeText(
      dir,
      "county/v3.json",
      JSON.stringify({ ...file, version: 3, status: "draft", publishedAt: undefined, crosswalk: file.dimensions.flatMap((d: any) => d.criteria.map((c: any) => ({ type: "same", from: [c.key], to: [c.key] }))) }),
    );
    const before = await manualTablesSnapshot(db);
    const result = await syncManualDirectory(db, dir);
    expect(result.skipped).toEqual([{ file: expect.stringMatching(/county\/v3\.json$/), reason: expect.stringContaining("skapats i appen") }]);
    expect(await manualTablesSnapshot(db)).toBe(before);
  });
});
