/**
 * The self-assessment's rules and form schemas, without a database: what a valid answer is on the
 * pinned manual's scale, when a criterion counts as answered, and what is still missing before the
 * unit may hand it in. zod messages are dictionary keys (translated next to the fields).
 */
import { z } from "zod";
import type { Scale } from "~/modules/manuals/manual-schema";
import { isAllowedLink } from "./evidence-rules";

export const MAX_COMMENT = 4000;
export const MAX_NOTE = 20_000;
export const MAX_TITLE = 200;
export const MAX_URL = 2000;
/** The value of the "Ej bedömbart" choice in the score radio group. */
export const CANNOT_ASSESS = "cannot_assess";

export interface Answer {
  score: number | null;
  cannotAssess: boolean;
}

export function isAnswered(answer: Answer | undefined): boolean {
  return !!answer && (answer.score !== null || answer.cannotAssess);
}

/** How many of the criteria have a score or "cannot assess". */
export function progressOf(criterionIds: readonly number[], answers: ReadonlyMap<number, Answer>) {
  const answered = criterionIds.filter((id) => isAnswered(answers.get(id))).length;
  return { answered, total: criterionIds.length };
}

/** The criteria (in reading order) still without a score or "cannot assess". */
export function missingCriteria<T extends { id: number }>(criteria: readonly T[], answers: ReadonlyMap<number, Answer>): T[] {
  return criteria.filter((criterion) => !isAnswered(answers.get(criterion.id)));
}

/** Line breaks as the browser sends them (CRLF) count as one character, like in the text area. */
const text = (max: number, tooLong: string) =>
  z
    .string({ error: "form.invalidValue" })
    .transform((value) => value.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().max(max, tooLong));

const Id = z.coerce.number({ error: "form.invalidValue" }).int("form.invalidValue").positive("form.invalidValue");
const Version = z.coerce.number({ error: "form.invalidValue" }).int("form.invalidValue").min(0, "form.invalidValue");
/** A criterion, or the whole review when empty. */
const OptionalCriterion = z.preprocess((value) => (value === "" || value === undefined ? null : value), Id.nullable());
const Title = z.preprocess((value) => value ?? "", text(MAX_TITLE, "evidence.error.titleTooLong"));

/** The score radio value: a step of the scale, "cannot_assess", or nothing (not answered yet). */
export function parseScoreChoice(value: string, scale: Pick<Scale, "steps">): Answer | null {
  if (value === "") return { score: null, cannotAssess: false };
  if (value === CANNOT_ASSESS) return { score: null, cannotAssess: true };
  if (!/^\d{1,2}$/.test(value)) return null;
  const score = Number(value);
  return scale.steps.some((step) => step.value === score) ? { score, cannotAssess: false } : null;
}

export const SaveAnswerSchema = z.object({
  intent: z.literal("save"),
  criterionId: Id,
  version: Version,
  score: z.preprocess((value) => value ?? "", z.string().max(20, "selfAssessment.error.score")),
  comment: z.preprocess((value) => value ?? "", text(MAX_COMMENT, "selfAssessment.error.commentTooLong")),
  /** Set by the page's script for autosaves: answer with data instead of redirecting. */
  autosave: z.literal("1").optional(),
});

export const ActionSchema = z.discriminatedUnion("intent", [
  SaveAnswerSchema,
  z.object({ intent: z.literal("submit"), version: Version }),
  z.object({ intent: z.literal("reopen"), version: Version }),
  z.object({
    intent: z.literal("add-link"),
    criterionId: OptionalCriterion,
    title: Title,
    url: z
      .string({ error: "evidence.error.urlRequired" })
      .trim()
      .min(1, { error: "evidence.error.urlRequired", abort: true })
      .max(MAX_URL, { error: "evidence.error.url", abort: true })
      .refine(isAllowedLink, "evidence.error.url"),
  }),
  z.object({
    intent: z.literal("add-note"),
    criterionId: OptionalCriterion,
    title: Title,
    body: z.preprocess((value) => value ?? "", text(MAX_NOTE, "evidence.error.noteTooLong").pipe(z.string().min(1, "evidence.error.noteRequired"))),
  }),
  z.object({
    intent: z.literal("add-file"),
    criterionId: OptionalCriterion,
    title: Title,
    file: z.instanceof(File, { message: "evidence.error.fileRequired" }),
  }),
  z.object({ intent: z.literal("remove-evidence"), evidenceId: Id }),
]);
export type ActionInput = z.infer<typeof ActionSchema>;
