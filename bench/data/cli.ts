/**
 * `npm run bench:data -- --scale N [--force]`: generates (or finds in the cache) the synthetic
 * benchmark database and prints what it holds. N is in (0, 1]; 1 is the national scale of issue 8.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureBenchDatabase } from "./cache";
import { parseScale, ScaleError } from "./spec";

async function main() {
  const { values } = parseArgs({ options: { scale: { type: "string" }, force: { type: "boolean", default: false } } });
  const scale = parseScale(values.scale);
  const { path: file, summary, generated } = await ensureBenchDatabase(scale, { force: values.force });
  console.log(`${generated ? "Generated" : "Cached"}: ${path.relative(process.cwd(), file)} (${(summary.bytes / 1e6).toFixed(0)} MB${generated ? `, ${summary.seconds.toFixed(1)} s` : ""})`);
  console.log(`  units: ${JSON.stringify(summary.units)}`);
  console.log(`  scores: ${summary.scores.toLocaleString("en")} (reviewer ${summary.rows.reviewer_scores!.toLocaleString("en")}, self ${summary.rows.self_assessments!.toLocaleString("en")}, consensus ${summary.rows.consensus_scores!.toLocaleString("en")})`);
  console.log(`  rows: ${JSON.stringify(summary.rows)}`);
}

main().catch((error) => {
  if (error instanceof ScaleError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
