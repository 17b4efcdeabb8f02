/**
 * The Kolada client against msw handlers shaped like the documented v3 answers: normal data over
 * several pages, an empty result, 503 then success, 429 with Retry-After then success, a timeout,
 * a body that is not JSON, one of the wrong shape, and a next_url to another host. No test touches
 * the network (onUnhandledRequest: "error").
 */
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_KOLADA_BASE_URL, koladaHandlers, koladaScenarios, mockValue, PAGE_SIZE } from "../../../tests/mocks/kolada";
import { createKoladaClient, KoladaError, retryAfterMs } from "./kolada-client.server";

const server = setupServer(...koladaHandlers());
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const REGIONS = ["0001", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0012", "0013", "0014", "0017", "0018", "0019", "0020", "0021", "0022", "0023", "0024", "0025", "0000"];
const YEARS = [2021, 2022, 2023, 2024, 2025];

function client(overrides: Partial<Parameters<typeof createKoladaClient>[0]> = {}) {
  const waits: number[] = [];
  const c = createKoladaClient({ baseUrl: DEFAULT_KOLADA_BASE_URL, timeoutMs: 2000, backoffMs: 10, sleep: async (ms) => void waits.push(ms), ...overrides });
  return Object.assign(c, { waits });
}

async function failure(promise: Promise<unknown>): Promise<KoladaError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KoladaError);
  return error as KoladaError;
}

describe("Kolada client", () => {
  it("fetches values of every region and year, following next_url over several pages", async () => {
    const rows = await client().getValues("N79136", REGIONS, YEARS);
    expect(REGIONS.length * YEARS.length).toBeGreaterThan(2 * PAGE_SIZE);
    expect(rows).toHaveLength(REGIONS.length * YEARS.length);
    const stockholm2024 = rows.find((r) => r.municipality === "0001" && r.period === 2024)!;
    expect(stockholm2024.values.map((v) => v.gender)).toEqual(["T", "K", "M"]);
    expect(stockholm2024.values[0]!.value).toBe(mockValue("N79136", "0001", 2024));
  });

  it("searches the KPI catalogue and reads KPIs by id", async () => {
    const c = client();
    expect((await c.searchKpis("psykiatri")).map((k) => k.id)).toEqual(["N79131", "U79160", "N79149"]);
    expect((await c.getKpis(["U79160", "N99999"])).map((k) => k.id)).toEqual(["U79160"]);
    expect(await c.getKpis([])).toEqual([]);
  });

  it("gives an empty list for a KPI without values", async () => {
    server.use(koladaScenarios.empty());
    expect(await client().getValues("N79136", REGIONS, YEARS)).toEqual([]);
  });

  it("retries a 503 with back-off and then succeeds", async () => {
    server.use(koladaScenarios.unavailableOnce());
    const c = client();
    expect(await c.getValues("N79136", ["0001"], [2024])).toHaveLength(1);
    expect(c.waits).toEqual([10]);
  });

  it("gives up after the retries when Kolada stays unavailable", async () => {
    server.use(koladaScenarios.unavailable());
    const c = client({ retries: 2 });
    const error = await failure(c.getValues("N79136", ["0001"], [2024]));
    expect(error.code).toBe("http");
    expect(error.status).toBe(503);
    expect(c.waits).toEqual([10, 20]);
  });

  it("waits as long as Retry-After asks after a 429, then succeeds", async () => {
    server.use(koladaScenarios.rateLimitedOnce(2));
    const c = client();
    expect(await c.getValues("N79136", ["0001"], [2024])).toHaveLength(1);
    expect(c.waits).toEqual([2000]);
  });

  it("does not wait for a Retry-After beyond its cap", async () => {
    server.use(koladaScenarios.rateLimitedOnce(3600));
    const error = await failure(client({ maxRetryAfterMs: 5000 }).getValues("N79136", ["0001"], [2024]));
    expect(error.code).toBe("rate_limited");
  });

  it("ends a request that does not answer with a timeout error", async () => {
    server.use(koladaScenarios.hanging());
    const error = await failure(client({ timeoutMs: 150 }).getValues("N79136", ["0001"], [2024]));
    expect(error.code).toBe("timeout");
  });

  it("reports a body that is not JSON, and JSON of the wrong shape, as malformed", async () => {
    server.use(koladaScenarios.notJson());
    expect((await failure(client().getValues("N79136", ["0001"], [2024]))).code).toBe("malformed");
    server.resetHandlers(koladaScenarios.malformed());
    const error = await failure(client().getValues("N79136", ["0001"], [2024]));
    expect(error.code).toBe("malformed");
    expect(error.message).toMatch(/unexpected shape/);
  });

  it("never follows a next_url to another host", async () => {
    server.use(koladaScenarios.foreignNextUrl());
    const error = await failure(client().getValues("N79136", ["0001"], [2024]));
    expect(error.code).toBe("malformed");
    expect(error.message).toMatch(/points elsewhere/);
  });

  it("reports a refused connection as unreachable", async () => {
    // What undici throws when nothing listens (the server test starts the app against a closed port).
    const refused = async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }) });
    };
    const error = await failure(client({ fetch: refused }).getKpis(["N79136"]));
    expect(error.code).toBe("unreachable");
  });

  it("reads Retry-After as seconds or as a date", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs("soon")).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});
