/** Small statistics for the bench's samples. Pure. */

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/**
 * Runs the functions in turn, `warmup` rounds untimed and then `runs` rounds timed, and returns
 * each one's samples in milliseconds. Taking turns puts whatever else the machine is doing on all
 * of them alike, which matters more for a ratio than any single figure.
 */
export async function timeAlternately(
  fns: [() => unknown, () => unknown],
  { runs, warmup }: { runs: number; warmup: number },
): Promise<{ wall: [number[], number[]]; cpu: [number[], number[]] }> {
  const wall: [number[], number[]] = [[], []];
  const cpu: [number[], number[]] = [[], []];
  for (let i = 0; i < warmup + runs; i++) {
    for (const [f, fn] of fns.entries()) {
      const cpuStarted = process.cpuUsage();
      const started = performance.now();
      await fn();
      if (i < warmup) continue;
      wall[f]!.push(performance.now() - started);
      const used = process.cpuUsage(cpuStarted);
      cpu[f]!.push((used.user + used.system) / 1000);
    }
  }
  return { wall, cpu };
}
