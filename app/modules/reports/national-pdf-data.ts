/**
 * What the national PDF prints: the round and the aggregation exactly as /national and its JSON
 * export have them (one object, so they cannot disagree), every string made PDF-safe, and the
 * document's fixed date and content hash. Pure.
 */
import type { Locale } from "#db/schema";
import type { Translate } from "~/i18n/i18n";
import type { MessageKey } from "~/i18n/sv";
import type { NationalAggregation } from "../national/aggregation";
import type { ExportRound } from "../national/national-export";
import type { NationalTrends } from "../national/trends";
import { pdfSafe } from "./pdf-text";

export interface NationalPdfInput {
  round: ExportRound;
  aggregation: NationalAggregation;
  locale: Locale;
  /**
   * The latest publication time among the round's published reviews (or, with none, the round's
   * creation): the document's date, so the same data always gives the same bytes.
   */
  documentDate: string;
  /** sha256 of the JSON export of the same round, filter and series: printed in the footer. */
  contentHash: string;
  /** The trends across the query's series of rounds (null or absent without a series). */
  trends?: NationalTrends | null;
}

export interface NationalPdfData {
  locale: Locale;
  round: ExportRound;
  aggregation: NationalAggregation;
  documentDate: string;
  contentHash: string;
  trends: NationalTrends | null;
  meta: { title: string; subject: string; keywords: string; date: Date };
}

export function nationalPdfTitle(input: Pick<NationalPdfInput, "round" | "aggregation">, t: Translate): string {
  const demand = input.aggregation.filter.demand;
  const base = t("pdf.national.title", { round: input.round.name });
  return demand ? `${base} – ${t(`manuals.demand.${demand}` as MessageKey)}` : base;
}

export function nationalPdfData(input: NationalPdfInput, t: Translate): NationalPdfData {
  const date = new Date(input.documentDate);
  return {
    locale: input.locale,
    round: pdfSafe(input.round),
    aggregation: pdfSafe(input.aggregation),
    documentDate: input.documentDate,
    contentHash: input.contentHash,
    trends: input.trends ? pdfSafe(input.trends) : null,
    meta: {
      title: nationalPdfTitle(input, t),
      subject: t("pdf.national.subject", { round: input.round.name }),
      keywords: `sha256:${input.contentHash}`,
      date: Number.isNaN(date.getTime()) ? new Date(0) : date,
    },
  };
}
