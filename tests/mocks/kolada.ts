/**
 * msw handlers for Kolada's REST API v3, shaped like its documented answers
 * (https://api.kolada.se/v3/docs; decision 014): `{ count, values, next_url, previous_url }`, data
 * rows `{ kpi, municipality, period, values: [{ gender, value, status }] }` with T/K/M per row.
 * Values are made up deterministically from the KPI, region and year. The data endpoint pages
 * PAGE_SIZE rows at a time (Kolada's own default is 5000), so a normal fetch of 21 regions and the
 * country follows next_url over several pages. Failure scenarios are handler factories for
 * `server.use(...)`.
 */
import { delay, http, HttpResponse } from "msw";

export const DEFAULT_KOLADA_BASE_URL = "https://api.kolada.se/v3";
export const PAGE_SIZE = 40;

/** The mock catalogue: the KPIs the demo manual links, and one more for searches. */
export const MOCK_KPIS = [
  { id: "N79136", title: "Självmord, antal per 100 000 invånare (mockvärde)", operating_area: "Hälso- och sjukvård" },
  { id: "N79131", title: "Invånare med kontakt med psykiatrisk öppenvård, andel (%) (mockvärde)", operating_area: "Hälso- och sjukvård" },
  { id: "U79160", title: "Väntetid till första besök i barn- och ungdomspsykiatrin inom 30 dagar, andel (%) (mockvärde)", operating_area: "Hälso- och sjukvård" },
  { id: "N79149", title: "Återinskrivning inom 30 dagar efter psykiatrisk slutenvård, andel (%) (mockvärde)", operating_area: "Hälso- och sjukvård" },
  { id: "N00945", title: "Invånare totalt, antal", operating_area: "Befolkning" },
] as const;

function kpiEntry(kpi: (typeof MOCK_KPIS)[number]) {
  return {
    id: kpi.id,
    title: kpi.title,
    description: `${kpi.title}. Källa: mock.`,
    operating_area: kpi.operating_area,
    is_divided_by_gender: true,
    municipality_type: "L",
    publication_date: "2026-05-01",
    auspice: "X",
  };
}

/** A deterministic value between 5 and 45 with one decimal. */
export function mockValue(kpiId: string, municipalityId: string, year: number, gender: "T" | "K" | "M" = "T"): number {
  let h = 2166136261;
  for (const ch of `${kpiId}|${municipalityId}|${year}|${gender}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return Math.round((5 + (h % 4000) / 100) * 10) / 10;
}

function dataRows(kpiId: string, municipalityIds: string[], years: number[]) {
  if (!MOCK_KPIS.some((k) => k.id === kpiId)) return [];
  return years.flatMap((period) =>
    municipalityIds.map((municipality) => ({
      kpi: kpiId,
      municipality,
      period,
      values: (["T", "K", "M"] as const).map((gender) => ({ gender, status: "", value: mockValue(kpiId, municipality, period, gender), count: 1 })),
    })),
  );
}

function paged<T>(request: Request, items: T[], pageSize = PAGE_SIZE) {
  const url = new URL(request.url);
  const page = Math.max(1, Number(url.searchParams.get("page") ?? "1") || 1);
  const perPage = Math.max(1, Math.min(pageSize, Number(url.searchParams.get("per_page") ?? pageSize) || pageSize));
  const values = items.slice((page - 1) * perPage, page * perPage);
  const at = (p: number) => {
    const next = new URL(url);
    next.searchParams.set("page", String(p));
    next.searchParams.set("per_page", String(perPage));
    return next.toString();
  };
  return HttpResponse.json({
    count: values.length,
    values,
    next_url: page * perPage < items.length ? at(page + 1) : null,
    previous_url: page > 1 ? at(page - 1) : null,
  });
}

const dataPath = (base: string) => `${base}/data/kpi/:kpi/municipality/:municipalities/year/:years`;

/** The normal API: catalogue search, KPIs by id, values with paging. */
export function koladaHandlers(base = DEFAULT_KOLADA_BASE_URL) {
  return [
    http.get(`${base}/kpi`, ({ request }) => {
      const title = (new URL(request.url).searchParams.get("title") ?? "").toLowerCase();
      return paged(request, MOCK_KPIS.filter((k) => k.title.toLowerCase().includes(title)).map(kpiEntry));
    }),
    http.get(`${base}/kpi/:ids`, ({ request, params }) => {
      const ids = String(params.ids).split(",");
      return paged(request, MOCK_KPIS.filter((k) => ids.includes(k.id)).map(kpiEntry));
    }),
    http.get(dataPath(base), ({ request, params }) => {
      const years = String(params.years).split(",").map(Number);
      return paged(request, dataRows(String(params.kpi), String(params.municipalities).split(","), years));
    }),
  ];
}

/** Scenarios, each for the data endpoint (the catalogue keeps answering normally). */
export const koladaScenarios = {
  /** A KPI Kolada has no values for. */
  empty: (base = DEFAULT_KOLADA_BASE_URL) => http.get(dataPath(base), () => HttpResponse.json({ count: 0, values: [], next_url: null, previous_url: null })),
  /** 503 once, then the normal answer. */
  unavailableOnce: (base = DEFAULT_KOLADA_BASE_URL) =>
    http.get(dataPath(base), () => new HttpResponse("Service Unavailable", { status: 503, headers: { "Content-Type": "text/plain" } }), { once: true }),
  /** 503 every time. */
  unavailable: (base = DEFAULT_KOLADA_BASE_URL) => http.get(dataPath(base), () => new HttpResponse("Service Unavailable", { status: 503 })),
  /** 429 with Retry-After once, then the normal answer. */
  rateLimitedOnce: (retryAfterSeconds = 1, base = DEFAULT_KOLADA_BASE_URL) =>
    http.get(dataPath(base), () => new HttpResponse(null, { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } }), { once: true }),
  /** Never answers (the client's timeout ends it). */
  hanging: (base = DEFAULT_KOLADA_BASE_URL) =>
    http.get(dataPath(base), async () => {
      await delay("infinite");
      return HttpResponse.json({});
    }),
  /** 200 with a body that is not JSON. */
  notJson: (base = DEFAULT_KOLADA_BASE_URL) => http.get(dataPath(base), () => new HttpResponse("<html>Underhåll</html>", { status: 200, headers: { "Content-Type": "text/html" } })),
  /** 200 with JSON of an unexpected shape. */
  malformed: (base = DEFAULT_KOLADA_BASE_URL) => http.get(dataPath(base), () => HttpResponse.json({ count: "två", values: [{ kpi: "N79136", period: "igår" }] })),
  /** A next_url that points at another host. */
  foreignNextUrl: (base = DEFAULT_KOLADA_BASE_URL) =>
    http.get(dataPath(base), () => HttpResponse.json({ count: 0, values: [], next_url: "https://evil.example/v3/data?page=2", previous_url: null })),
};
