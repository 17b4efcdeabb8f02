/**
 * Evidence of a review in the database and on disk: links, uploaded files and the team's
 * interview notes, per criterion or for the whole review. Visibility is decided by the caller
 * with evidence-rules.ts; the queries here only ever return what they are asked for, and never
 * the storage key to the page.
 */
import type { AppDatabase } from "#db/connection";
import { writeAudit, type AuditContext } from "~/modules/audit/audit.server";
import type { DetectedType } from "./content-sniffer";
import { deleteStoredFile, newStorageKey, readStoredFile, sha256Hex, writeStoredFile } from "./evidence-storage.server";
import type { EvidenceKind, EvidenceOrigin } from "./evidence-rules";

export interface EvidenceRow {
  id: number;
  criterionId: number | null;
  kind: EvidenceKind;
  origin: EvidenceOrigin;
  title: string;
  url: string | null;
  body: string | null;
  fileName: string | null;
  mediaType: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  /** The frozen snapshot of a `kolada` item (JSON), null for other kinds. */
  snapshotJson: string | null;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
}

/** The review's evidence of the given origins, oldest first. */
export async function listEvidence(db: AppDatabase, reviewId: number, origins: EvidenceOrigin[]): Promise<EvidenceRow[]> {
  if (origins.length === 0) return [];
  const rows = await db
    .selectFrom("evidence")
    .leftJoin("users", "users.id", "evidence.created_by")
    .select([
      "evidence.id",
      "evidence.criterion_id",
      "evidence.kind",
      "evidence.origin",
      "evidence.title",
      "evidence.url",
      "evidence.body",
      "evidence.file_name",
      "evidence.media_type",
      "evidence.size_bytes",
      "evidence.sha256",
      "evidence.snapshot_json",
      "evidence.created_by",
      "evidence.created_at",
      "users.name as created_by_name",
    ])
    .where("evidence.review_id", "=", reviewId)
    .where("evidence.origin", "in", origins)
    .orderBy("evidence.created_at")
    .orderBy("evidence.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    criterionId: r.criterion_id,
    kind: r.kind,
    origin: r.origin,
    title: r.title,
    url: r.url,
    body: r.body,
    fileName: r.file_name,
    mediaType: r.media_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    snapshotJson: r.snapshot_json,
    createdBy: r.created_by,
    createdByName: r.created_by_name,
    createdAt: r.created_at,
  }));
}

interface NewEvidenceBase {
  reviewId: number;
  criterionId: number | null;
  origin: EvidenceOrigin;
  title: string;
}

async function insertEvidence(
  db: AppDatabase,
  values: NewEvidenceBase & {
    kind: EvidenceKind;
    url?: string;
    body?: string;
    fileName?: string;
    storageKey?: string;
    mediaType?: string;
    sizeBytes?: number;
    sha256?: string;
    snapshotJson?: string;
  },
  audit: AuditContext,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("evidence")
      .values({
        review_id: values.reviewId,
        criterion_id: values.criterionId,
        kind: values.kind,
        origin: values.origin,
        title: values.title,
        url: values.url ?? null,
        body: values.body ?? null,
        file_name: values.fileName ?? null,
        storage_key: values.storageKey ?? null,
        media_type: values.mediaType ?? null,
        size_bytes: values.sizeBytes ?? null,
        sha256: values.sha256 ?? null,
        snapshot_json: values.snapshotJson ?? null,
        created_by: audit.actorUserId,
        created_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { storageKey: _key, ...logged } = values;
    // Entity id "<review>:<evidence>" so the review's history finds it (app/modules/reviews/history.server.ts).
    await writeAudit(trx, audit, { action: "evidence.add", entityType: "evidence", entityId: `${values.reviewId}:${id}`, after: logged });
    return id;
  });
}

export function addLinkEvidence(db: AppDatabase, input: NewEvidenceBase & { url: string }, audit: AuditContext) {
  return insertEvidence(db, { ...input, kind: "link" }, audit);
}

/**
 * Attaches a frozen Kolada snapshot (its JSON text and sha256); the row can never be changed
 * afterwards (trigger of migration 2026_12_02_0014_kolada).
 */
export function addKoladaEvidence(db: AppDatabase, input: NewEvidenceBase & { snapshotJson: string; url: string }, audit: AuditContext) {
  return insertEvidence(db, { ...input, kind: "kolada", sha256: sha256Hex(new TextEncoder().encode(input.snapshotJson)) }, audit);
}

export function addNoteEvidence(db: AppDatabase, input: NewEvidenceBase & { body: string }, audit: AuditContext) {
  return insertEvidence(db, { ...input, kind: "note" }, audit);
}

/**
 * Stores an accepted file under a new random key and records it with its checksum. When the
 * database refuses the row, the file is removed again: nothing is left behind.
 */
export async function addFileEvidence(
  db: AppDatabase,
  input: NewEvidenceBase & { fileName: string; bytes: Uint8Array; detected: DetectedType },
  audit: AuditContext,
): Promise<number> {
  const storageKey = newStorageKey();
  await writeStoredFile(storageKey, input.bytes);
  try {
    return await insertEvidence(
      db,
      {
        reviewId: input.reviewId,
        criterionId: input.criterionId,
        origin: input.origin,
        title: input.title,
        kind: "file",
        fileName: input.fileName,
        storageKey,
        mediaType: input.detected.mediaType,
        sizeBytes: input.bytes.byteLength,
        sha256: sha256Hex(input.bytes),
      },
      audit,
    );
  } catch (error) {
    await deleteStoredFile(storageKey);
    throw error;
  }
}

export interface StoredEvidence {
  id: number;
  reviewId: number;
  criterionId: number | null;
  kind: EvidenceKind;
  origin: EvidenceOrigin;
  createdBy: number | null;
  fileName: string | null;
  mediaType: string | null;
  storageKey: string | null;
  sha256: string | null;
}

export async function getEvidence(db: AppDatabase, reviewId: number, evidenceId: number): Promise<StoredEvidence | null> {
  const row = await db
    .selectFrom("evidence")
    .select(["id", "review_id", "criterion_id", "kind", "origin", "created_by", "file_name", "media_type", "storage_key", "sha256"])
    .where("id", "=", evidenceId)
    .where("review_id", "=", reviewId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    reviewId: row.review_id,
    criterionId: row.criterion_id,
    kind: row.kind,
    origin: row.origin,
    createdBy: row.created_by,
    fileName: row.file_name,
    mediaType: row.media_type,
    storageKey: row.storage_key,
    sha256: row.sha256,
  };
}

/** Removes the evidence (audit-logged with what it was) and then its file from disk. */
export async function removeEvidence(db: AppDatabase, evidence: StoredEvidence, audit: AuditContext): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("evidence").selectAll().where("id", "=", evidence.id).executeTakeFirst();
    if (!row) return;
    await trx.deleteFrom("evidence").where("id", "=", evidence.id).execute();
    const { storage_key: _key, ...logged } = row;
    await writeAudit(trx, audit, { action: "evidence.remove", entityType: "evidence", entityId: `${evidence.reviewId}:${evidence.id}`, before: logged });
  });
  if (evidence.storageKey) await deleteStoredFile(evidence.storageKey);
}

export type StoredFileRead = { ok: true; bytes: Buffer } | { ok: false; problem: "missing" | "checksum" };

/** The file's bytes, checked against the checksum recorded at upload. */
export async function readEvidenceFile(evidence: StoredEvidence): Promise<StoredFileRead> {
  if (!evidence.storageKey) return { ok: false, problem: "missing" };
  const bytes = await readStoredFile(evidence.storageKey);
  if (!bytes) return { ok: false, problem: "missing" };
  if (sha256Hex(bytes) !== evidence.sha256) return { ok: false, problem: "checksum" };
  return { ok: true, bytes };
}
