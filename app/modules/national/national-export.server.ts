/** The export responses of /national/export.csv and .json: one guard and resolution for both. */
import { translator } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { requirePermission } from "~/modules/auth/guards.server";
import { getDb } from "~/utils/db.server";
import { resolveNational } from "./national-data.server";
import { exportFileName, nationalCsv, nationalJson } from "./national-export";

const PRIVATE = {
  // Access depends on the user: never in a shared cache.
  "Cache-Control": "private, no-store",
  "X-Content-Type-Options": "nosniff",
};

export async function nationalExport(request: Request, format: "csv" | "json"): Promise<Response> {
  const user = await requirePermission(request, "read:national");
  const t = translator(await getLocale(request, user));
  const result = await resolveNational(getDb(), new URL(request.url).searchParams);
  if (result.kind !== "ok") {
    const [status, messageKey] = result.kind === "error" ? [result.status, result.messageKey] : [404, "national.error.noPublishedRound" as const];
    return new Response(`${t(messageKey)}\n`, { status, headers: { ...PRIVATE, "Content-Type": "text/plain; charset=utf-8" } });
  }
  const body = format === "csv" ? nationalCsv(result.round, result.aggregation) : nationalJson(result.round, result.aggregation);
  return new Response(body, {
    headers: {
      ...PRIVATE,
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(result.round, result.aggregation.filter.demand, format)}"`,
    },
  });
}
