/**
 * The canonical criteria-manual file format (one JSON file per manual version under `criteria/`).
 *
 * This one zod schema validates the files, the JSON exported from the app and the files imported as
 * drafts; `npm run manuals:schema` publishes it as JSON Schema (`criteria/manual.schema.json`) for
 * editors' tools. Pure module: no database, no file system.
 */
import { z } from "zod";
import { schemaMessage } from "./manual-messages";

export const MANUAL_KEYS = ["county", "resource-centre", "node", "national"] as const;
export const ManualKeySchema = z.enum(MANUAL_KEYS);
export type ManualKey = z.infer<typeof ManualKeySchema>;

/** Kolada KPI ids (kolada-schemas.ts has the same rule for API answers). */
export const KOLADA_KPI_ID = /^[NU]\d{5}$/;

export const DEMAND_LEVELS = ["basic", "developing", "advanced"] as const;
export const CROSSWALK_TYPES = ["same", "reworded", "split", "merged", "moved", "new", "retired"] as const;
export type CrosswalkType = (typeof CROSSWALK_TYPES)[number];

/** Stable keys: lower-case kebab-case, so they read well in URLs, files and exports. */
export const StableKeySchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, schemaMessage("manuals.check.keyFormat"));

/** A text in both interface languages. Swedish is required; English may be missing in a draft. */
export const LocalizedTextSchema = z.object({
  sv: z.string().trim().min(1, schemaMessage("manuals.check.svMissing")).max(4000),
  en: z.string().trim().max(4000).default(""),
});
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

const LineRangeSchema = z
  .tuple([z.int().positive(), z.int().positive()])
  .refine(([from, to]) => from <= to, schemaMessage("manuals.check.lineRange"));

export const SourceReferenceSchema = z.object({
  /** Section of the source report, e.g. "5.1" or "fotnot 57". */
  section: z.string().trim().min(1).max(80),
  /** First and last line in criteria/source/skl-2016-ny-infrastruktur-for-psykisk-halsa.txt. */
  lines: LineRangeSchema,
});

export const ScaleStepSchema = z.object({
  value: z.int().min(0).max(10),
  label: LocalizedTextSchema,
  description: LocalizedTextSchema,
});

export const ScaleSchema = z
  .object({
    /** Ordered from lowest to highest; the top step is "no gap". */
    steps: z.array(ScaleStepSchema).min(2).max(11),
    /** "Ej bedömbart": excluded from averages and counted separately. */
    cannotAssess: z.object({ label: LocalizedTextSchema, description: LocalizedTextSchema }),
  })
  .superRefine((scale, ctx) => {
    scale.steps.forEach((step, index) => {
      if (index > 0 && step.value <= scale.steps[index - 1]!.value) {
        ctx.addIssue({
          code: "custom",
          path: ["steps", index, "value"],
          message: schemaMessage("manuals.check.scaleAscending"),
        });
      }
    });
  });
export type Scale = z.infer<typeof ScaleSchema>;

export const CriterionSchema = z.object({
  key: StableKeySchema,
  /** The source's own number where it has one (national items such as "3 B (4)"). */
  number: z.string().trim().min(1).max(20).optional(),
  /** Key of a group in the same dimension whose lead-in text this criterion is read with. */
  group: StableKeySchema.optional(),
  text: LocalizedTextSchema,
  /** "Underlag för bedömning": the evidence that shows the criterion is met. */
  basis: LocalizedTextSchema.extend({
    /** True when the text is the project's own suggestion rather than the source's. */
    suggested: z.boolean().default(false),
  }),
  guidance: LocalizedTextSchema.optional(),
  demand: z.enum(DEMAND_LEVELS),
  source: SourceReferenceSchema.optional(),
  /**
   * Kolada KPI ids shown as "related indicators" beside the criterion (decision 014): N or U and
   * five digits, as in Kolada's catalogue; at most 10, no duplicates.
   */
  kpis: z
    .array(z.string().regex(KOLADA_KPI_ID, schemaMessage("manuals.check.koladaId")))
    .max(10)
    .refine((ids) => new Set(ids).size === ids.length, schemaMessage("manuals.check.koladaId"))
    .default([]),
});
export type Criterion = z.infer<typeof CriterionSchema>;

export const GroupSchema = z.object({
  key: StableKeySchema,
  /** The lead-in the group's criteria are read with, e.g. the county competence question. */
  text: LocalizedTextSchema,
  number: z.string().trim().min(1).max(20).optional(),
});

export const DimensionSchema = z.object({
  key: StableKeySchema,
  number: z.string().trim().min(1).max(20).optional(),
  title: LocalizedTextSchema,
  groups: z.array(GroupSchema).default([]),
  criteria: z.array(CriterionSchema),
});
export type Dimension = z.infer<typeof DimensionSchema>;

export const CrosswalkEntrySchema = z.object({
  type: z.enum(CROSSWALK_TYPES),
  /** Keys in the previous version (empty for "new"). */
  from: z.array(StableKeySchema),
  /** Keys in this version (empty for "retired"). */
  to: z.array(StableKeySchema),
  note: LocalizedTextSchema.optional(),
});
export type CrosswalkEntry = z.infer<typeof CrosswalkEntrySchema>;

export const ManualFileSchema = z
  .object({
    $schema: z.string().optional(),
    manual: ManualKeySchema,
    version: z.int().positive(),
    status: z.enum(["draft", "published"]),
    /** ISO date; required when published. */
    publishedAt: z.iso.date().optional(),
    title: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    source: SourceReferenceSchema.optional(),
    scale: ScaleSchema,
    changelog: z.array(LocalizedTextSchema).default([]),
    dimensions: z.array(DimensionSchema).min(1),
    /** How every criterion of the previous version maps into this one; required from version 2. */
    crosswalk: z.array(CrosswalkEntrySchema).optional(),
  })
  .superRefine((manual, ctx) => {
    if (manual.status === "published" && !manual.publishedAt) {
      ctx.addIssue({ code: "custom", path: ["publishedAt"], message: schemaMessage("manuals.check.publishedAtRequired") });
    }
    const seenKeys = new Map<string, string>();
    const dimensionKeys = new Set<string>();
    manual.dimensions.forEach((dimension, d) => {
      if (dimensionKeys.has(dimension.key)) {
        ctx.addIssue({ code: "custom", path: ["dimensions", d, "key"], message: schemaMessage("manuals.check.duplicateDimension", { key: dimension.key }) });
      }
      dimensionKeys.add(dimension.key);
      const groupKeys = new Set(dimension.groups.map((g) => g.key));
      dimension.criteria.forEach((criterion, c) => {
        const path = ["dimensions", d, "criteria", c];
        if (seenKeys.has(criterion.key)) {
          ctx.addIssue({ code: "custom", path: [...path, "key"], message: schemaMessage("manuals.check.duplicateCriterion", { key: criterion.key }) });
        }
        seenKeys.set(criterion.key, dimension.key);
        if (criterion.group && !groupKeys.has(criterion.group)) {
          ctx.addIssue({ code: "custom", path: [...path, "group"], message: schemaMessage("manuals.check.unknownGroup", { group: criterion.group }) });
        }
      });
    });
    if (manual.version > 1 && !manual.crosswalk) {
      ctx.addIssue({ code: "custom", path: ["crosswalk"], message: schemaMessage("manuals.check.crosswalkRequired") });
    }
    manual.crosswalk?.forEach((entry, i) => {
      entry.to.forEach((key, k) => {
        if (!seenKeys.has(key)) {
          ctx.addIssue({ code: "custom", path: ["crosswalk", i, "to", k], message: schemaMessage("manuals.check.crosswalkUnknownTo", { key }) });
        }
      });
    });
  });
export type ManualFile = z.infer<typeof ManualFileSchema>;
/** What a file may contain before defaults are applied. */
export type ManualFileInput = z.input<typeof ManualFileSchema>;

/** All criteria of a manual version in reading order. */
export function criteriaOf(manual: Pick<ManualFile, "dimensions">): Criterion[] {
  return manual.dimensions.flatMap((dimension) => dimension.criteria);
}
