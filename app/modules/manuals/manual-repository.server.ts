/**
 * All SQL for manual versions and their criteria: syncing the files of criteria/ into the
 * database, and reading versions for the pages. A published version is never rewritten here, and
 * the database triggers (migration 2026_11_25_0002) refuse it anyway.
 */
import type { AppDatabase } from "#db/connection";
import type { ManualStatus } from "#db/schema";
import { canonicalJson, manualChecksum, parseCanonicalManual } from "./manual-canonical.server";
import { criteriaOf, MANUAL_KEYS, type ManualFile, type ManualKey } from "./manual-schema";
import { ManualFilesError, type ManualFileEntry, type ManualIssue } from "./manual-validation";
import { criterionNumbers } from "./manual-view";

type Executor = Pick<AppDatabase, "selectFrom" | "insertInto" | "updateTable" | "deleteFrom">;

export interface ManualSyncResult {
  inserted: string[];
  updated: string[];
  unchanged: string[];
  /** Files left alone, with the reason (a draft made in the app holds that version number). */
  skipped: { file: string; reason: string }[];
}

function publishedTimestamp(manual: ManualFile): string | null {
  return manual.status === "published" && manual.publishedAt ? `${manual.publishedAt}T00:00:00.000Z` : null;
}

/** The criteria rows of a version: reading order, reading number and texts, for reviews to point at. */
function criterionRows(manualVersionId: number, manual: ManualFile) {
  const numbers = criterionNumbers(manual);
  let position = 0;
  return manual.dimensions.flatMap((dimension) =>
    dimension.criteria.map((criterion) => ({
      manual_version_id: manualVersionId,
      key: criterion.key,
      dimension_key: dimension.key,
      position: ++position,
      number: numbers.get(criterion.key) ?? null,
      demand: criterion.demand,
      text_sv: criterion.text.sv,
      text_en: criterion.text.en,
    })),
  );
}

/** Writes criteria and then the final status: criteria cannot be added once a version is published. */
async function writeCriteriaAndPublish(trx: Executor, id: number, manual: ManualFile, now: string) {
  const rows = criterionRows(id, manual);
  if (rows.length > 0) await trx.insertInto("manual_criteria").values(rows).execute();
  if (manual.status === "published") {
    await trx
      .updateTable("manual_versions")
      .set({ status: "published", updated_at: now })
      .where("id", "=", id)
      .where("status", "=", "draft")
      .execute();
  }
}

interface StoredVersionRow {
  id: number;
  manual_key: ManualKey;
  version: number;
  status: ManualStatus;
  checksum: string;
  source_file: string | null;
}

interface SyncPlan {
  writes: { entry: ManualFileEntry; action: "insert" | "update"; id?: number }[];
  issues: ManualIssue[];
  result: ManualSyncResult;
}

/** Decides per file what a sync would do, and which files conflict with the stored versions. */
function planSync(existing: StoredVersionRow[], entries: ManualFileEntry[]): SyncPlan {
  const byKey = new Map(existing.map((row) => [`${row.manual_key}/${row.version}`, row]));
  const plan: SyncPlan = { writes: [], issues: [], result: { inserted: [], updated: [], unchanged: [], skipped: [] } };
  for (const entry of entries) {
    const row = byKey.get(`${entry.manual.manual}/${entry.manual.version}`);
    if (!row) {
      plan.writes.push({ entry, action: "insert" });
    } else if (row.status === "published" && row.source_file === null && entry.manual.status === "draft") {
      // Published in the app (manual editor) while the file still holds the draft it started from:
      // the database version is the real one, the file is left alone (export it to replace the file).
      plan.result.skipped.push({
        file: entry.file,
        reason: `${entry.manual.manual} v${entry.manual.version} har publicerats i appen; filen är ett äldre utkast och lästes inte in (ersätt den med versionens export)`,
      });
    } else if (row.status === "published") {
      if (row.checksum !== entry.checksum) {
        plan.issues.push({
          file: entry.file,
          path: [],
          message: `Den publicerade versionen ${entry.manual.manual} v${entry.manual.version} i databasen har kontrollsumman ${row.checksum.slice(0, 12)}…, men filen ger ${entry.checksum.slice(0, 12)}…: filen har ändrats efter publiceringen. En publicerad version får aldrig ändras; återställ filen och gör ändringen i en ny version.`,
        });
      } else if (entry.manual.status !== "published") {
        plan.issues.push({ file: entry.file, path: ["status"], message: "Versionen är publicerad i databasen och kan inte bli ett utkast igen" });
      } else {
        plan.result.unchanged.push(entry.file);
      }
    } else if (row.source_file !== entry.relativePath) {
      plan.result.skipped.push({
        file: entry.file,
        reason: `databasen har ett utkast av ${entry.manual.manual} v${entry.manual.version} som skapats i appen; filen lästes inte in`,
      });
    } else if (row.checksum === entry.checksum && row.status === entry.manual.status) {
      plan.result.unchanged.push(entry.file);
    } else {
      plan.writes.push({ entry, action: "update", id: row.id });
    }
  }
  return plan;
}

const STORED_COLUMNS = ["id", "manual_key", "version", "status", "checksum", "source_file"] as const;

/** What a sync would refuse, without writing: files that differ from their published version. */
export async function compareWithStoredVersions(db: AppDatabase, entries: ManualFileEntry[]): Promise<ManualIssue[]> {
  const existing = await db.selectFrom("manual_versions").select(STORED_COLUMNS).execute();
  return planSync(existing, entries).issues;
}

/**
 * Brings the database in line with validated manual files, in one transaction: missing versions
 * are inserted (also a version older than one already stored), drafts loaded from the same file are
 * updated, published versions are compared by checksum and never rewritten. If a published file
 * differs from its stored version, nothing is written and ManualFilesError names the file.
 */
export async function syncManualVersions(db: AppDatabase, entries: ManualFileEntry[]): Promise<ManualSyncResult> {
  if (entries.length === 0) return { inserted: [], updated: [], unchanged: [], skipped: [] };
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("manual_versions").select(STORED_COLUMNS).execute();
    const { writes, issues, result } = planSync(existing, entries);
    if (issues.length > 0) throw new ManualFilesError(issues, "Manualfilerna stämmer inte med databasen");

    const now = new Date().toISOString();
    for (const { entry, action, id } of writes) {
      const { manual } = entry;
      const values = {
        title_sv: manual.title.sv,
        title_en: manual.title.en,
        content_json: canonicalJson(manual),
        checksum: entry.checksum,
        criteria_count: criteriaOf(manual).length,
        published_at: publishedTimestamp(manual),
        updated_at: now,
      };
      if (action === "insert") {
        const inserted = await trx
          .insertInto("manual_versions")
          .values({
            ...values,
            manual_key: manual.manual,
            version: manual.version,
            // Inserted as a draft so its criteria can be written; published last.
            status: "draft",
            source_file: entry.relativePath,
            created_by: null,
            created_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await writeCriteriaAndPublish(trx, inserted.id, manual, now);
        result.inserted.push(entry.file);
      } else {
        const current = await trx.selectFrom("manual_versions").select("revision").where("id", "=", id!).executeTakeFirstOrThrow();
        await trx
          .updateTable("manual_versions")
          .set({ ...values, revision: current.revision + 1 })
          .where("id", "=", id!)
          .where("status", "=", "draft")
          .execute();
        await trx.deleteFrom("manual_criteria").where("manual_version_id", "=", id!).execute();
        await writeCriteriaAndPublish(trx, id!, manual, now);
        result.updated.push(entry.file);
      }
    }
    return result;
  });
}

export interface ManualVersionSummary {
  manualKey: ManualKey;
  version: number;
  status: ManualStatus;
  titleSv: string;
  titleEn: string;
  publishedAt: string | null;
  criteriaCount: number;
}

/** Every stored version of every manual (drafts only when asked), oldest first per manual. */
export async function listManualVersions(
  db: AppDatabase,
  { manualKey, includeDrafts }: { manualKey?: ManualKey; includeDrafts: boolean },
): Promise<ManualVersionSummary[]> {
  let query = db
    .selectFrom("manual_versions")
    .select(["manual_key", "version", "status", "title_sv", "title_en", "published_at", "criteria_count"]);
  if (manualKey) query = query.where("manual_key", "=", manualKey);
  if (!includeDrafts) query = query.where("status", "=", "published");
  const rows = await query.orderBy("version").execute();
  return rows
    .map((row) => ({
      manualKey: row.manual_key,
      version: row.version,
      status: row.status,
      titleSv: row.title_sv,
      titleEn: row.title_en,
      publishedAt: row.published_at,
      criteriaCount: row.criteria_count,
    }))
    .sort((a, b) => MANUAL_KEYS.indexOf(a.manualKey) - MANUAL_KEYS.indexOf(b.manualKey) || a.version - b.version);
}

export interface StoredManualVersion extends ManualVersionSummary {
  id: number;
  checksum: string;
  /** Optimistic-concurrency counter: every saved edit of a draft raises it by one. */
  revision: number;
  /** The canonical JSON text exactly as stored (and exported). */
  contentJson: string;
  content: ManualFile;
}

/** One version with its canonical content, or null when it does not exist. */
export async function getManualVersion(
  db: AppDatabase,
  { manualKey, version }: { manualKey: ManualKey; version: number },
): Promise<StoredManualVersion | null> {
  const row = await db
    .selectFrom("manual_versions")
    .selectAll()
    .where("manual_key", "=", manualKey)
    .where("version", "=", version)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    manualKey: row.manual_key,
    version: row.version,
    status: row.status,
    titleSv: row.title_sv,
    titleEn: row.title_en,
    publishedAt: row.published_at,
    criteriaCount: row.criteria_count,
    checksum: row.checksum,
    revision: row.revision,
    contentJson: row.content_json,
    content: parseCanonicalManual(JSON.parse(row.content_json)),
  };
}

/** The criteria rows of a version in reading order. */
export async function getManualCriteria(db: AppDatabase, { manualVersionId }: { manualVersionId: number }) {
  return db
    .selectFrom("manual_criteria")
    .selectAll()
    .where("manual_version_id", "=", manualVersionId)
    .orderBy("position")
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Drafts made in the app (manual-editor.server.ts calls these inside its transactions)

/** The newest draft of a manual, or null: the app keeps at most one open draft per manual. */
export async function findOpenDraft(db: AppDatabase, manualKey: ManualKey): Promise<number | null> {
  const row = await db
    .selectFrom("manual_versions")
    .select("version")
    .where("manual_key", "=", manualKey)
    .where("status", "=", "draft")
    .orderBy("version", "desc")
    .executeTakeFirst();
  return row?.version ?? null;
}

/** The highest version number stored for a manual (0 when there is none). */
export async function latestVersionNumber(db: AppDatabase, manualKey: ManualKey): Promise<number> {
  const row = await db
    .selectFrom("manual_versions")
    .select((eb) => eb.fn.max("version").as("version"))
    .where("manual_key", "=", manualKey)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

/**
 * Every criterion key the manual's other versions use, with the Swedish text of the latest version
 * that holds it: a key names one criterion for good.
 */
export async function criterionKeyHistory(
  db: AppDatabase,
  { manualKey, exceptVersion }: { manualKey: ManualKey; exceptVersion: number },
): Promise<Map<string, { version: number; textSv: string }>> {
  const rows = await db
    .selectFrom("manual_criteria")
    .innerJoin("manual_versions", "manual_versions.id", "manual_criteria.manual_version_id")
    .select(["manual_criteria.key", "manual_criteria.text_sv", "manual_versions.version"])
    .where("manual_versions.manual_key", "=", manualKey)
    .where("manual_versions.version", "!=", exceptVersion)
    .orderBy("manual_versions.version")
    .execute();
  return new Map(rows.map((row) => [row.key, { version: row.version, textSv: row.text_sv }]));
}

function draftColumns(manual: ManualFile, now: string) {
  return {
    title_sv: manual.title.sv,
    title_en: manual.title.en,
    content_json: canonicalJson(manual),
    checksum: manualChecksum(manual),
    criteria_count: criteriaOf(manual).length,
    published_at: publishedTimestamp(manual),
    updated_at: now,
  };
}

async function replaceCriteriaRows(trx: Executor, id: number, manual: ManualFile) {
  await trx.deleteFrom("manual_criteria").where("manual_version_id", "=", id).execute();
  const rows = criterionRows(id, manual);
  if (rows.length > 0) await trx.insertInto("manual_criteria").values(rows).execute();
}

/** Inserts a draft made in the app (started or imported), with its criteria rows; returns its id. */
export async function insertDraftVersion(
  trx: AppDatabase,
  { manual, createdBy, now }: { manual: ManualFile; createdBy: number; now: string },
): Promise<number> {
  const inserted = await trx
    .insertInto("manual_versions")
    .values({
      ...draftColumns(manual, now),
      manual_key: manual.manual,
      version: manual.version,
      status: "draft",
      source_file: null,
      created_by: createdBy,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await replaceCriteriaRows(trx, inserted.id, manual);
  return inserted.id;
}

/**
 * Saves a draft's new content if it is still a draft at `expectedRevision`; false when someone
 * saved in between (nothing is written then). The draft now belongs to the app: `source_file` is
 * cleared, so a later sync leaves it alone instead of overwriting it with the file.
 */
export async function updateDraftVersion(
  trx: AppDatabase,
  { id, expectedRevision, manual, now }: { id: number; expectedRevision: number; manual: ManualFile; now: string },
): Promise<boolean> {
  const result = await trx
    .updateTable("manual_versions")
    .set((eb) => ({ ...draftColumns(manual, now), source_file: null, revision: eb("revision", "+", 1) }))
    .where("id", "=", id)
    .where("status", "=", "draft")
    .where("revision", "=", expectedRevision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await replaceCriteriaRows(trx, id, manual);
  return true;
}

/**
 * Publishes a draft at `expectedRevision` with its final (published) content: content and criteria
 * rows first, then the status flip, after which the triggers refuse every change. False when
 * someone saved in between (nothing is written then).
 */
export async function publishDraftVersion(
  trx: AppDatabase,
  { id, expectedRevision, manual, now }: { id: number; expectedRevision: number; manual: ManualFile; now: string },
): Promise<boolean> {
  if (manual.status !== "published") throw new Error("publishDraftVersion needs the published content");
  const result = await trx
    .updateTable("manual_versions")
    .set((eb) => ({ ...draftColumns(manual, now), source_file: null, revision: eb("revision", "+", 1) }))
    .where("id", "=", id)
    .where("status", "=", "draft")
    .where("revision", "=", expectedRevision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await trx.deleteFrom("manual_criteria").where("manual_version_id", "=", id).execute();
  await writeCriteriaAndPublish(trx, id, manual, now);
  return true;
}
