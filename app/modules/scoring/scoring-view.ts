/**
 * The criteria of a review's pinned manual version arranged for the scoring and consensus pages:
 * dimensions in the manual's order, each criterion with its database id, reading number, group
 * lead-in, text, assessment basis and guidance in both languages. Pure.
 */
import type { Criterion, LocalizedText, ManualFile, Scale } from "../manuals/manual-schema";
import { dimensionViews } from "../manuals/manual-view";

export interface CriterionItem {
  id: number;
  key: string;
  readingNumber: string;
  dimensionKey: string;
  /** The lead-in of the criterion's group, shown before the first criterion of a run. */
  group: { key: string; number: string | null; text: LocalizedText } | null;
  text: LocalizedText;
  basis: Criterion["basis"];
  guidance: LocalizedText | null;
}

export interface DimensionItem {
  key: string;
  number: string;
  title: LocalizedText;
  criteria: CriterionItem[];
}

export class ManualMismatchError extends Error {}

/** Dimensions with their criteria; every criterion in the file must have a row in manual_criteria. */
export function buildCriteria(manual: Pick<ManualFile, "dimensions">, rows: readonly { id: number; key: string }[]): DimensionItem[] {
  const ids = new Map(rows.map((r) => [r.key, r.id]));
  return dimensionViews(manual).map((dimension) => ({
    key: dimension.key,
    number: dimension.number,
    title: dimension.title,
    criteria: dimension.blocks.flatMap((block) => {
      const group = block.kind === "group" ? { key: block.key, number: block.number, text: block.text } : null;
      const criteria = block.kind === "group" ? block.criteria : [block.criterion];
      return criteria.map((criterion): CriterionItem => {
        const id = ids.get(criterion.key);
        if (id === undefined) throw new ManualMismatchError(`criterion ${criterion.key} has no database row`);
        return {
          id,
          key: criterion.key,
          readingNumber: criterion.readingNumber,
          dimensionKey: dimension.key,
          group,
          text: criterion.text,
          basis: criterion.basis,
          guidance: criterion.guidance ?? null,
        };
      });
    }),
  }));
}

/** The scale as the pages need it (values, labels and descriptions in both languages). */
export interface ScaleView {
  steps: { value: number; label: LocalizedText; description: LocalizedText }[];
  cannotAssess: { label: LocalizedText; description: LocalizedText };
}

export function scaleView(scale: Scale): ScaleView {
  return {
    steps: scale.steps.map((s) => ({ value: s.value, label: s.label, description: s.description })),
    cannotAssess: scale.cannotAssess,
  };
}

/** One answer on the scale: a step, "cannot assess", or nothing yet. */
export interface Answer {
  score: number | null;
  cannotAssess: boolean;
}

export function isAnswered(answer: Answer | null | undefined): boolean {
  return !!answer && (answer.cannotAssess || answer.score !== null);
}

/** The value a score's radio group carries: the step's value, "cannot_assess" or "" for none. */
export function answerFormValue(answer: Answer | null | undefined): string {
  if (!answer) return "";
  if (answer.cannotAssess) return "cannot_assess";
  return answer.score === null ? "" : String(answer.score);
}
