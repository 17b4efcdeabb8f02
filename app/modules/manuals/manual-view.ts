/**
 * A manual version arranged for reading: numbered dimensions, runs of criteria under their group's
 * lead-in, and a reading number for every criterion (the source's own where it has one, else
 * "<dimension>.<position>" like 1.3). Pure; the texts stay bilingual and the page picks the language.
 */
import type { Locale } from "#db/schema";
import type { Criterion, LocalizedText, ManualFile } from "./manual-schema";

/** The dimension's own number, else its position (1-based). */
export function dimensionNumber(manual: Pick<ManualFile, "dimensions">, index: number): string {
  return manual.dimensions[index]?.number ?? String(index + 1);
}

/** Reading number per criterion key. */
export function criterionNumbers(manual: Pick<ManualFile, "dimensions">): Map<string, string> {
  const numbers = new Map<string, string>();
  manual.dimensions.forEach((dimension, d) => {
    const prefix = dimensionNumber(manual, d);
    dimension.criteria.forEach((criterion, c) => numbers.set(criterion.key, criterion.number ?? `${prefix}.${c + 1}`));
  });
  return numbers;
}

export interface CriterionView extends Criterion {
  readingNumber: string;
}

export type BlockView =
  | { kind: "group"; key: string; number: string | null; text: LocalizedText; criteria: CriterionView[] }
  | { kind: "criterion"; criterion: CriterionView };

export interface DimensionView {
  key: string;
  number: string;
  title: LocalizedText;
  blocks: BlockView[];
  criteriaCount: number;
}

/** Dimensions with their criteria, consecutive criteria of one group gathered under its lead-in. */
export function dimensionViews(manual: Pick<ManualFile, "dimensions">): DimensionView[] {
  const numbers = criterionNumbers(manual);
  return manual.dimensions.map((dimension, d) => {
    const groups = new Map(dimension.groups.map((g) => [g.key, g]));
    const blocks: BlockView[] = [];
    for (const criterion of dimension.criteria) {
      const view: CriterionView = { ...criterion, readingNumber: numbers.get(criterion.key)! };
      const group = criterion.group ? groups.get(criterion.group) : undefined;
      const last = blocks[blocks.length - 1];
      if (group && last?.kind === "group" && last.key === group.key) last.criteria.push(view);
      else if (group) blocks.push({ kind: "group", key: group.key, number: group.number ?? null, text: group.text, criteria: [view] });
      else blocks.push({ kind: "criterion", criterion: view });
    }
    return {
      key: dimension.key,
      number: dimensionNumber(manual, d),
      title: dimension.title,
      blocks,
      criteriaCount: dimension.criteria.length,
    };
  });
}

/**
 * The text in the reader's language and the language it is actually in: English falls back to
 * Swedish when the translation is missing, and the page marks such text with lang="sv".
 */
export function localized(locale: Locale, text: { sv: string; en?: string | null }): { text: string; lang: Locale } {
  return locale === "en" && text.en ? { text: text.en, lang: "en" } : { text: text.sv, lang: "sv" };
}
