/**
 * /national/report.pdf — the national picture of one round as PDF (A4), for the coordinator and
 * the advisory group only (the guard of /national). The same query as the page and its exports
 * (?round=&demand=&series=…, through resolveNational; a series adds the trends) plus ?lang=sv|en
 * (default the reader's language); a bad series → 400 as for the exports;
 * bad query → 400, unknown round → 404, each with a plain-text message. Byte-stable for the same
 * data and language (decision 010); drawn in the server's PDF worker (decision 026).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "~/i18n/i18n";
import { requirePermission } from "~/modules/auth/guards.server";
import { resolveNational } from "~/modules/national/national-data.server";
import { nationalJson } from "~/modules/national/national-export";
import { snapshotHash } from "~/modules/feedback/snapshot";
import { drawNationalPdf } from "~/modules/reports/national-pdf.server";
import { nationalDocumentDate } from "~/modules/reports/national-report.server";
import { asciiFileName, parsePdfLang } from "~/modules/reports/pdf-request";
import { pdfError, pdfResponse } from "~/modules/reports/pdf-response.server";
import { getDb } from "~/utils/db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:national");
  const search = new URL(request.url).searchParams;
  const lang = parsePdfLang(search, user.locale);
  if (!lang.ok) return pdfError(400, translator(user.locale), lang.messageKey);
  const t = translator(lang.locale);
  const result = await resolveNational(getDb(), search);
  if (result.kind === "error") return pdfError(result.status, t, result.messageKey);
  if (result.kind === "empty") return pdfError(404, t, "national.error.noPublishedRound");
  if (result.series.error) return pdfError(400, t, result.series.error);
  const { round, aggregation } = result;
  const trends = result.series.trends;
  // The footer's hash is the sha256 of the JSON export of the same query (trends included): anyone can check the two agree.
  const contentHash = snapshotHash(nationalJson(round, aggregation, trends));
  const bytes = await drawNationalPdf({ round, aggregation, trends, locale: lang.locale, documentDate: await nationalDocumentDate(getDb(), round.id), contentHash });
  const fileName = asciiFileName([t("pdf.national.fileName"), round.name, aggregation.filter.demand ?? "", lang.locale], "pdf");
  return pdfResponse(request, bytes, { fileName, contentHash });
}
