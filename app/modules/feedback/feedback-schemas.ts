/**
 * The forms of the feedback, factual-check and follow-up pages. Error messages are dictionary
 * keys, shown next to their field in the reader's language.
 */
import { z } from "zod";

export const PRIORITIES = ["high", "medium", "low"] as const;
export const RESPONSES = ["accept", "partly", "decline"] as const;
export const PROGRESS = ["not_started", "in_progress", "done"] as const;
export const TEXT_MAX = 4000;
export const TIMEFRAME_MAX = 200;
export const OWNER_MAX = 200;

const id = z.coerce.number({ error: "form.invalidValue" }).int("form.invalidValue").positive("form.invalidValue");
const version = z.coerce.number({ error: "form.invalidValue" }).int("form.invalidValue").positive("form.invalidValue");
const requiredText = z.string({ error: "form.required" }).trim().min(1, "form.required").max(TEXT_MAX, "form.tooLong");
const optionalText = (max: number) => z.string().trim().max(max, "form.tooLong").default("");
/** An optional criterion: the empty choice means "general". */
const optionalCriterionId = z.preprocess((v) => (v === "" || v === undefined ? null : v), id.nullable());

const recommendationFields = {
  text: requiredText,
  priority: z.enum(PRIORITIES, { error: "feedback.error.priority" }),
  timeframe: optionalText(TIMEFRAME_MAX),
  criterionIds: z.array(id, { error: "feedback.error.criteriaRequired" }).min(1, "feedback.error.criteriaRequired").max(200, "form.invalidValue"),
};
const strengthFields = {
  text: requiredText,
  criterionId: optionalCriterionId,
  internal: z.literal("on", { error: "form.invalidValue" }).optional(),
};

export const FeedbackActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add-recommendation"), ...recommendationFields }),
  z.object({ intent: z.literal("edit-recommendation"), id, version, ...recommendationFields }),
  z.object({ intent: z.literal("delete-recommendation"), id, version }),
  z.object({ intent: z.literal("move-recommendation"), id, version, direction: z.enum(["up", "down"], { error: "form.invalidValue" }) }),
  z.object({ intent: z.literal("add-strength"), ...strengthFields }),
  z.object({ intent: z.literal("edit-strength"), id, version, ...strengthFields }),
  z.object({ intent: z.literal("delete-strength"), id, version }),
], { error: "form.invalidValue" });
export type FeedbackActionInput = z.infer<typeof FeedbackActionSchema>;

export const FactualCheckActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add-comment"), criterionId: optionalCriterionId, text: requiredText }),
  z.object({ intent: z.literal("delete-comment"), id, version }),
  z.object({ intent: z.literal("respond"), id, version, response: requiredText }),
  z.object({
    intent: z.literal("publish"),
    version,
    confirm: z.literal("on", { error: "factualCheck.publish.confirmRequired" }),
  }),
], { error: "form.invalidValue" });
export type FactualCheckActionInput = z.infer<typeof FactualCheckActionSchema>;

const isoDate = z
  .string()
  .trim()
  .refine((v) => v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)), "followUp.error.date")
  .transform((v) => (v === "" ? null : v));

export const FollowUpActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("acknowledge") }),
  z.object({
    intent: z.literal("answer"),
    recommendationId: id,
    /** 0 when the recommendation has no answer yet. */
    version: z.coerce.number({ error: "form.invalidValue" }).int("form.invalidValue").min(0, "form.invalidValue"),
    response: z.enum(RESPONSES, { error: "followUp.error.response" }),
    plannedAction: optionalText(TEXT_MAX),
    owner: optionalText(OWNER_MAX),
    dueDate: isoDate.default(""),
    progress: z.enum(PROGRESS, { error: "form.invalidValue" }).default("not_started"),
    progressNote: optionalText(TEXT_MAX),
  }),
], { error: "form.invalidValue" });
export type FollowUpActionInput = z.infer<typeof FollowUpActionSchema>;

/** A form body as an object; `arrays` name the fields that may repeat (checkbox groups). */
export function formObject(formData: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).map((v) => (typeof v === "string" ? v : ""));
    object[key] = arrays.includes(key) ? values : values[0];
  }
  for (const key of arrays) object[key] ??= [];
  return object;
}

export type FieldErrors = Record<string, string[]>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const flat = z.flattenError(error);
  const fieldErrors = flat.fieldErrors as FieldErrors;
  return flat.formErrors.length ? { ...fieldErrors, form: flat.formErrors } : fieldErrors;
}

/** The key of a form on a page with many: "rec-12" for recommendation 12, "rec-new" for a new one. */
export function formKey(prefix: string, id: number | undefined | null) {
  return `${prefix}-${id ?? "new"}`;
}
