/**
 * Measurement 3: time to first byte of the review scoring page, the consensus page and /national
 * with the large data set, signed in as someone who may see each: sequential GETs on a keep-alive
 * connection, gzip accepted like a browser, the median after a warm-up.
 */
import { timedGet } from "../lib/http";
import { cpuMsOf, type Child } from "../lib/processes";
import { median, percentile } from "../lib/stats";
import type { Targets } from "../lib/targets";

export interface PageTimes {
  name: "scoring" | "consensus" | "national";
  path: string;
  ttfb: number[];
  bytes: number;
  /** Server CPU time per request (user + system). */
  cpuMs: number | null;
}

export function pagePaths(targets: Targets) {
  return [
    { name: "scoring" as const, path: `/reviews/${targets.scoring.reviewId}/scoring`, cookie: targets.scoring.cookie },
    { name: "consensus" as const, path: `/reviews/${targets.consensus.reviewId}/consensus`, cookie: targets.consensus.cookie },
    { name: "national" as const, path: `/national?round=${targets.largestRound.id}`, cookie: targets.coordinatorCookie },
  ];
}

/**
 * The pages on each server, the servers taking turns request by request, so load from elsewhere on
 * the machine falls on both alike. Returns the times per server, in the order given.
 */
export async function measurePages(servers: Child[], targets: Targets, { runs, warmup = 3 }: { runs: number; warmup?: number }): Promise<PageTimes[][]> {
  const results: PageTimes[][] = servers.map(() => []);
  for (const page of pagePaths(targets)) {
    // /national renders the whole round; fewer runs keep the bench inside its time budget.
    const pageRuns = page.name === "national" ? Math.max(5, Math.round(runs / 3)) : runs;
    const times: PageTimes[] = servers.map(() => ({ name: page.name, path: page.path, ttfb: [], bytes: 0, cpuMs: 0 }));
    for (let i = 0; i < warmup + pageRuns; i++) {
      for (const [s, server] of servers.entries()) {
        const cpuBefore = cpuMsOf(server.process.pid!);
        const timed = await timedGet(server.url + page.path, { Cookie: page.cookie });
        const cpuAfter = cpuMsOf(server.process.pid!);
        if (timed.status !== 200) throw new Error(`GET ${page.path} on ${server.url} answered ${timed.status}`);
        if (i < warmup) continue;
        const t = times[s]!;
        t.ttfb.push(timed.ttfb);
        t.bytes = timed.bytes;
        t.cpuMs = cpuBefore === null || cpuAfter === null || t.cpuMs === null ? null : t.cpuMs + (cpuAfter - cpuBefore) / pageRuns;
      }
    }
    times.forEach((t, s) => results[s]!.push(t));
  }
  return results;
}

export function describe(times: PageTimes, baseline?: PageTimes) {
  const cpu = times.cpuMs === null ? "" : `; server CPU ${times.cpuMs.toFixed(0)} ms per request${baseline?.cpuMs != null ? ` (bare ${baseline.cpuMs.toFixed(1)} ms)` : ""}`;
  return `median of ${times.ttfb.length}, p95 ${percentile(times.ttfb, 95).toFixed(1)} ms, ${(times.bytes / 1024).toFixed(0)} KB on the wire${cpu}`;
}

export { median };
