/**
 * A small typed client for Kolada's public REST API v3 (decision 014): the KPI catalogue and the
 * values of one KPI for some regions and years. Every request has a timeout; 5xx and 429 answers
 * are retried with back-off (honouring Retry-After up to a cap); paging follows `next_url`, but
 * only to the configured host and only for a bounded number of pages; every answer is validated
 * with zod. Failures come out as a KoladaError with a code the pages translate, never as a crash.
 */
import type { z } from "zod";
import { DataPageSchema, KpiPageSchema, type KoladaDataRow, type KoladaKpi, pageSchema } from "./kolada-schemas";

export const KOLADA_ERROR_CODES = ["unreachable", "timeout", "http", "rate_limited", "malformed"] as const;
export type KoladaErrorCode = (typeof KOLADA_ERROR_CODES)[number];

export class KoladaError extends Error {
  constructor(
    readonly code: KoladaErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "KoladaError";
  }
}

export interface KoladaClientOptions {
  /** E.g. https://api.kolada.se/v3 (no trailing slash needed). */
  baseUrl: string;
  /** Per request. */
  timeoutMs: number;
  /** Further attempts after a 5xx or 429 answer. */
  retries?: number;
  /** First back-off; doubled for every further attempt. */
  backoffMs?: number;
  /** A Retry-After longer than this (default 5 s) is not waited for: the fetch fails as rate-limited. */
  maxRetryAfterMs?: number;
  /** Paging stops with an error past this many pages (a loop of next_url would never end). */
  maxPages?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function createKoladaClient(options: KoladaClientOptions) {
  const base = new URL(options.baseUrl.replace(/\/+$/, "") + "/");
  const retries = options.retries ?? 2;
  const backoffMs = options.backoffMs ?? 500;
  // The refresh button waits for this: keep a rate-limited answer short (decision 014).
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 5_000;
  const maxPages = options.maxPages ?? 20;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;

  function url(path: string, query: Record<string, string> = {}): URL {
    const result = new URL(path.replace(/^\/+/, ""), base);
    for (const [key, value] of Object.entries(query)) result.searchParams.set(key, value);
    return result;
  }

  async function getJson(target: URL): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(target, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(options.timeoutMs) });
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === "TimeoutError" || name === "AbortError") throw new KoladaError("timeout", `Kolada did not answer within ${options.timeoutMs} ms: ${target.pathname}`);
        throw new KoladaError("unreachable", `Kolada could not be reached: ${(error as Error).message}`);
      }
      if (response.ok) {
        try {
          return await response.json();
        } catch (error) {
          const name = (error as { name?: string }).name;
          if (name === "TimeoutError" || name === "AbortError") throw new KoladaError("timeout", `Kolada's answer did not arrive within ${options.timeoutMs} ms`);
          throw new KoladaError("malformed", "Kolada answered with something that is not JSON", response.status);
        }
      }
      const retryable = response.status >= 500 || response.status === 429;
      // Read the rest of the refused answer (bounded by the same timeout) so the connection is freed.
      await response.arrayBuffer().catch(() => undefined);
      if (!retryable || attempt >= retries) {
        throw new KoladaError(response.status === 429 ? "rate_limited" : "http", `Kolada answered ${response.status} for ${target.pathname}`, response.status);
      }
      let wait = backoffMs * 2 ** attempt;
      if (response.status === 429) {
        const asked = retryAfterMs(response.headers.get("Retry-After"));
        if (asked !== null && asked > maxRetryAfterMs) throw new KoladaError("rate_limited", `Kolada asked to wait ${Math.round(asked / 1000)} s`, 429);
        if (asked !== null) wait = Math.max(wait, asked);
      }
      await sleep(wait);
    }
  }

  /** Every page of a list endpoint, following next_url on the same host. */
  async function getAllPages<T extends z.ZodType>(first: URL, schema: ReturnType<typeof pageSchema<T>>): Promise<z.infer<T>[]> {
    const items: z.infer<T>[] = [];
    let next: URL | null = first;
    for (let page = 0; next; page++) {
      if (page >= maxPages) throw new KoladaError("malformed", `Kolada's answer went on past ${maxPages} pages`);
      const parsed = schema.safeParse(await getJson(next));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new KoladaError("malformed", `Kolada's answer has an unexpected shape (${issue ? `${issue.path.join(".")}: ${issue.message}` : "?"})`);
      }
      items.push(...(parsed.data.values as z.infer<T>[]));
      next = parsed.data.next_url ? followable(parsed.data.next_url) : null;
    }
    return items;
  }

  /** A next_url on the configured host and path; anything else is refused (no requests elsewhere). */
  function followable(nextUrl: string): URL {
    let target: URL;
    try {
      target = new URL(nextUrl, base);
    } catch {
      throw new KoladaError("malformed", "Kolada's next_url is not an address");
    }
    if (target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) {
      throw new KoladaError("malformed", `Kolada's next_url points elsewhere (${target.origin})`);
    }
    return target;
  }

  return {
    /** KPIs whose title contains the text (Kolada's catalogue search). */
    searchKpis(title: string): Promise<KoladaKpi[]> {
      return getAllPages(url("kpi", { title }), KpiPageSchema);
    },
    /** The catalogue entries of the given KPI ids (those Kolada knows). */
    getKpis(ids: string[]): Promise<KoladaKpi[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return getAllPages(url(`kpi/${ids.map(encodeURIComponent).join(",")}`), KpiPageSchema);
    },
    /** Values of one KPI for the given municipalities/regions and years, every page. */
    getValues(kpiId: string, municipalityIds: string[], years: number[]): Promise<KoladaDataRow[]> {
      const path = `data/kpi/${encodeURIComponent(kpiId)}/municipality/${municipalityIds.map(encodeURIComponent).join(",")}/year/${years.join(",")}`;
      return getAllPages(url(path), DataPageSchema);
    },
    /** The public page of a KPI at Kolada, for people. */
    baseUrl: base.toString(),
  };
}

export type KoladaClient = ReturnType<typeof createKoladaClient>;

/** Kolada's own page of a KPI (where a reader checks the definition and the source). */
export function koladaKpiPageUrl(kpiId: string): string {
  return `https://www.kolada.se/verktyg/fri-sokning/?kpis=${encodeURIComponent(kpiId)}`;
}
