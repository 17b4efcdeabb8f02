/**
 * The editor's workflow on a draft manual version, as pure functions: a new draft from the latest
 * published version, every edit the editor pages offer (texts, scale, changelog, criteria added,
 * removed, reordered and moved, the crosswalk), the crosswalk kept in step with the criteria, and
 * what publishing requires. No database: manual-editor.server.ts loads, saves and audits.
 *
 * Every edit returns the whole new content plus the part that changed (before/after, for the audit
 * log); the caller validates the whole content with ManualFileSchema before saving it.
 */
import type { MessageKey } from "~/i18n/sv";
import {
  criteriaOf,
  ManualFileSchema,
  type Criterion,
  type CrosswalkEntry,
  type CrosswalkType,
  type LocalizedText,
  type ManualFile,
} from "./manual-schema";
import { checkMessage, fromSchemaMessage } from "./manual-messages";
import { validateCrosswalk, type ContentIssue, type JsonPath } from "./manual-validation";

/** An edit that cannot be made; `field` names the form field the message belongs next to. */
export class DraftEditError extends Error {
  constructor(
    public readonly field: string | null,
    public readonly messageKey: MessageKey,
    public readonly vars?: Record<string, string | number>
  ) {
    super(messageKey);
    this.name = "DraftEditError";
  }
}

/** Today's date in Sweden (YYYY-MM-DD), whatever the server's time zone. */
export function stockholmDate(now: Date): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Stockholm",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** One `same` entry per criterion: the crosswalk of a copy nobody has edited yet. */
export function sameCrosswalk(previous: Pick<ManualFile, "dimensions">): CrosswalkEntry[] {
  return criteriaOf(previous).map((criterion) => ({ type: "same", from: [criterion.key], to: [criterion.key] }));
}

/** Version N+1 as a draft: the content of published version N, no changelog, every criterion `same`. */
export function draftFromPublished(latest: ManualFile): ManualFile {
  const { publishedAt: _publishedAt, $schema: _schema, ...content } = structuredClone(latest);
  return { ...content, version: latest.version + 1, status: "draft", changelog: [], crosswalk: sameCrosswalk(latest) };
}

/**
 * A crosswalk proposed by matching keys, for an imported file whose own crosswalk does not lead
 * from the version before it: a key in both versions is `same` (`reworded` when the Swedish text
 * differs, `moved` when the dimension differs), a key only in the previous version `retired`, a key
 * only in the new one `new`. The editor checks it before publishing.
 */
export function proposedCrosswalk(previous: Pick<ManualFile, "dimensions">, current: Pick<ManualFile, "dimensions">): CrosswalkEntry[] {
  const now = locateAll(current);
  const entries: CrosswalkEntry[] = [];
  for (const dimension of previous.dimensions) {
    for (const before of dimension.criteria) {
      const after = now.get(before.key);
      if (!after) entries.push({ type: "retired", from: [before.key], to: [] });
      else {
        const type: CrosswalkType =
          after.dimension !== dimension.key ? "moved" : after.criterion.text.sv.trim() !== before.text.sv.trim() ? "reworded" : "same";
        entries.push({ type, from: [before.key], to: [before.key] });
      }
    }
  }
  const known = new Set(criteriaOf(previous).map((c) => c.key));
  for (const key of now.keys()) if (!known.has(key)) entries.push({ type: "new", from: [], to: [key] });
  return entries;
}

interface Located {
  dimension: string;
  dimensionIndex: number;
  index: number;
  criterion: Criterion;
}

function locateAll(manual: Pick<ManualFile, "dimensions">): Map<string, Located> {
  const found = new Map<string, Located>();
  manual.dimensions.forEach((dimension, dimensionIndex) =>
    dimension.criteria.forEach((criterion, index) =>
      found.set(criterion.key, { dimension: dimension.key, dimensionIndex, index, criterion })
    )
  );
  return found;
}

function locate(manual: ManualFile, key: string): Located {
  const found = locateAll(manual).get(key);
  if (!found) throw new DraftEditError(null, "manuals.editor.error.unknownCriterion");
  return found;
}

/**
 * Keeps the crosswalk in step with the draft's criteria: targets that no longer exist are dropped
 * (an entry left without targets becomes `retired`), a criterion claimed by an entry from the
 * previous version leaves the `new` entries, and every criterion nobody claims gets a `new` entry.
 * Version 1 has no crosswalk. What the editor decided otherwise (types, notes) stays as it is;
 * whatever is still wrong is reported by the publishing check, not silently fixed.
 */
export function normalizeCrosswalk(content: ManualFile, previous: ManualFile | null): ManualFile {
  if (!previous || content.version === 1) {
    const { crosswalk: _crosswalk, ...rest } = content;
    return rest;
  }
  const current = new Set(criteriaOf(content).map((c) => c.key));
  const kept: CrosswalkEntry[] = [];
  for (const entry of content.crosswalk ?? []) {
    const to = entry.to.filter((key) => current.has(key));
    if (entry.type === "new") {
      if (to.length > 0) kept.push({ ...entry, to });
    } else if (to.length === 0 && entry.to.length > 0 && entry.type !== "retired") {
      kept.push({ ...entry, type: "retired", to: [] });
    } else {
      kept.push({ ...entry, to });
    }
  }
  const claimed = new Set(kept.filter((e) => e.type !== "new").flatMap((e) => e.to));
  const entries: CrosswalkEntry[] = [];
  for (const entry of kept) {
    if (entry.type !== "new") {
      entries.push(entry);
      continue;
    }
    const to = entry.to.filter((key) => !claimed.has(key));
    to.forEach((key) => claimed.add(key));
    if (to.length > 0) entries.push({ ...entry, to });
  }
  for (const key of current) if (!claimed.has(key)) entries.push({ type: "new", from: [], to: [key] });
  return { ...content, crosswalk: entries };
}

/** The crosswalk entry whose `from` holds this key of the previous version. */
export function entryFrom(crosswalk: readonly CrosswalkEntry[] | undefined, key: string): CrosswalkEntry | undefined {
  return crosswalk?.find((entry) => entry.from.includes(key));
}

/** The fields of a criterion an editor writes (the key is chosen once and never changes). */
export interface CriterionFields {
  text: LocalizedText;
  basis: LocalizedText & { suggested: boolean };
  guidance?: LocalizedText;
  demand: Criterion["demand"];
  number?: string;
  source?: Criterion["source"];
  /** Related Kolada indicators; undefined keeps the criterion's current ones. */
  kpis?: string[];
}

/** One row of the crosswalk form: where one criterion of the previous version went. */
export interface CrosswalkRow {
  from: string;
  /** null: not decided yet (the entry is left out, and publishing says so). */
  type: Exclude<CrosswalkType, "new"> | null;
  to: string[];
  note?: LocalizedText;
}

export type DraftEdit =
  | { kind: "details"; title: LocalizedText; description?: LocalizedText }
  | { kind: "changelog"; changelog: LocalizedText[] }
  | {
      kind: "scale";
      steps: { label: LocalizedText; description: LocalizedText }[];
      cannotAssess: { label: LocalizedText; description: LocalizedText };
    }
  | { kind: "criterion"; key: string; fields: CriterionFields }
  | { kind: "add"; dimension: string; key: string; fields: CriterionFields }
  | { kind: "remove"; key: string }
  | { kind: "reorder"; key: string; direction: "up" | "down" }
  | { kind: "move"; key: string; dimension: string }
  | { kind: "crosswalk"; rows: CrosswalkRow[]; newNotes: { key: string; note?: LocalizedText }[] };

export type DraftEditKind = DraftEdit["kind"];

export interface EditContext {
  /** The version the draft follows (null for a version 1 draft). */
  previous: ManualFile | null;
  /** Criterion keys of the manual's other versions: the Swedish text in the latest version holding each. */
  history: ReadonlyMap<string, { version: number; textSv: string }>;
}

export interface AppliedEdit {
  content: ManualFile;
  /** What the edit changed, as it was and as it is now (for the audit log). */
  before: unknown;
  after: unknown;
}

function criterionFrom(key: string, fields: CriterionFields, existing?: Criterion): Criterion {
  const criterion: Criterion = {
    key,
    text: fields.text,
    basis: fields.basis,
    demand: fields.demand,
    kpis: fields.kpis ?? existing?.kpis ?? [],
  };
  if (fields.number) criterion.number = fields.number;
  if (existing?.group) criterion.group = existing.group;
  if (fields.guidance) criterion.guidance = fields.guidance;
  if (fields.source) criterion.source = fields.source;
  return criterion;
}

/** Updates the 1→1 entry of a criterion after its text or dimension changed (see applyDraftEdit). */
function retypeAfterChange(content: ManualFile, previous: ManualFile | null, key: string) {
  if (!previous || !content.crosswalk) return;
  const entry = content.crosswalk.find((e) => e.from.length === 1 && e.to.length === 1 && e.to[0] === key);
  if (!entry || !["same", "reworded", "moved"].includes(entry.type)) return;
  const before = locateAll(previous).get(entry.from[0]!);
  const after = locateAll(content).get(key);
  if (!before || !after) return;
  const textChanged = before.criterion.text.sv.trim() !== after.criterion.text.sv.trim();
  const dimensionChanged = before.dimension !== after.dimension;
  if (entry.type === "same" && dimensionChanged) entry.type = "moved";
  else if (entry.type === "same" && textChanged) entry.type = "reworded";
  else if (entry.type === "moved" && !dimensionChanged) entry.type = textChanged ? "reworded" : "same";
}

function requireDimension(content: ManualFile, key: string): number {
  const index = content.dimensions.findIndex((d) => d.key === key);
  if (index === -1) throw new DraftEditError("dimension", "manuals.editor.error.unknownDimension");
  return index;
}

/**
 * Applies one edit to a draft's content. Crosswalk upkeep, beyond normalizeCrosswalk:
 * - a `same` entry becomes `reworded` when the editor changes the Swedish text, and `moved` when
 *   the criterion moves to another dimension than it had in the previous version (`moved` turns
 *   back when it returns);
 * - re-adding a criterion of the previous version that the crosswalk had retired links it again.
 * Throws DraftEditError for an edit that cannot be made.
 */
export function applyDraftEdit(original: ManualFile, edit: DraftEdit, context: EditContext): AppliedEdit {
  const content = structuredClone(original);
  const { previous } = context;
  let before: unknown;
  let after: unknown;
  switch (edit.kind) {
    case "details": {
      before = { title: content.title, description: content.description ?? null };
      content.title = edit.title;
      if (edit.description) content.description = edit.description;
      else delete content.description;
      after = { title: content.title, description: content.description ?? null };
      break;
    }
    case "changelog": {
      before = content.changelog;
      content.changelog = edit.changelog;
      after = content.changelog;
      break;
    }
    case "scale": {
      if (edit.steps.length !== content.scale.steps.length) throw new DraftEditError(null, "manuals.editor.error.scaleSteps");
      before = content.scale;
      content.scale = {
        steps: content.scale.steps.map((step, i) => ({ value: step.value, ...edit.steps[i]! })),
        cannotAssess: edit.cannotAssess,
      };
      after = content.scale;
      break;
    }
    case "criterion": {
      const at = locate(content, edit.key);
      const updated = criterionFrom(edit.key, edit.fields, at.criterion);
      content.dimensions[at.dimensionIndex]!.criteria[at.index] = updated;
      retypeAfterChange(content, previous, edit.key);
      before = at.criterion;
      after = updated;
      break;
    }
    case "add": {
      const d = requireDimension(content, edit.dimension);
      if (locateAll(content).has(edit.key)) throw new DraftEditError("key", "manuals.editor.error.keyInDraft");
      const earlier = context.history.get(edit.key);
      if (earlier && earlier.textSv.trim() !== edit.fields.text.sv.trim()) {
        // A key names one criterion for good: it may come back, but not for a different criterion.
        throw new DraftEditError("key", "manuals.editor.error.keyUsedBefore");
      }
      const criterion = criterionFrom(edit.key, edit.fields);
      content.dimensions[d]!.criteria.push(criterion);
      const retired = content.crosswalk?.find((e) => e.type === "retired" && e.from.length === 1 && e.from[0] === edit.key);
      if (retired && previous) {
        const was = locateAll(previous).get(edit.key);
        retired.type = was && was.criterion.text.sv.trim() === criterion.text.sv.trim() ? "same" : "reworded";
        retired.to = [edit.key];
        retypeAfterChange(content, previous, edit.key);
      }
      before = null;
      after = { dimension: edit.dimension, position: content.dimensions[d]!.criteria.length, criterion };
      break;
    }
    case "remove": {
      const at = locate(content, edit.key);
      content.dimensions[at.dimensionIndex]!.criteria.splice(at.index, 1);
      before = { dimension: at.dimension, position: at.index + 1, criterion: at.criterion };
      after = null;
      break;
    }
    case "reorder": {
      const at = locate(content, edit.key);
      const list = content.dimensions[at.dimensionIndex]!.criteria;
      const target = edit.direction === "up" ? at.index - 1 : at.index + 1;
      if (target < 0 || target >= list.length) throw new DraftEditError(null, "manuals.editor.error.cannotMove");
      [list[at.index], list[target]] = [list[target]!, list[at.index]!];
      before = { key: edit.key, dimension: at.dimension, position: at.index + 1 };
      after = { key: edit.key, dimension: at.dimension, position: target + 1 };
      break;
    }
    case "move": {
      const at = locate(content, edit.key);
      const d = requireDimension(content, edit.dimension);
      if (d === at.dimensionIndex) throw new DraftEditError("dimension", "manuals.editor.error.sameDimension");
      content.dimensions[at.dimensionIndex]!.criteria.splice(at.index, 1);
      const moved = { ...at.criterion };
      // A group's lead-in belongs to its dimension; in another dimension the criterion reads alone.
      if (moved.group && !content.dimensions[d]!.groups.some((g) => g.key === moved.group)) delete moved.group;
      content.dimensions[d]!.criteria.push(moved);
      retypeAfterChange(content, previous, edit.key);
      before = { key: edit.key, dimension: at.dimension, position: at.index + 1, group: at.criterion.group ?? null };
      after = { key: edit.key, dimension: edit.dimension, position: content.dimensions[d]!.criteria.length, group: moved.group ?? null };
      break;
    }
    case "crosswalk": {
      if (!previous) throw new DraftEditError(null, "manuals.editor.error.noPrevious");
      before = content.crosswalk ?? [];
      content.crosswalk = crosswalkFromRows(content, previous, edit.rows, edit.newNotes);
      after = content.crosswalk;
      break;
    }
  }
  const normalized = normalizeCrosswalk(content, previous);
  if (edit.kind !== "crosswalk" && JSON.stringify(normalized.crosswalk) !== JSON.stringify(original.crosswalk)) {
    // The crosswalk followed the change: record that as well.
    before = { change: before, crosswalk: original.crosswalk ?? null };
    after = { change: after, crosswalk: normalized.crosswalk ?? null };
  }
  return { content: normalized, before, after };
}

/** The crosswalk as the form describes it: one row per previous criterion, `merged` rows joined by target. */
function crosswalkFromRows(
  content: ManualFile,
  previous: ManualFile,
  rows: CrosswalkRow[],
  newNotes: { key: string; note?: LocalizedText }[]
): CrosswalkEntry[] {
  const previousKeys = new Set(criteriaOf(previous).map((c) => c.key));
  const current = new Set(criteriaOf(content).map((c) => c.key));
  const seen = new Set<string>();
  const entries: CrosswalkEntry[] = [];
  const mergedByTarget = new Map<string, CrosswalkEntry>();
  rows.forEach((row, i) => {
    if (!previousKeys.has(row.from) || seen.has(row.from)) throw new DraftEditError(`rows[${i}].type`, "form.invalidValue");
    seen.add(row.from);
    if (row.type === null) return;
    let to = row.type === "retired" ? [] : row.to;
    if (row.type !== "retired" && to.length === 0) {
      // A 1→1 type with no target written means the criterion kept its key.
      if (["same", "reworded", "moved"].includes(row.type) && current.has(row.from)) to = [row.from];
      else throw new DraftEditError(`rows[${i}].to`, "manuals.editor.error.targetRequired");
    }
    const unknown = to.find((key) => !current.has(key));
    if (unknown) throw new DraftEditError(`rows[${i}].to`, "manuals.editor.error.unknownTarget", { key: unknown });
    const entry: CrosswalkEntry = { type: row.type, from: [row.from], to: [...new Set(to)] };
    if (row.note) entry.note = row.note;
    if (row.type === "merged" && to.length === 1) {
      const group = mergedByTarget.get(to[0]!);
      if (group) {
        group.from.push(row.from);
        if (!group.note && row.note) group.note = row.note;
        return;
      }
      mergedByTarget.set(to[0]!, entry);
    }
    entries.push(entry);
  });
  const notes = new Map(newNotes.map((n) => [n.key, n.note]));
  for (const entry of content.crosswalk ?? []) {
    if (entry.type !== "new") continue;
    const note = entry.to.map((key) => notes.get(key)).find((n) => n !== undefined);
    const updated: CrosswalkEntry = { ...entry };
    if (entry.to.some((key) => notes.has(key))) {
      if (note) updated.note = note;
      else delete updated.note;
    }
    entries.push(updated);
  }
  return entries;
}

/** A problem at a place in the draft: the Swedish message plus its dictionary key (see manual-messages). */
export type PublishIssue = ContentIssue;

/** The content as it will be published: status, date, and the schema's canonical form. */
export function publishedContent(draft: ManualFile, publishedAt: string): ManualFile {
  return ManualFileSchema.parse({ ...draft, status: "published", publishedAt });
}

/**
 * What stands between the draft and publishing: the file schema of the published content, and the
 * crosswalk against the previous version (every criterion of it exactly once, shapes that fit their
 * types, `same` only for unchanged text). Empty when it may be published.
 */
export function publishIssues(previous: ManualFile | null, draft: ManualFile, publishedAt: string): PublishIssue[] {
  const parsed = ManualFileSchema.safeParse({ ...draft, status: "published", publishedAt });
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({
      path: issue.path.filter((s): s is string | number => typeof s !== "symbol"),
      ...fromSchemaMessage(issue.message),
    }));
  }
  if (draft.version === 1) {
    return draft.crosswalk ? [{ path: ["crosswalk"], ...checkMessage("manuals.check.firstHasCrosswalk") }] : [];
  }
  if (!previous) {
    return [
      { path: ["version"], ...checkMessage("manuals.check.previousUnpublished", { previous: draft.version - 1, version: draft.version }) },
    ];
  }
  return validateCrosswalk(previous, parsed.data);
}

/** Counts of crosswalk entries per type, in the schema's order of types. */
export function crosswalkCounts(crosswalk: readonly CrosswalkEntry[] | undefined): { type: CrosswalkType; count: number }[] {
  const counts = new Map<CrosswalkType, number>();
  for (const entry of crosswalk ?? []) counts.set(entry.type, (counts.get(entry.type) ?? 0) + 1);
  return (["same", "reworded", "split", "merged", "moved", "new", "retired"] as const)
    .filter((type) => counts.has(type))
    .map((type) => ({ type, count: counts.get(type)! }));
}
