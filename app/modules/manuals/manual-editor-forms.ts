/**
 * The editor's forms: one zod schema per form (shared by the browser, through conform, and the
 * server) whose messages are dictionary keys, and the conversion of a valid form into a DraftEdit.
 * Field names are flat (textSv, basisEn …) so every form also works as a plain POST without
 * JavaScript. Pure and free of server code: the route modules import it on both sides.
 */
import { z } from "zod";
import { CROSSWALK_TYPES, DEMAND_LEVELS, KOLADA_KPI_ID, type LocalizedText } from "./manual-schema";
import type { CriterionFields, CrosswalkRow, DraftEdit } from "./manual-editor";

/** Longest text a field takes: the file schema's limit for every text. */
export const MAX_TEXT = 4000;
const KEY_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export { decodeMessage, encodeMessage } from "./manual-messages";

const requiredText = () =>
  z.string({ error: "manuals.editor.error.svRequired" }).trim().min(1, "manuals.editor.error.svRequired").max(MAX_TEXT, "form.tooLong");
const optionalText = () => z.string().trim().max(MAX_TEXT, "form.tooLong").optional();
const RevisionSchema = z.coerce.number({ error: "form.invalidValue" }).int("form.invalidValue").positive("form.invalidValue");
const LineNumberSchema = z.coerce
  .number({ error: "manuals.editor.error.lineNumber" })
  .int("manuals.editor.error.lineNumber")
  .positive("manuals.editor.error.lineNumber")
  .max(1_000_000, "manuals.editor.error.lineNumber");
export const CriterionKeySchema = z
  .string({ error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(80, "form.tooLong")
  .regex(KEY_PATTERN, "manuals.editor.error.keyFormat");

/** {sv, en} from two optional form fields; undefined when both are empty. */
function pair(sv: string | undefined, en: string | undefined): LocalizedText | undefined {
  return sv ? { sv, en: en ?? "" } : undefined;
}

/** English without Swedish is refused next to the Swedish field: Swedish is the manual's language. */
function requireSvWithEn(ctx: z.RefinementCtx, value: Record<string, unknown>, pairs: [sv: string, en: string][]) {
  for (const [sv, en] of pairs) {
    if (value[en] && !value[sv]) ctx.addIssue({ code: "custom", path: [sv], message: "manuals.editor.error.svRequired" });
  }
}

// ---------------------------------------------------------------------------------------------
// Title and description

export const DetailsFormSchema = z
  .object({
    revision: RevisionSchema,
    titleSv: requiredText(),
    titleEn: optionalText(),
    descriptionSv: optionalText(),
    descriptionEn: optionalText(),
  })
  .superRefine((value, ctx) => requireSvWithEn(ctx, value, [["descriptionSv", "descriptionEn"]]));

export function detailsEdit(value: z.infer<typeof DetailsFormSchema>): DraftEdit {
  return {
    kind: "details",
    title: { sv: value.titleSv, en: value.titleEn ?? "" },
    description: pair(value.descriptionSv, value.descriptionEn),
  };
}

// ---------------------------------------------------------------------------------------------
// Changelog: the existing notes plus one empty row for a new note; rows left empty are dropped.

export const ChangelogFormSchema = z.object({
  revision: RevisionSchema,
  notes: z
    .array(z.object({ sv: optionalText(), en: optionalText() }).optional())
    .max(200, "form.invalidValue")
    .optional()
    .superRefine((notes, ctx) =>
      notes?.forEach((note, i) => {
        if (note?.en && !note.sv) ctx.addIssue({ code: "custom", path: [i, "sv"], message: "manuals.editor.error.svRequired" });
      })
    ),
});

export function changelogEdit(value: z.infer<typeof ChangelogFormSchema>): DraftEdit {
  return {
    kind: "changelog",
    changelog: (value.notes ?? []).flatMap((note) => (note?.sv ? [{ sv: note.sv, en: note.en ?? "" }] : [])),
  };
}

// ---------------------------------------------------------------------------------------------
// Scale: labels and descriptions of the existing steps (values and the number of steps stay).

const StepFields = z.object({
  labelSv: requiredText(),
  labelEn: optionalText(),
  descriptionSv: requiredText(),
  descriptionEn: optionalText(),
});

export const ScaleFormSchema = z.object({
  revision: RevisionSchema,
  steps: z.array(StepFields, { error: "form.invalidValue" }).min(2, "form.invalidValue").max(11, "form.invalidValue"),
  cannotAssess: StepFields,
});

export function scaleEdit(value: z.infer<typeof ScaleFormSchema>): DraftEdit {
  const step = (s: z.infer<typeof StepFields>) => ({
    label: { sv: s.labelSv, en: s.labelEn ?? "" },
    description: { sv: s.descriptionSv, en: s.descriptionEn ?? "" },
  });
  return { kind: "scale", steps: value.steps.map(step), cannotAssess: step(value.cannotAssess) };
}

// ---------------------------------------------------------------------------------------------
// One criterion (edit and add)

const criterionShape = {
  textSv: requiredText(),
  textEn: optionalText(),
  basisSv: requiredText(),
  basisEn: optionalText(),
  basisSuggested: z.literal("on", { error: "form.invalidValue" }).optional(),
  guidanceSv: optionalText(),
  guidanceEn: optionalText(),
  demand: z.enum(DEMAND_LEVELS, { error: "manuals.editor.error.unknownDemand" }),
  number: z.string().trim().max(20, "form.tooLong").optional(),
  sourceSection: z.string().trim().max(80, "form.tooLong").optional(),
  sourceFrom: LineNumberSchema.optional(),
  sourceTo: LineNumberSchema.optional(),
  /** Kolada KPI ids separated by spaces or commas (decision 014). */
  kpis: z
    .string()
    .max(200, "kolada.manual.kpisError")
    .optional()
    .transform((value) => (value === undefined ? undefined : value.split(/[\s,;]+/).map((id) => id.trim().toUpperCase()).filter(Boolean)))
    .refine((ids) => ids === undefined || (ids.length <= 10 && new Set(ids).size === ids.length && ids.every((id) => KOLADA_KPI_ID.test(id))), "kolada.manual.kpisError"),
  /**
   * "1" when the form had the indicator field: an emptied field (which conform reads as missing)
   * then removes every link, while a post without the field keeps them.
   */
  kpisField: z.literal("1").optional(),
};

type CriterionFormValue = z.infer<z.ZodObject<typeof criterionShape>>;

function refineCriterion(value: CriterionFormValue, ctx: z.RefinementCtx) {
  requireSvWithEn(ctx, value, [["guidanceSv", "guidanceEn"]]);
  const given = [value.sourceSection, value.sourceFrom, value.sourceTo].filter((v) => v !== undefined).length;
  if (given > 0 && given < 3) {
    for (const field of ["sourceSection", "sourceFrom", "sourceTo"] as const) {
      if (value[field] === undefined) ctx.addIssue({ code: "custom", path: [field], message: "manuals.editor.error.sourceIncomplete" });
    }
  }
  if (value.sourceFrom !== undefined && value.sourceTo !== undefined && value.sourceFrom > value.sourceTo) {
    ctx.addIssue({ code: "custom", path: ["sourceTo"], message: "manuals.editor.error.lineOrder" });
  }
}

function criterionFields(value: CriterionFormValue): CriterionFields {
  return {
    text: { sv: value.textSv, en: value.textEn ?? "" },
    basis: { sv: value.basisSv, en: value.basisEn ?? "", suggested: value.basisSuggested === "on" },
    guidance: pair(value.guidanceSv, value.guidanceEn),
    demand: value.demand,
    number: value.number || undefined,
    source:
      value.sourceSection && value.sourceFrom !== undefined && value.sourceTo !== undefined
        ? { section: value.sourceSection, lines: [value.sourceFrom, value.sourceTo] }
        : undefined,
    kpis: value.kpisField ? (value.kpis ?? []) : value.kpis,
  };
}

export const CriterionFormSchema = z.object({ revision: RevisionSchema, ...criterionShape }).superRefine(refineCriterion);

export function criterionEdit(key: string, value: z.infer<typeof CriterionFormSchema>): DraftEdit {
  return { kind: "criterion", key, fields: criterionFields(value) };
}

export const AddCriterionFormSchema = z
  .object({
    revision: RevisionSchema,
    key: CriterionKeySchema,
    dimension: z.string({ error: "manuals.editor.error.unknownDimension" }).trim().min(1, "manuals.editor.error.unknownDimension").max(80),
    ...criterionShape,
  })
  .superRefine(refineCriterion);

export function addCriterionEdit(value: z.infer<typeof AddCriterionFormSchema>): DraftEdit {
  return { kind: "add", key: value.key, dimension: value.dimension, fields: criterionFields(value) };
}

// ---------------------------------------------------------------------------------------------
// Structure: move up or down, move to another dimension (buttons on the draft's overview), remove.

export const StructureFormSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("moveUp"), revision: RevisionSchema, key: CriterionKeySchema }),
    z.object({ intent: z.literal("moveDown"), revision: RevisionSchema, key: CriterionKeySchema }),
    z.object({
      intent: z.literal("moveTo"),
      revision: RevisionSchema,
      key: CriterionKeySchema,
      dimension: z.string({ error: "manuals.editor.error.unknownDimension" }).trim().min(1).max(80),
    }),
  ],
  { error: "form.invalidValue" }
);

export function structureEdit(value: z.infer<typeof StructureFormSchema>): DraftEdit {
  if (value.intent === "moveTo") return { kind: "move", key: value.key, dimension: value.dimension };
  return { kind: "reorder", key: value.key, direction: value.intent === "moveUp" ? "up" : "down" };
}

export const RemoveFormSchema = z.object({ intent: z.literal("remove"), revision: RevisionSchema });

export const PublishFormSchema = z.object({ intent: z.literal("publish"), revision: RevisionSchema });

// ---------------------------------------------------------------------------------------------
// Crosswalk: one row per criterion of the previous version, and the notes of `new` entries.

export const CROSSWALK_ROW_TYPES = CROSSWALK_TYPES.filter((type) => type !== "new") as Exclude<(typeof CROSSWALK_TYPES)[number], "new">[];

/** "a, b c" → ["a", "b", "c"] */
export function splitKeys(text: string | undefined): string[] {
  return (text ?? "").split(/[\s,;]+/).filter(Boolean);
}

export const CrosswalkFormSchema = z
  .object({
    revision: RevisionSchema,
    rows: z
      .array(
        z.object({
          from: CriterionKeySchema,
          type: z.enum(CROSSWALK_ROW_TYPES as [string, ...string[]], { error: "form.invalidValue" }).optional(),
          to: z
            .string()
            .trim()
            .max(2000, "form.tooLong")
            .optional()
            .refine((text) => splitKeys(text).every((key) => KEY_PATTERN.test(key)), "manuals.editor.error.keyFormat"),
          noteSv: optionalText(),
          noteEn: optionalText(),
        })
      )
      .max(500, "form.invalidValue")
      .optional(),
    news: z
      .array(z.object({ key: CriterionKeySchema, noteSv: optionalText(), noteEn: optionalText() }))
      .max(500, "form.invalidValue")
      .optional(),
  })
  .superRefine((value, ctx) => {
    value.rows?.forEach((row, i) => {
      if (row.noteEn && !row.noteSv)
        ctx.addIssue({ code: "custom", path: ["rows", i, "noteSv"], message: "manuals.editor.error.svRequired" });
    });
    value.news?.forEach((row, i) => {
      if (row.noteEn && !row.noteSv)
        ctx.addIssue({ code: "custom", path: ["news", i, "noteSv"], message: "manuals.editor.error.svRequired" });
    });
  });

export function crosswalkEdit(value: z.infer<typeof CrosswalkFormSchema>): DraftEdit {
  const rows: CrosswalkRow[] = (value.rows ?? []).map((row) => ({
    from: row.from,
    type: (row.type as CrosswalkRow["type"] | undefined) ?? null,
    to: splitKeys(row.to),
    note: pair(row.noteSv, row.noteEn),
  }));
  return {
    kind: "crosswalk",
    rows,
    newNotes: (value.news ?? []).map((row) => ({ key: row.key, note: pair(row.noteSv, row.noteEn) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Import

/** Largest file (or pasted text) the import takes. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

export const ImportFormSchema = z.object({
  text: z.string().max(MAX_IMPORT_BYTES, "manuals.editor.error.importTooLarge").optional(),
});
