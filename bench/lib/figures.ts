/**
 * One measured figure beside its baseline, and its target (issue 8). Every measurement module in
 * bench/measurements/ returns a list of these; bench/run.ts prints them as one table and writes it
 * to docs/benchmarks.md.
 */
export type Unit = "ms" | "s" | "req/s" | "KB" | "MB" | "count";

export interface Figure {
  /** Table section, e.g. "1. National aggregation". */
  section: string;
  label: string;
  value: number;
  unit: Unit;
  /** The same work done the fastest way (or the floor), and what that is. */
  baseline: { value: number; label: string } | null;
  /** A target of issue 8 for this figure: the text and whether it is met. */
  target?: { text: string; met: boolean };
  note?: string;
}

/** Figure / baseline (higher is worse for times and sizes, better for throughput). */
export function ratioOf(figure: Figure): number | null {
  if (!figure.baseline || figure.baseline.value === 0) return null;
  return figure.value / figure.baseline.value;
}

export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return "–";
  switch (unit) {
    case "ms":
      return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
    case "s":
      return `${value.toFixed(2)} s`;
    case "req/s":
      return `${value.toFixed(0)} req/s`;
    case "KB":
      return `${value.toFixed(1)} KB`;
    case "MB":
      return `${value.toFixed(0)} MB`;
    case "count":
      return String(value);
  }
}
