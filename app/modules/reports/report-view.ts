/**
 * The review report (HTML, the accessible primary form) built from the frozen snapshot and the
 * pinned manual version (both immutable). Pure: the loader hands in plain data, this decides what
 * the reader sees — internal strengths only for the team, never individual reviewers' scores
 * (the snapshot does not hold them).
 */
import type { Locale } from "#db/schema";
import type { Translate } from "~/i18n/i18n";
import type { ManualFile } from "../manuals/manual-schema";
import { formatDecimal } from "../national/national-format";
import type { ReviewSnapshot, SnapshotCriterion } from "../feedback/snapshot";

export interface ReportDimension {
  key: string;
  titleSv: string;
  titleEn: string;
  /** Mean consensus score of the dimension's assessed criteria; null when none was assessed. */
  mean: number | null;
  criteria: SnapshotCriterion[];
}

export interface ReportSummary {
  criteria: number;
  assessed: number;
  cannotAssess: number;
  atTop: number;
  gaps: number;
  majorGaps: number;
  mean: number | null;
}

export interface ReportView {
  dimensions: ReportDimension[];
  summary: ReportSummary;
  topScore: number;
  scale: { value: number; labelSv: string; labelEn: string }[];
  strengths: ReviewSnapshot["strengths"];
  recommendations: Record<"high" | "medium" | "low", ReviewSnapshot["recommendations"]>;
  /** Kolada snapshots attached before publication, with the criterion's number (none in older snapshots). */
  indicators: (NonNullable<ReviewSnapshot["indicators"]>[number] & { criterionNumber: string | null })[];
}

function mean(values: number[]): number | null {
  return values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null;
}

export function buildReportView(snapshot: ReviewSnapshot, manual: Pick<ManualFile, "dimensions" | "scale">, { showInternal }: { showInternal: boolean }): ReportView {
  const steps = manual.scale.steps.map((s) => s.value);
  const top = Math.max(...steps);
  const lowest = [...steps].sort((a, b) => a - b).slice(0, 2);
  const scored = (c: SnapshotCriterion) => (c.consensus && !c.consensus.cannotAssess && c.consensus.score !== null ? c.consensus.score : null);
  const dimensions = manual.dimensions.map((d) => {
    const criteria = snapshot.criteria.filter((c) => c.dimensionKey === d.key).sort((a, b) => a.position - b.position);
    return {
      key: d.key,
      titleSv: d.title.sv,
      titleEn: d.title.en,
      mean: mean(criteria.map(scored).filter((s): s is number => s !== null)),
      criteria,
    };
  });
  const scores = snapshot.criteria.map(scored).filter((s): s is number => s !== null);
  const priorities = { high: [], medium: [], low: [] } as ReportView["recommendations"];
  for (const r of [...snapshot.recommendations].sort((a, b) => a.position - b.position)) priorities[r.priority].push(r);
  return {
    dimensions,
    summary: {
      criteria: snapshot.criteria.length,
      assessed: scores.length,
      cannotAssess: snapshot.criteria.filter((c) => c.consensus?.cannotAssess).length,
      atTop: scores.filter((s) => s === top).length,
      gaps: scores.filter((s) => s < top).length,
      majorGaps: scores.filter((s) => lowest.includes(s)).length,
      mean: mean(scores),
    },
    topScore: top,
    scale: manual.scale.steps.map((s) => ({ value: s.value, labelSv: s.label.sv, labelEn: s.label.en })),
    strengths: snapshot.strengths.filter((s) => showInternal || !s.internal),
    recommendations: priorities,
    indicators: (snapshot.indicators ?? []).map((indicator) => ({
      ...indicator,
      criterionNumber: snapshot.criteria.find((c) => c.key === indicator.criterionKey)?.number ?? null,
    })),
  };
}

type ScoreValue = { score: number | null; cannotAssess: boolean } | null;

/**
 * A self-score or consensus score as the report prints it: the step's value (null for "cannot
 * assess" and for no score) and its words — "Delvis på plats", "Ej bedömbart" or "–". One
 * function for the HTML page and the PDF.
 */
export function scoreParts(value: ScoreValue, scale: ReportView["scale"], locale: Locale, t: Translate): { value: number | null; label: string } {
  if (!value) return { value: null, label: t("report.none") };
  if (value.cannotAssess) return { value: null, label: t("report.cannotAssess") };
  if (value.score === null) return { value: null, label: t("report.none") };
  const step = scale.find((s) => s.value === value.score);
  return { value: value.score, label: step ? (locale === "en" ? step.labelEn : step.labelSv) : "" };
}

/** The same as one text: "2 – Delvis på plats". */
export function scoreText(value: ScoreValue, scale: ReportView["scale"], locale: Locale, t: Translate): string {
  const parts = scoreParts(value, scale, locale, t);
  if (parts.value === null) return parts.label;
  return parts.label ? `${parts.value} – ${parts.label}` : String(parts.value);
}

/** A dimension mean with two decimals in the reader's language, or "kan inte beräknas". */
export function meanText(mean: number | null, locale: Locale, t: Translate): string {
  return mean === null ? t("report.notComputable") : formatDecimal(locale, mean, 2);
}
