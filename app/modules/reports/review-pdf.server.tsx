/**
 * renderReviewPdf: the review report as PDF bytes, from already-loaded data (the stored snapshot,
 * the pinned manual, the unit's answers) — no database, no request, so it can be timed and tested
 * alone. The same input always gives the same bytes (decision 010): the document's dates are the
 * publication time, and pdfkit's trailer /ID is an MD5 of the document information (dates,
 * title, author …), nothing random or per-process.
 */
import { renderToBuffer } from "@react-pdf/renderer";
import { translator } from "~/i18n/i18n";
import { ReviewPdfDocument } from "./review-pdf";
import { reviewPdfData, type ReviewPdfInput } from "./review-pdf-data";

export type { ReviewPdfInput } from "./review-pdf-data";

export async function renderReviewPdf(input: ReviewPdfInput): Promise<Buffer> {
  const t = translator(input.locale);
  return renderToBuffer(<ReviewPdfDocument data={reviewPdfData(input, t)} t={t} />);
}
