/**
 * The export responses of /national/export.csv, .xlsx and .json: one guard and one resolution for
 * all, the same permission and query as the page (docs/exports.md).
 */
import { translator } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import type { MessageKey } from "~/i18n/sv";
import { requirePermission } from "~/modules/auth/guards.server";
import { getDb } from "~/utils/db.server";
import { resolveNational } from "./national-data.server";
import { exportFileName, nationalCsv, nationalJson, nationalXlsx, trendCsv } from "./national-export";
import { parseTableQuery } from "./national-query";
import { XLSX_MIME } from "./xlsx";

const PRIVATE = {
  // Access depends on the user: never in a shared cache.
  "Cache-Control": "private, no-store",
  "X-Content-Type-Options": "nosniff",
};

export type ExportFormat = "csv" | "json" | "xlsx";

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  xlsx: XLSX_MIME,
};

export async function nationalExport(request: Request, format: ExportFormat): Promise<Response> {
  const user = await requirePermission(request, "read:national");
  const t = translator(await getLocale(request, user));
  const refuse = (status: number, messageKey: MessageKey) =>
    new Response(`${t(messageKey)}\n`, { status, headers: { ...PRIVATE, "Content-Type": "text/plain; charset=utf-8" } });

  const search = new URL(request.url).searchParams;
  // `table` belongs to the CSV only (the workbook has a sheet per table, the JSON both objects).
  const table = format === "csv" ? parseTableQuery(search) : "scores";
  if (table === null) return refuse(400, "national.error.badTable");
  const result = await resolveNational(getDb(), search);
  if (result.kind === "error") return refuse(result.status, result.messageKey);
  if (result.kind === "empty") return refuse(404, "national.error.noPublishedRound");
  if (result.series.error) return refuse(400, result.series.error);
  const trends = result.series.trends;
  if (table === "trends" && !trends) return refuse(400, "national.error.tableNeedsSeries");

  const body =
    format === "xlsx"
      ? new Uint8Array(nationalXlsx(result.round, result.aggregation, trends))
      : format === "json"
        ? nationalJson(result.round, result.aggregation, trends)
        : table === "trends"
          ? trendCsv(trends!)
          : nationalCsv(result.round, result.aggregation);
  return new Response(body, {
    headers: {
      ...PRIVATE,
      "Content-Type": CONTENT_TYPE[format],
      "Content-Disposition": `attachment; filename="${exportFileName(result.round, result.aggregation.filter.demand, format, table)}"`,
    },
  });
}
