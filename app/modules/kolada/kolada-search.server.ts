/**
 * Kolada's KPI catalogue search for manual editors (decision 014): the editor checks and finds the
 * ids to link to a criterion. An explicit POST by the editor, bounded by KOLADA_TIMEOUT_MS; the
 * answer is shown on the page, never stored.
 */
import { data } from "@remix-run/node";
import { z } from "zod";
import { KoladaError, type KoladaErrorCode } from "./kolada-client.server";
import { koladaClientFromEnv } from "./kolada-refresh.server";

export interface KpiSearchReply {
  formId: "kpiSearch";
  query: string;
  results?: { id: string; title: string }[];
  /** More matched than shown. */
  truncated?: boolean;
  error?: KoladaErrorCode | "query";
}

const QuerySchema = z.string().trim().min(2).max(80);
const SHOWN = 25;

export async function searchKpiCatalogue(formData: FormData, client = koladaClientFromEnv()) {
  const raw = formData.get("kpiQuery");
  const query = QuerySchema.safeParse(typeof raw === "string" ? raw : "");
  if (!query.success) return data<KpiSearchReply>({ formId: "kpiSearch", query: typeof raw === "string" ? raw.slice(0, 80) : "", error: "query" }, { status: 400 });
  try {
    const found = await client.searchKpis(query.data);
    return data<KpiSearchReply>({
      formId: "kpiSearch",
      query: query.data,
      results: found.slice(0, SHOWN).map((k) => ({ id: k.id, title: k.title })),
      truncated: found.length > SHOWN,
    });
  } catch (error) {
    if (!(error instanceof KoladaError)) throw error;
    // Kolada's trouble, not the editor's: the page still works and says so (not a 5xx of ours).
    return data<KpiSearchReply>({ formId: "kpiSearch", query: query.data, error: error.code }, { status: 200 });
  }
}
