/**
 * renderReviewPdf: the review report as PDF bytes, from already-loaded data (the stored snapshot,
 * the pinned manual, the unit's answers) — no database, no request, so it can be timed and tested
 * alone. The same input always gives the same bytes (decision 010): the document's dates are the
 * publication time, and pdfkit's trailer /ID is an MD5 of the document information (dates,
 * title, author …), nothing random or per-process. The route serves it through the stored renders
 * of review-pdf-store.server.ts (decision 024).
 */
import { renderToBuffer } from "@react-pdf/renderer";
import { translator, type Translate } from "~/i18n/i18n";
import { ReviewPdfDocument } from "./review-pdf";
import { reviewPdfData, type ReviewPdfData, type ReviewPdfInput } from "./review-pdf-data";

export type { ReviewPdfInput } from "./review-pdf-data";

export async function renderReviewPdf(input: ReviewPdfInput): Promise<Buffer> {
  const t = translator(input.locale);
  return renderReviewPdfData(reviewPdfData(input, t), t);
}

/** Draws data already prepared by reviewPdfData (in the same language as t). */
export async function renderReviewPdfData(data: ReviewPdfData, t: Translate): Promise<Buffer> {
  return renderToBuffer(<ReviewPdfDocument data={data} t={t} />);
}

/** Draws prepared data in its own language: what the server's PDF worker calls (app/entry.server.tsx exports it for the worker). */
export async function drawReviewPdf(data: ReviewPdfData): Promise<Buffer> {
  return renderReviewPdfData(data, translator(data.locale));
}
