/**
 * /reviews/:reviewId/report.pdf — the published review report as PDF (A4), in Swedish or English
 * (?lang=sv|en, default the reader's language). The same readers and the same contents as the HTML
 * report: the review's guard (404 when invisible), 404 before publication, internal strengths only
 * for the team. Byte-stable for the same snapshot, language and audience (decision 010); drawn once
 * and then served from its stored render until what it prints changes (decision 024).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "~/i18n/i18n";
import { notFound } from "~/modules/auth/guards.server";
import { asciiFileName, parsePdfLang } from "~/modules/reports/pdf-request";
import { pdfError, pdfResponse } from "~/modules/reports/pdf-response.server";
import { loadReport, reviewPdfInputOf } from "~/modules/reports/report.server";
import { reviewPdfBytes } from "~/modules/reports/review-pdf-store.server";
import { requireReviewContext } from "~/modules/reviews/review-pages.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, context } = await requireReviewContext(request, params);
  if (!context.access.canReadPublishedReport) notFound();
  const lang = parsePdfLang(new URL(request.url).searchParams, user.locale);
  if (!lang.ok) return pdfError(400, translator(user.locale), lang.messageKey);
  const report = await loadReport(getDb(), context.review.id);
  if (!report) notFound();
  const { stored } = report;
  const audience = context.access.isTeamMember ? "team" : "reader";
  const bytes = await reviewPdfBytes(getDb(), context.review.id, reviewPdfInputOf(report, lang.locale, audience));
  const t = translator(lang.locale);
  const { unit, round } = stored.snapshot;
  const fileName = asciiFileName([t("pdf.review.fileName"), round.name, lang.locale === "en" ? unit.nameEn : unit.nameSv, audience === "team" ? "team" : "", lang.locale], "pdf");
  return pdfResponse(request, bytes, { fileName, contentHash: stored.hash });
}
