/**
 * The editor's workflow against the database: start a draft, save an edit, publish, import. Each
 * runs in one transaction that also writes its audit entry, and checks everything before writing,
 * so a refused operation leaves the database as it was. Concurrency is optimistic: every save names
 * the draft's revision it edited, and a save against an older revision is refused (StaleDraftError).
 * Published versions are refused here (PublishedVersionError) and by the database triggers anyway.
 */
import type { AppDatabase } from "#db/connection";
import { writeAudit, type AuditContext } from "~/modules/audit/audit.server";
import { canonicalManual } from "./manual-canonical.server";
import {
  applyDraftEdit,
  draftFromPublished,
  publishedContent,
  publishIssues,
  stockholmDate,
  type DraftEdit,
  type PublishIssue,
} from "./manual-editor";
import { checkImportText } from "./manual-import.server";
import {
  criterionKeyHistory,
  findOpenDraft,
  getManualVersion,
  insertDraftVersion,
  latestVersionNumber,
  listManualVersions,
  publishDraftVersion,
  updateDraftVersion,
  type StoredManualVersion,
} from "./manual-repository.server";
import { fromSchemaMessage } from "./manual-messages";
import { ManualFileSchema, type ManualFile, type ManualKey } from "./manual-schema";
import type { ManualIssue } from "./manual-validation";

/** Someone saved the draft after the revision this save was based on; nothing was saved. */
export class StaleDraftError extends Error {
  constructor() {
    super("The draft was changed by someone else");
    this.name = "StaleDraftError";
  }
}

/** The version is published and can never change. */
export class PublishedVersionError extends Error {
  constructor() {
    super("Published manual versions cannot be changed");
    this.name = "PublishedVersionError";
  }
}

export class VersionNotFoundError extends Error {
  constructor() {
    super("No such manual version");
    this.name = "VersionNotFoundError";
  }
}

/** The resulting content would not be a valid manual version (or may not be published yet). */
export class DraftContentError extends Error {
  constructor(public readonly issues: PublishIssue[]) {
    super(`The draft is not valid: ${issues.map((i) => i.message).join("; ")}`);
    this.name = "DraftContentError";
  }
}

/** The manual already has an open draft (only one at a time). */
export class OpenDraftExistsError extends Error {
  constructor(public readonly version: number) {
    super(`Version ${version} is already an open draft`);
    this.name = "OpenDraftExistsError";
  }
}

export class NoPublishedVersionError extends Error {
  constructor() {
    super("The manual has no published version to start from");
    this.name = "NoPublishedVersionError";
  }
}

/** An imported text that is not a valid manual version; every issue has path and line. */
export class ImportRefusedError extends Error {
  constructor(public readonly issues: ManualIssue[]) {
    super(`The file was refused: ${issues.length} issue(s)`);
    this.name = "ImportRefusedError";
  }
}

const ENTITY = "manual_version";

function auditName(manual: Pick<ManualFile, "manual" | "version">) {
  return `${manual.manual}/v${manual.version}`;
}

/** A draft and the version it follows (null for version 1). */
export interface EditableDraft {
  stored: StoredManualVersion;
  previous: StoredManualVersion | null;
}

/** Loads a draft for editing: VersionNotFoundError, or PublishedVersionError for a published version. */
export async function loadDraft(
  db: AppDatabase,
  { manualKey, version }: { manualKey: ManualKey; version: number }
): Promise<EditableDraft> {
  const stored = await getManualVersion(db, { manualKey, version });
  if (!stored) throw new VersionNotFoundError();
  if (stored.status === "published") throw new PublishedVersionError();
  const previous = version > 1 ? await getManualVersion(db, { manualKey, version: version - 1 }) : null;
  return { stored, previous };
}

/**
 * Starts draft N+1 from the latest published version N (content copied, changelog empty, every
 * criterion `same` in the crosswalk), or returns the open draft if there is one.
 */
export async function startDraft(
  db: AppDatabase,
  { manualKey, userId }: { manualKey: ManualKey; userId: number },
  audit: AuditContext
): Promise<{ version: number; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const open = await findOpenDraft(trx, manualKey);
    if (open !== null) return { version: open, created: false };
    const published = (await listManualVersions(trx, { manualKey, includeDrafts: false })).at(-1);
    if (!published) throw new NoPublishedVersionError();
    const latest = await getManualVersion(trx, { manualKey, version: published.version });
    const draft = canonicalManual(ManualFileSchema.parse(draftFromPublished(latest!.content)));
    const id = await insertDraftVersion(trx, { manual: draft, createdBy: userId, now: new Date().toISOString() });
    await writeAudit(trx, audit, {
      action: "manual.draft.start",
      entityType: ENTITY,
      entityId: id,
      before: null,
      after: {
        version: auditName(draft),
        from: auditName(latest!.content),
        criteria: draft.dimensions.flatMap((d) => d.criteria.map((c) => c.key)),
      },
    });
    return { version: draft.version, created: true };
  });
}

/**
 * Applies one edit to a draft at `revision` and saves the whole new content after validating it
 * with ManualFileSchema. Throws StaleDraftError, PublishedVersionError, VersionNotFoundError,
 * DraftEditError (manual-editor.ts) or DraftContentError; nothing is written then.
 */
export async function saveDraftEdit(
  db: AppDatabase,
  { manualKey, version, revision, edit }: { manualKey: ManualKey; version: number; revision: number; edit: DraftEdit },
  audit: AuditContext
): Promise<{ revision: number }> {
  return db.transaction().execute(async (trx) => {
    const { stored, previous } = await loadDraft(trx, { manualKey, version });
    if (stored.revision !== revision) throw new StaleDraftError();
    const history = await criterionKeyHistory(trx, { manualKey, exceptVersion: version });
    const applied = applyDraftEdit(stored.content, edit, { previous: previous?.content ?? null, history });
    const parsed = ManualFileSchema.safeParse(applied.content);
    if (!parsed.success) {
      throw new DraftContentError(
        parsed.error.issues.map((issue) => ({
          path: issue.path.filter((s): s is string | number => typeof s !== "symbol"),
          ...fromSchemaMessage(issue.message),
        }))
      );
    }
    const manual = canonicalManual(parsed.data);
    const saved = await updateDraftVersion(trx, { id: stored.id, expectedRevision: revision, manual, now: new Date().toISOString() });
    if (!saved) throw new StaleDraftError();
    await writeAudit(trx, audit, {
      action: `manual.draft.${edit.kind}`,
      entityType: ENTITY,
      entityId: stored.id,
      before: { version: auditName(manual), revision, change: applied.before },
      after: { version: auditName(manual), revision: revision + 1, change: applied.after },
    });
    return { revision: revision + 1 };
  });
}

/** What publishing the draft now would need: empty when it may be published. */
export function draftPublishIssues(draft: EditableDraft, now = new Date()): PublishIssue[] {
  const previous = draft.previous?.status === "published" ? draft.previous.content : null;
  return publishIssues(previous, draft.stored.content, stockholmDate(now));
}

/**
 * Publishes a draft at `revision`: valid content and a complete crosswalk against the published
 * previous version are required (DraftContentError lists what is missing). Writes the final content
 * with status published and today's date in Sweden, its criteria rows, and flips the status, in one
 * transaction; the version is immutable afterwards.
 */
export async function publishDraft(
  db: AppDatabase,
  { manualKey, version, revision }: { manualKey: ManualKey; version: number; revision: number },
  audit: AuditContext,
  now = new Date()
): Promise<{ publishedAt: string }> {
  return db.transaction().execute(async (trx) => {
    const draft = await loadDraft(trx, { manualKey, version });
    if (draft.stored.revision !== revision) throw new StaleDraftError();
    const issues = draftPublishIssues(draft, now);
    if (issues.length > 0) throw new DraftContentError(issues);
    const publishedAt = stockholmDate(now);
    const manual = canonicalManual(publishedContent(draft.stored.content, publishedAt));
    const published = await publishDraftVersion(trx, { id: draft.stored.id, expectedRevision: revision, manual, now: now.toISOString() });
    if (!published) throw new StaleDraftError();
    await writeAudit(trx, audit, {
      action: "manual.draft.publish",
      entityType: ENTITY,
      entityId: draft.stored.id,
      before: { version: auditName(manual), status: "draft", revision },
      after: {
        version: auditName(manual),
        status: "published",
        publishedAt,
        revision: revision + 1,
        criteriaCount: manual.dimensions.reduce((n, d) => n + d.criteria.length, 0),
      },
    });
    return { publishedAt };
  });
}

/**
 * Imports a manual's JSON text as draft N+1 (N = the newest stored version), whatever version and
 * status the file states. Refused with OpenDraftExistsError when the manual has an open draft, and
 * ImportRefusedError (issues with path and line) when the text is not a valid version of this manual.
 */
export async function importDraft(
  db: AppDatabase,
  { manualKey, text, file, userId }: { manualKey: ManualKey; text: string; file: string; userId: number },
  audit: AuditContext
): Promise<{ version: number; crosswalkProposed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const open = await findOpenDraft(trx, manualKey);
    if (open !== null) throw new OpenDraftExistsError(open);
    const latest = await latestVersionNumber(trx, manualKey);
    const previous = latest > 0 ? await getManualVersion(trx, { manualKey, version: latest }) : null;
    const checked = checkImportText(text, { file, manualKey, version: latest + 1, previous: previous?.content ?? null });
    if (!checked.manual) throw new ImportRefusedError(checked.issues);
    const id = await insertDraftVersion(trx, { manual: checked.manual, createdBy: userId, now: new Date().toISOString() });
    await writeAudit(trx, audit, {
      action: "manual.draft.import",
      entityType: ENTITY,
      entityId: id,
      before: null,
      after: { version: auditName(checked.manual), file, crosswalkProposed: checked.crosswalkProposed, content: checked.manual },
    });
    return { version: checked.manual.version, crosswalkProposed: checked.crosswalkProposed };
  });
}
