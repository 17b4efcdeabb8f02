/**
 * The self-assessment page's loader data and action, kept out of the route module. The loader
 * returns only what the viewer may see (the unit never gets the team's evidence or notes, not even
 * in the data); the action checks the viewer's access per intent (403), validates every field
 * (400, nothing saved), refuses stale saves (409) and answers a plain form post with a redirect
 * back to the changed criterion, an autosave with data.
 */
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import type { CurrentUser } from "~/modules/users/users.server";
import type { MessageKey } from "~/i18n/sv";
import type { AuditContext } from "~/modules/audit/audit.server";
import type { LocalizedText, Scale } from "~/modules/manuals/manual-schema";
import { dimensionViews, type CriterionView } from "~/modules/manuals/manual-view";
import type { ReviewContext } from "~/modules/reviews/review-repository.server";
import { loadRelatedEvidence } from "~/modules/national/related-evidence.server";
import { isAtOrPast } from "~/modules/reviews/stages";
import { getDb } from "~/utils/db.server";
import { sniffContentType } from "./content-sniffer";
import { criterionAnchor, evidenceAnchor, evidencePath, selfAssessmentPath } from "./paths";
import { readPageFormData } from "./evidence-upload.server";
import { canRemoveEvidence, canSeeEvidence, defaultTitle, downloadFileName, originForNewEvidence, sanitizeFileName, type EvidenceKind, type EvidenceOrigin } from "./evidence-rules";
import { indicatorPanelsFor } from "~/modules/kolada/kolada-pages.server";
import { parseIndicatorSnapshot, type IndicatorSnapshot } from "~/modules/kolada/kolada-panel";
import { addFileEvidence, addLinkEvidence, addNoteEvidence, getEvidence, listEvidence, removeEvidence } from "./evidence.server";
import { ActionSchema, parseScoreChoice, progressOf } from "./self-assessment";
import {
  getPinnedManual,
  listAnswers,
  reopenSelfAssessment,
  saveAnswer,
  SelfAssessmentError,
  submitSelfAssessment,
  type PinnedCriterion,
} from "./self-assessment.server";

/** 403 with a message the page's error boundary shows. */
function refuse(messageKey: MessageKey): never {
  throw data({ message: "forbidden", messageKey }, { status: 403 });
}

/** The page is for those who may see the self-assessment, once information gathering has started. */
export function requireSelfAssessmentAccess(context: ReviewContext) {
  if (!context.access.canSeeSelfAssessment) refuse("selfAssessment.error.noAccess");
  if (!isAtOrPast(context.review.stage, "gathering")) refuse("selfAssessment.error.notStarted");
}

export interface CriterionPageView {
  id: number;
  key: string;
  readingNumber: string;
  text: LocalizedText;
  basis: LocalizedText & { suggested: boolean };
  guidance: LocalizedText | null;
}

export type BlockPageView =
  | { kind: "group"; key: string; number: string | null; text: LocalizedText; criteria: CriterionPageView[] }
  | { kind: "criterion"; criterion: CriterionPageView };

export interface EvidenceView {
  id: number;
  criterionId: number | null;
  kind: EvidenceKind;
  origin: EvidenceOrigin;
  title: string;
  url: string | null;
  body: string | null;
  fileName: string | null;
  sizeBytes: number | null;
  createdAt: string;
  createdByName: string | null;
  downloadPath: string | null;
  removable: boolean;
  /** The frozen values of a `kolada` item. */
  indicator: IndicatorSnapshot | null;
}

const DONE_CODES = ["saved", "submitted", "reopened", "evidenceAdded", "evidenceRemoved"] as const;
export type DoneCode = (typeof DONE_CODES)[number];

export async function loadSelfAssessmentPage(request: Request, user: CurrentUser, context: ReviewContext) {
  requireSelfAssessmentAccess(context);
  const db = getDb();
  const { review, round, access } = context;
  const pinned = await getPinnedManual(db, round.manual_version_id);
  const ids = new Map(pinned.criteria.map((c) => [c.key, c.id]));
  const dimensions = dimensionViews(pinned.manual).map((dimension) => {
    const toView = (c: CriterionView): CriterionPageView | null => {
      const id = ids.get(c.key);
      return id === undefined ? null : { id, key: c.key, readingNumber: c.readingNumber, text: c.text, basis: c.basis, guidance: c.guidance ?? null };
    };
    const blocks: BlockPageView[] = [];
    for (const block of dimension.blocks) {
      if (block.kind === "group") {
        const criteria = block.criteria.map(toView).filter((c): c is CriterionPageView => c !== null);
        if (criteria.length) blocks.push({ kind: "group", key: block.key, number: block.number, text: block.text, criteria });
      } else {
        const criterion = toView(block.criterion);
        if (criterion) blocks.push({ kind: "criterion", criterion });
      }
    }
    return { key: dimension.key, number: dimension.number, title: dimension.title, blocks };
  });

  const answers = await listAnswers(db, review.id);
  const origins: EvidenceOrigin[] = (["unit", "team"] as const).filter((origin) => canSeeEvidence(access, origin));
  const evidence: EvidenceView[] = (await listEvidence(db, review.id, origins)).map((e) => ({
    id: e.id,
    criterionId: e.criterionId,
    kind: e.kind,
    origin: e.origin,
    title: e.title,
    url: e.kind === "link" || e.kind === "kolada" ? e.url : null,
    body: e.kind === "note" ? e.body : null,
    fileName: e.fileName,
    sizeBytes: e.sizeBytes,
    createdAt: e.createdAt,
    createdByName: e.createdByName,
    downloadPath: e.kind === "file" ? evidencePath(review.id, e.id) : null,
    removable: canRemoveEvidence(access, user.id, e),
    indicator: e.kind === "kolada" ? parseIndicatorSnapshot(e.snapshotJson) : null,
  }));
  const indicators = await indicatorPanelsFor(db, context, "self-assessment", request);

  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  const doneCriterion = Number(url.searchParams.get("criterion"));
  const notice =
    done && (DONE_CODES as readonly string[]).includes(done)
      ? { code: done as DoneCode, criterionId: Number.isInteger(doneCriterion) && doneCriterion > 0 ? doneCriterion : null }
      : null;

  return {
    reviewId: review.id,
    reviewVersion: review.version,
    stage: review.stage,
    submitted: review.selfAssessmentSubmitted,
    selfAssessmentDue: round.self_assessment_due,
    scale: pinned.manual.scale as Scale,
    dimensions,
    answers: Object.fromEntries(
      [...answers.values()].map((a) => [a.criterionId, { score: a.score, cannotAssess: a.cannotAssess, comment: a.comment, version: a.version, updatedAt: a.updatedAt }]),
    ),
    progress: progressOf(
      pinned.criteria.map((c) => c.id),
      answers,
    ),
    evidence,
    indicators,
    viewer: {
      canEdit: access.canEditSelfAssessment,
      canReopen: access.canReopenSelfAssessment,
      isUnitContact: access.isUnitContact,
      /** Origin of the evidence this viewer adds (null: none). */
      addsEvidenceAs: originForNewEvidence(access),
      canSeeTeamEvidence: access.canSeeTeamEvidence,
    },
    notice,
    // The national review only: the latest published results of related county and node criteria.
    // Which units have gaps is for the team and the national function, not for a unit contact.
    relatedEvidence: await loadRelatedEvidence(db, {
      level: round.level,
      manualVersionId: round.manual_version_id,
      showNames: access.isTeamMember || access.isCoordinator,
    }),
  };
}

export interface ActionBody {
  ok: boolean;
  intent: string;
  message: MessageKey;
  /** The criterion whose form the answer belongs to (null: the whole review or the page). */
  criterionId?: number | null;
  fieldErrors?: Record<string, string[]>;
  /** Criteria still unanswered when handing in. */
  missing?: { id: number; key: string; readingNumber: string }[];
  /** The answer's version after an autosave. */
  version?: number;
  answered?: number;
  total?: number;
  /** What was sent, to fill the form in again after an error. */
  values?: Record<string, string>;
}

function reply(body: ActionBody, status = 200) {
  return data(body, { status });
}

function asText(value: FormDataEntryValue | null): string {
  return typeof value === "string" ? value : "";
}

function formCriterionId(formData: FormData | null): number | null {
  const id = Number(asText(formData?.get("criterionId") ?? null));
  return Number.isInteger(id) && id > 0 ? id : null;
}

/** Where a plain form post lands afterwards: the page, scrolled to what changed. */
function backTo(reviewId: number, done: DoneCode, criterion: PinnedCriterion | null, anchor: string) {
  const query = new URLSearchParams({ done });
  if (criterion) query.set("criterion", String(criterion.id));
  return redirect(`${selfAssessmentPath(reviewId)}?${query}#${anchor}`);
}

export async function handleSelfAssessmentAction(request: Request, user: CurrentUser, context: ReviewContext, audit: AuditContext) {
  requireSelfAssessmentAccess(context);
  const { review, round, access } = context;
  const db = getDb();
  const body = await readPageFormData(request);
  const intent = asText(body.formData?.get("intent") ?? null);
  if (!body.ok) {
    const criterionId = formCriterionId(body.formData);
    if (body.problem === "too-large") {
      return reply({ ok: false, intent, message: "evidence.error.tooLarge", criterionId, fieldErrors: { file: ["evidence.error.tooLarge"] } }, 413);
    }
    return reply({ ok: false, intent, message: "error.badRequest", criterionId }, 400);
  }
  const formData = body.formData;
  const values = Object.fromEntries([...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"));

  // Who may do what, before looking at the values.
  const origin = originForNewEvidence(access);
  switch (intent) {
    case "save":
    case "submit":
      if (!access.canEditSelfAssessment) {
        const message = review.selfAssessmentSubmitted && access.isUnitContact ? "selfAssessment.error.submitted" : "selfAssessment.error.notEditable";
        return reply({ ok: false, intent, message, criterionId: formCriterionId(formData) }, 403);
      }
      break;
    case "reopen":
      if (!access.canReopenSelfAssessment) return reply({ ok: false, intent, message: "error.forbidden" }, 403);
      break;
    case "add-link":
    case "add-file":
      if (!origin) return reply({ ok: false, intent, message: "evidence.error.notAllowed", criterionId: formCriterionId(formData) }, 403);
      break;
    case "add-note":
      if (!access.canAddTeamEvidence) return reply({ ok: false, intent, message: "evidence.error.notAllowed", criterionId: formCriterionId(formData) }, 403);
      break;
  }

  const parsed = ActionSchema.safeParse(Object.fromEntries(formData.entries()));
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    if (fieldErrors.intent) return reply({ ok: false, intent, message: "error.badRequest" }, 400);
    return reply({ ok: false, intent, message: "form.errorSummary", criterionId: formCriterionId(formData), fieldErrors, values }, 400);
  }
  const input = parsed.data;
  const pinned = await getPinnedManual(db, round.manual_version_id);
  const criterionOf = (id: number | null) => (id === null ? null : (pinned.criteria.find((c) => c.id === id) ?? undefined));
  const unknownCriterion = (criterionId: number | null) =>
    reply({ ok: false, intent, message: "form.errorSummary", criterionId: null, fieldErrors: { criterionId: ["selfAssessment.error.unknownCriterion"] }, values }, 400);

  try {
    switch (input.intent) {
      case "save": {
        const criterion = criterionOf(input.criterionId);
        if (!criterion) return unknownCriterion(input.criterionId);
        const answer = parseScoreChoice(input.score, pinned.manual.scale);
        if (!answer) {
          return reply({ ok: false, intent, message: "form.errorSummary", criterionId: criterion.id, fieldErrors: { score: ["selfAssessment.error.score"] }, values }, 400);
        }
        const version = await saveAnswer(db, { reviewId: review.id, criterionId: criterion.id, expectedVersion: input.version, answer, comment: input.comment }, audit);
        if (input.autosave) {
          const progress = progressOf(
            pinned.criteria.map((c) => c.id),
            await listAnswers(db, review.id),
          );
          return reply({ ok: true, intent, message: "selfAssessment.saved", criterionId: criterion.id, version, ...progress });
        }
        return backTo(review.id, "saved", criterion, criterionAnchor(criterion.key));
      }
      case "submit": {
        await submitSelfAssessment(db, { reviewId: review.id, expectedVersion: input.version, criterionIds: pinned.criteria.map((c) => c.id) }, audit);
        return backTo(review.id, "submitted", null, "self-assessment-status");
      }
      case "reopen": {
        await reopenSelfAssessment(db, { reviewId: review.id, expectedVersion: input.version }, audit);
        return backTo(review.id, "reopened", null, "self-assessment-status");
      }
      case "add-link":
      case "add-note":
      case "add-file": {
        const criterion = criterionOf(input.criterionId);
        if (criterion === undefined) return unknownCriterion(input.criterionId);
        const evidenceOrigin: EvidenceOrigin = input.intent === "add-note" ? "team" : origin!;
        const base = { reviewId: review.id, criterionId: criterion?.id ?? null, origin: evidenceOrigin };
        if (input.intent === "add-link") {
          await addLinkEvidence(db, { ...base, url: input.url, title: input.title || defaultTitle("link", { url: input.url }) }, audit);
        } else if (input.intent === "add-note") {
          await addNoteEvidence(db, { ...base, body: input.body, title: input.title || defaultTitle("note", { body: input.body }) }, audit);
        } else {
          const bytes = new Uint8Array(await input.file.arrayBuffer());
          const detected = sniffContentType(bytes, input.file.name);
          if (!detected.ok) {
            const message = detected.reason === "empty" ? "evidence.error.fileEmpty" : "evidence.error.fileType";
            return reply({ ok: false, intent, message, criterionId: criterion?.id ?? null, fieldErrors: { file: [message] }, values }, 400);
          }
          const fileName = downloadFileName(sanitizeFileName(input.file.name), detected);
          await addFileEvidence(db, { ...base, fileName, bytes, detected, title: input.title || fileName }, audit);
        }
        return backTo(review.id, "evidenceAdded", criterion, evidenceAnchor(criterion?.key ?? null));
      }
      case "remove-evidence": {
        const evidence = await getEvidence(db, review.id, input.evidenceId);
        if (!evidence || !canSeeEvidence(access, evidence.origin)) return reply({ ok: false, intent, message: "evidence.error.notFound" }, 404);
        if (!canRemoveEvidence(access, user.id, evidence)) return reply({ ok: false, intent, message: "evidence.error.notRemovable" }, 403);
        const criterion = criterionOf(evidence.criterionId) ?? null;
        await removeEvidence(db, evidence, audit);
        return backTo(review.id, "evidenceRemoved", criterion, evidenceAnchor(criterion?.key ?? null));
      }
    }
  } catch (error) {
    if (error instanceof SelfAssessmentError) {
      const missing = error.missing
        .map((id) => pinned.criteria.find((c) => c.id === id))
        .filter((c): c is PinnedCriterion => !!c)
        .map((c) => ({ id: c.id, key: c.key, readingNumber: c.readingNumber }));
      const criterionId = input.intent === "save" ? input.criterionId : null;
      return reply({ ok: false, intent, message: error.messageKey as MessageKey, criterionId, missing, values }, error.status);
    }
    throw error;
  }
}
