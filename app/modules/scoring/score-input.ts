/**
 * Reading score forms (a reviewer's own scores and the team's consensus share the format): one or
 * more criteria per request, each with fields `score-<id>`, `rationale-<id>` and `version-<id>`,
 * and the criteria listed in repeated `criterionId` fields. Pure; every message is a dictionary key.
 */
import { z } from "zod";
import type { MessageKey } from "~/i18n/sv";
import { CANNOT_ASSESS, RATIONALE_MAX } from "./score-fields";

export { CANNOT_ASSESS, RATIONALE_MAX };

export interface ScoreEntry {
  criterionId: number;
  score: number | null;
  cannotAssess: boolean;
  rationale: string;
  /** The version the form was made from; 0 when no row existed. */
  version: number;
}

/** What the user sent, to put back into a form that was refused. */
export interface SubmittedValues {
  score: string;
  rationale: string;
}

export type ScoreFormResult =
  | { ok: true; entries: ScoreEntry[] }
  | {
      ok: false;
      formErrors: MessageKey[];
      fieldErrors: Record<string, MessageKey[]>;
      /** Criteria the request named that belong to this review's manual. */
      criterionIds: number[];
      values: Record<number, SubmittedValues>;
    };

const CriterionIdsSchema = z
  .array(z.coerce.number({ error: "form.invalidValue" }).int("form.invalidValue").positive("form.invalidValue"))
  .min(1, "form.invalidValue")
  .max(1000, "form.invalidValue");

/**
 * One schema per scale, built once: building a zod 4 object schema compiles a parser for it, and
 * doing that on every autosave was a noticeable part of the save's cost (docs/benchmarks.md).
 */
const entrySchemas = new Map<string, ReturnType<typeof buildEntrySchema>>();

function entrySchema(scaleValues: readonly number[]) {
  const key = scaleValues.join(",");
  let schema = entrySchemas.get(key);
  if (!schema) {
    schema = buildEntrySchema(scaleValues);
    if (entrySchemas.size >= 50) entrySchemas.clear();
    entrySchemas.set(key, schema);
  }
  return schema;
}

function buildEntrySchema(scaleValues: readonly number[]) {
  return z.object({
    score: z.enum(["", CANNOT_ASSESS, ...scaleValues.map(String)], { error: "scoring.error.invalidScore" }),
    rationale: z
      .string({ error: "form.invalidValue" })
      .transform((text) => text.replace(/\r\n?/g, "\n"))
      .pipe(z.string().max(RATIONALE_MAX, "scoring.error.rationaleTooLong"))
      .transform((text) => text.trim()),
    version: z.coerce
      .number({ error: "form.invalidValue" })
      .int("form.invalidValue")
      .min(0, "form.invalidValue")
      .max(Number.MAX_SAFE_INTEGER, "form.invalidValue"),
  });
}

/**
 * What the parsers read from a form: a FormData (Remix actions) or URLSearchParams (the JSON
 * autosave endpoint, decision 023) — the same get/getAll.
 */
export interface FormLike {
  get(name: string): FormDataEntryValue | null;
  getAll(name: string): FormDataEntryValue[];
}

function text(form: FormLike, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
}

/**
 * Validates a score form against the review's manual: known criteria only, scores on the scale,
 * rationale at most 4000 characters. Nothing partial: one bad field refuses the whole request.
 */
export function parseScoreForm(
  form: FormLike,
  { criterionIds, scaleValues }: { criterionIds: ReadonlySet<number>; scaleValues: readonly number[] }
): ScoreFormResult {
  const ids = CriterionIdsSchema.safeParse(form.getAll("criterionId"));
  if (!ids.success) return { ok: false, formErrors: ["form.invalidValue"], fieldErrors: {}, criterionIds: [], values: {} };
  const known = ids.data.filter((id) => criterionIds.has(id));
  const values: Record<number, SubmittedValues> = {};
  for (const id of known) values[id] = { score: text(form, `score-${id}`) ?? "", rationale: text(form, `rationale-${id}`) ?? "" };
  const formErrors: MessageKey[] = [];
  if (known.length !== ids.data.length) formErrors.push("scoring.error.unknownCriterion");
  if (new Set(ids.data).size !== ids.data.length) formErrors.push("form.invalidValue");

  const schema = entrySchema(scaleValues);
  const entries: ScoreEntry[] = [];
  const fieldErrors: Record<string, MessageKey[]> = {};
  for (const id of known) {
    const parsed = schema.safeParse({
      score: text(form, `score-${id}`) ?? "",
      rationale: text(form, `rationale-${id}`) ?? "",
      version: text(form, `version-${id}`),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = `${String(issue.path[0])}-${id}`;
        (fieldErrors[field] ??= []).push(issue.message as MessageKey);
      }
      continue;
    }
    const { score, rationale, version } = parsed.data;
    entries.push({
      criterionId: id,
      score: score === "" || score === CANNOT_ASSESS ? null : Number(score),
      cannotAssess: score === CANNOT_ASSESS,
      rationale,
      version,
    });
  }
  if (formErrors.length || Object.keys(fieldErrors).length) return { ok: false, formErrors, fieldErrors, criterionIds: known, values };
  return { ok: true, entries };
}

/** What the scoring and consensus actions answer (also to fetchers). */
export interface ScoreActionData {
  intent: "save" | "submit" | "unknown";
  ok: boolean;
  message: MessageKey;
  savedAt?: string;
  saved?: { criterionId: number; version: number }[];
  changed?: number;
  criterionIds?: number[];
  fieldErrors?: Record<string, MessageKey[]>;
  formErrors?: MessageKey[];
  staleCriterionId?: number;
  values?: Record<number, SubmittedValues>;
  missing?: { id: number; readingNumber: string }[];
  /** The JSON autosave endpoint to a signed-out request: where to sign in (and come back). */
  redirectTo?: string;
}
