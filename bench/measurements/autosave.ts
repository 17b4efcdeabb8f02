/**
 * Measurement 2 (and the memory half of 5): score autosave under concurrent load. autocannon
 * against 127.0.0.1, bounded in time, each connection a signed-in reviewer saving their own
 * criterion with exactly the request the scoring page's autosave sends (POST to the JSON endpoint
 * /reviews/:id/scoring/autosave, decision 023, urlencoded intent/criterionId/score-/rationale-/
 * version-, Origin of the site so the cross-origin guard lets it through). `target: "remix"`
 * sends the same fields to the page's own action through single fetch (/reviews/:id/scoring.data),
 * what the autosave sent before decision 023 and what the save buttons still reach. Every save changes the answer and names
 * the version the previous save returned, so every save is accepted: any non-2xx (a 409 included)
 * counts as an error. The server's memory is sampled from /proc while the load runs. `warmup`
 * seconds of the same load go first, unmeasured, on both servers alike.
 */
import autocannon from "autocannon";
import SQLite from "better-sqlite3";
import type { Child } from "../lib/processes";
import { cpuMsOf, memoryOf } from "../lib/processes";
import type { LoadAssignment } from "../lib/targets";

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** What the errors were: HTTP statuses other than 200, timeouts, socket errors. */
  errorKinds: string;
  /** Saves the server accepted (2xx), and how many the database shows afterwards. */
  accepted: number;
  stored: number;
  peakRss: number;
  seconds: number;
  /** Server CPU time per accepted save: what a save costs, whatever else the machine is doing. */
  cpuMsPerRequest: number | null;
}

export async function runAutosaveLoad(
  server: Child,
  databasePath: string,
  assignments: readonly LoadAssignment[],
  { connections, duration, target = "endpoint", warmup = 0 }: { connections: number; duration: number; target?: "endpoint" | "remix"; warmup?: number },
): Promise<LoadResult> {
  // The same load for `warmup` seconds first, not counted: a server just started compiles its save
  // path and (the app) loads the PDF worker's build meanwhile, and 1 % of a 10 s run is its first
  // ~0.1 s (docs/benchmarks.md, 2026-12-03 later).
  if (warmup > 0) await runAutosaveLoad(server, databasePath, assignments, { connections, duration: warmup, target });
  // The stored versions are the truth (a save in flight when the previous run stopped still
  // counted); each in-flight request holds one assignment (a reviewer and their criterion) and
  // gives it back with the version its save returned.
  const db = new SQLite(databasePath, { readonly: true });
  const read = db.prepare("SELECT version FROM reviewer_scores WHERE review_id = ? AND criterion_id = ? AND reviewer_id = ?").pluck();
  const storedVersion = (a: LoadAssignment) => (read.get(a.reviewId, a.criterionId, a.reviewerId) as number | undefined) ?? 0;
  const state = assignments.map((a) => {
    const version = storedVersion(a);
    return { ...a, version, initial: version };
  });
  const free = [...state];
  const origin = server.url;
  let peakRss = 0;
  const sampler = setInterval(() => {
    const m = memoryOf(server.process.pid!);
    if (m) peakRss = Math.max(peakRss, m.rss, m.peak);
  }, 100);
  const cpuBefore = cpuMsOf(server.process.pid!);
  const statuses = new Map<number, number>();
  try {
    const result = await autocannon({
      url: server.url,
      connections,
      duration,
      timeout: 10,
      requests: [
        {
          method: "POST",
          setupRequest: (request, context) => {
            const a = free.shift() ?? state[Math.floor(Math.random() * state.length)]!;
            context.assignment = a;
            const id = a.criterionId;
            const body = new URLSearchParams();
            body.set("intent", "save");
            body.append("criterionId", String(id));
            body.set(`score-${id}`, String(a.version % 4));
            body.set(`rationale-${id}`, `Belastningsprov: sparning ${a.version + 1} av samma bedömning.`);
            body.set(`version-${id}`, String(a.version));
            return {
              ...request,
              path: target === "remix" ? `/reviews/${a.reviewId}/scoring.data` : `/reviews/${a.reviewId}/scoring/autosave`,
              headers: {
                Cookie: a.cookie,
                Origin: origin,
                "Sec-Fetch-Site": "same-origin",
                Accept: target === "remix" ? "*/*" : "application/json",
                "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
              },
              body: body.toString(),
            };
          },
          onResponse: (status, _body, context) => {
            const a = context.assignment as (typeof state)[number] | undefined;
            if (!a) return;
            if (status === 200) a.version++;
            else statuses.set(status, (statuses.get(status) ?? 0) + 1);
            free.push(a);
          },
        },
      ],
    });
    // Requests still in flight when autocannon stops are finished by the server (their answers go
    // nowhere): wait until it is idle, so the next phase does not compete with them.
    await settle(server);
    let stored = 0;
    for (const a of state) stored += storedVersion(a) - a.initial;
    const cpuAfter = cpuMsOf(server.process.pid!);
    const final = memoryOf(server.process.pid!);
    if (final) peakRss = Math.max(peakRss, final.peak);
    return {
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts + result.non2xx,
      errorKinds: [...[...statuses].map(([status, n]) => `${n} × ${status}`), ...(result.timeouts ? [`${result.timeouts} timeouts`] : []), ...(result.errors - result.timeouts > 0 ? [`${result.errors - result.timeouts} socket errors`] : [])].join(", ") || "none",
      accepted: result["2xx"],
      stored,
      peakRss,
      seconds: result.duration,
      // Per save the database shows (the ones finished after autocannon stopped included).
      cpuMsPerRequest: cpuBefore === null || cpuAfter === null || stored <= 0 ? null : (cpuAfter - cpuBefore) / stored,
    };
  } finally {
    clearInterval(sampler);
    db.close();
  }
}

/**
 * The same load on GET /healthz (a loader answering `select 1`): what any request through the
 * server costs before the route does any work — the floor under the autosave's figures.
 */
export async function runFloorLoad(server: Child, { connections, duration }: { connections: number; duration: number }) {
  const cpuBefore = cpuMsOf(server.process.pid!);
  const result = await autocannon({ url: `${server.url}/healthz`, connections, duration, timeout: 10 });
  const cpuAfter = cpuMsOf(server.process.pid!);
  return {
    requestsPerSecond: result.requests.average,
    p99: result.latency.p99,
    cpuMsPerRequest: cpuBefore === null || cpuAfter === null || result["2xx"] === 0 ? null : (cpuAfter - cpuBefore) / result["2xx"],
  };
}

/** Waits until the server has used no CPU for half a second (at most 20 s). */
export async function settle(server: Child) {
  const deadline = Date.now() + 20_000;
  let last = cpuMsOf(server.process.pid!);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuMsOf(server.process.pid!);
    if (now === null || last === null || now - last < 20) return;
    last = now;
  }
}
