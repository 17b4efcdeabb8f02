/**
 * `npm run bench` (issue 8): in one process tree, every measurement beside its baseline, printed
 * as one table and written to docs/benchmarks.md (between its result markers) with the machine
 * and the date. Generates the large data set on a first run (bench/data/, cached afterwards),
 * builds the app, and works on a copy of the cached database.
 *
 * Options: --scale N (default 1), --connections 50, --duration 10 (s), --runs 30,
 * --no-build (use the existing build), --no-write (print only).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseScale } from "./data/spec";
import { formatValue, ratioOf, type Figure } from "./lib/figures";
import { startApp, startBare } from "./lib/processes";
import { median } from "./lib/stats";
import { prepareBench } from "./lib/setup";
import { measureAggregation } from "./measurements/aggregation";
import { runAutosaveLoad, runFloorLoad } from "./measurements/autosave";
import { measureClientJs } from "./measurements/client-js";
import { measureColdStart } from "./measurements/cold-start";
import { describe, measurePages } from "./measurements/pages";
import { measurePdf } from "./measurements/pdf";

const DOC = path.resolve("docs/benchmarks.md");
/** Seconds of the same autosave load before each measured one, on the app and the bare server alike. */
const AUTOSAVE_WARMUP_SECONDS = 3;
const START = "<!-- bench:results:start -->";
const END = "<!-- bench:results:end -->";

function log(line: string) {
  console.log(line);
}

function machine() {
  const git = (args: string[]) => {
    try {
      return execFileSync("git", args, { encoding: "utf8" }).trim();
    } catch {
      return "?";
    }
  };
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "?",
    ramGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    sqlite: "",
    // docs/benchmarks.md itself does not count: the previous run wrote it.
    commit: `${git(["rev-parse", "--short", "HEAD"])}${git(["status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)docs/benchmarks.md"]) ? " (with uncommitted changes)" : ""}`,
  };
}

function table(figures: Figure[]): string {
  const lines = ["| Measurement | Figure | Baseline | Ratio | Target | Met? |", "| --- | --- | --- | --- | --- | --- |"];
  let section = "";
  for (const f of figures) {
    const ratio = ratioOf(f);
    const head = f.section === section ? "" : `**${f.section}**<br>`;
    section = f.section;
    const label = `${head}${f.label}${f.note ? `<br><small>${f.note}</small>` : ""}`;
    const baseline = f.baseline ? `${formatValue(f.baseline.value, f.unit)}<br><small>${f.baseline.label}</small>` : "–";
    lines.push(
      `| ${label} | ${formatValue(f.value, f.unit)} | ${baseline} | ${ratio === null ? "–" : `${ratio.toFixed(2)}×`} | ${f.target?.text ?? "–"} | ${f.target ? (f.target.met ? "yes" : "**no**") : "–"} |`,
    );
  }
  return lines.join("\n");
}

function plainTable(figures: Figure[]): string {
  const rows = figures.map((f) => {
    const ratio = ratioOf(f);
    return [f.label, formatValue(f.value, f.unit), f.baseline ? formatValue(f.baseline.value, f.unit) : "–", ratio === null ? "–" : `${ratio.toFixed(2)}×`, f.target ? `${f.target.met ? "met" : "MISSED"}: ${f.target.text}` : ""];
  });
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), 6));
  return rows
    .map((r, i) => {
      const line = r.map((cell, c) => (c < 4 ? cell.padEnd(widths[c]!) : cell)).join("  ");
      const note = figures[i]!.note;
      return note ? `${line}\n    ${note}` : line;
    })
    .join("\n");
}

function writeDoc(section: string) {
  const existing = fs.existsSync(DOC) ? fs.readFileSync(DOC, "utf8") : `# Benchmarks\n\n${START}\n${END}\n\n## History\n`;
  const start = existing.indexOf(START);
  const end = existing.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOC} has no ${START} … ${END} markers`);
  fs.writeFileSync(DOC, `${existing.slice(0, start + START.length)}\n${section}\n${existing.slice(end)}`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: "string" },
      connections: { type: "string", default: "50" },
      duration: { type: "string", default: "10" },
      runs: { type: "string", default: "30" },
      "no-build": { type: "boolean", default: false },
      "no-write": { type: "boolean", default: false },
    },
  });
  const scale = parseScale(values.scale);
  const connections = Number(values.connections);
  const duration = Number(values.duration);
  const runs = Number(values.runs);
  const started = performance.now();
  const loadBefore = os.loadavg();
  const info = machine();

  const { data, copy, targets, sqliteVersion, removeCopy } = await prepareBench({ scale, connections, build: !values["no-build"], copyName: "bench.sqlite", log });
  const generation = data.generated ? `generated in ${data.summary.seconds.toFixed(0)} s` : "from the cache";
  info.sqlite = sqliteVersion;
  log(`Data: ${data.summary.units.total} units, ${data.summary.rows.rounds} rounds, ${data.summary.scores.toLocaleString("en")} scores (${generation}); largest round ${targets.largestRound.name} (${targets.largestRound.publishedReviews} published reviews)`);

  const figures: Figure[] = [];
  log("1. Aggregation …");
  figures.push(...(await measureAggregation({ databasePath: copy, targets, runs })));

  // In process like the aggregation, before the servers start; its rows go after measurement 3.
  log("4. PDF rendering (the national PDF of the largest round takes minutes) …");
  const pdfFigures = await measurePdf({ databasePath: copy, targets, runs });

  log("2–5. App and bare server: pages (taking turns), then the autosave load on each, memory …");
  const app = await startApp(copy);
  const bare = await startBare(copy).catch(async (error) => {
    await app.stop();
    throw error;
  });
  let appPages, barePages, appLoad, bareLoad, appFloor, appScoringHtml;
  try {
    [appPages, barePages] = await measurePages([app, bare], targets, { runs });
    appScoringHtml = await (await fetch(app.url + `/reviews/${targets.scoring.reviewId}/scoring`, { headers: { Cookie: targets.scoring.cookie } })).text();
    appLoad = await runAutosaveLoad(app, copy, targets.load, { connections, duration, warmup: AUTOSAVE_WARMUP_SECONDS });
    bareLoad = await runAutosaveLoad(bare, copy, targets.load, { connections, duration, warmup: AUTOSAVE_WARMUP_SECONDS });
    appFloor = await runFloorLoad(app, { connections, duration: Math.min(5, duration) });
  } finally {
    await Promise.all([app.stop(), bare.stop()]);
  }

  const loadSection = "2. Score autosave under load";
  const cpuNote = (l: NonNullable<typeof appLoad>) => (l.cpuMsPerRequest === null ? "" : `; server CPU ${l.cpuMsPerRequest.toFixed(2)} ms per save`);
  const loadNote = (l: NonNullable<typeof appLoad>, b: NonNullable<typeof bareLoad>) =>
    `${connections} connections, ${duration} s each after ${AUTOSAVE_WARMUP_SECONDS} s of warm-up, ${targets.load.length} reviewers; app ${l.accepted} saves accepted (${l.stored} in the database)${cpuNote(l)}; bare ${b.accepted} (${b.stored})${cpuNote(b)}`;
  figures.push(
    {
      section: loadSection,
      label: "Requests per second (POST /reviews/:id/scoring/autosave, the JSON endpoint the scoring page autosaves to)",
      value: appLoad.requestsPerSecond,
      unit: "req/s",
      baseline: { value: bareLoad.requestsPerSecond, label: "bare node:http + the same SQLite upsert" },
      target: { text: "≥ 0.5× baseline", met: appLoad.requestsPerSecond >= 0.5 * bareLoad.requestsPerSecond },
      note: `${loadNote(appLoad!, bareLoad!)}. The app's floor, GET /healthz under the same load: ${appFloor!.requestsPerSecond.toFixed(0)} req/s, p99 ${appFloor!.p99.toFixed(0)} ms${appFloor!.cpuMsPerRequest === null ? "" : `, ${appFloor!.cpuMsPerRequest.toFixed(2)} ms CPU per request`}`,
    },
    { section: loadSection, label: "Latency p50", value: appLoad.p50, unit: "ms", baseline: { value: bareLoad.p50, label: "bare server" } },
    { section: loadSection, label: "Latency p99", value: appLoad.p99, unit: "ms", baseline: { value: bareLoad.p99, label: "bare server" }, target: { text: "< 50 ms", met: appLoad.p99 < 50 } },
    {
      section: loadSection,
      label: "Errors (non-2xx, 409 included; timeouts; socket errors)",
      value: appLoad.errors,
      unit: "count",
      baseline: { value: bareLoad.errors, label: "bare server" },
      target: { text: "0", met: appLoad.errors === 0 },
      note: `app: ${appLoad.errorKinds}; bare: ${bareLoad.errorKinds}`,
    },
  );

  const pageSection = "3. Time to first byte, large data set";
  const labels = { scoring: "Review scoring page (reviewer)", consensus: "Consensus page (team member)", national: "/national, largest round (coordinator)" } as const;
  for (const page of appPages!) {
    const baseTimes = barePages!.find((p) => p.name === page.name)!;
    const value = median(page.ttfb);
    figures.push({
      section: pageSection,
      label: `${labels[page.name]} ${page.path}`,
      value,
      unit: "ms",
      baseline: { value: median(baseTimes.ttfb), label: "bare server: the same rows as JSON" },
      target: page.name === "scoring" ? { text: "< 50 ms", met: value < 50 } : undefined,
      note: describe(page, baseTimes),
    });
  }

  figures.push(...pdfFigures);

  const js = measureClientJs({ servedHtml: appScoringHtml });
  figures.push(
    {
      section: "5. Browser JavaScript and server memory",
      label: `JavaScript for the scoring page, gzip (${js.scoringFiles} files)`,
      value: js.scoringBytes / 1024,
      unit: "KB",
      baseline: { value: js.floorBytes / 1024, label: `the floor every page ships: manifest, entry, root (${js.floorFiles} files)` },
      target: { text: "< 150 KB", met: js.scoringBytes / 1024 < 150 },
      note: js.check,
    },
    {
      section: "5. Browser JavaScript and server memory",
      label: "Peak server memory (RSS high-water mark) over the page requests and the autosave load",
      value: appLoad.peakRss / 2 ** 20,
      unit: "MB",
      baseline: { value: bareLoad.peakRss / 2 ** 20, label: "bare server, same requests" },
    },
  );

  log("6. Cold start …");
  const cold = await measureColdStart(copy);
  figures.push(
    {
      section: "6. Cold start (built app, existing large database)",
      label: "`npm run serve` to the first 200 from /healthz",
      value: cold.healthz,
      unit: "s",
      baseline: { value: cold.bare, label: "bare server (node + tsx) to its first /healthz" },
      note: `median of ${cold.repeats}`,
    },
    {
      section: "6. Cold start (built app, existing large database)",
      label: "`npm run serve` to the first 200 from /login",
      value: cold.login,
      unit: "s",
      baseline: { value: cold.bare, label: "bare server to its first /healthz" },
      note: `median of ${cold.repeats}`,
    },
  );

  const seconds = (performance.now() - started) / 1000;
  const loadAfter = os.loadavg();
  console.log(`\n${plainTable(figures)}\n`);
  const missed = figures.filter((f) => f.target && !f.target.met);
  console.log(`\nTargets: ${figures.filter((f) => f.target).length - missed.length} met, ${missed.length} missed. Wall time ${seconds.toFixed(0)} s.`);

  const section = [
    "## Latest run",
    "",
    `- Date: ${info.date}; commit ${info.commit}`,
    `- Machine: ${info.cpus} CPUs (${info.cpuModel}), ${info.ramGiB.toFixed(0)} GiB RAM, Node ${info.node}, SQLite ${info.sqlite}`,
    `- Load average (1 min) at start ${loadBefore[0]!.toFixed(2)}, at end ${loadAfter[0]!.toFixed(2)}: figures taken while other work used the CPU are noisy`,
    `- Data (\`--scale ${scale}\`, ${generation}): ${data.summary.units.total} units (${data.summary.units.county} counties, ${data.summary.units.municipality_as_node} municipalities as nodes, ${data.summary.units.resource_centre} resource centres, ${data.summary.units.node} nodes, ${data.summary.units.national} national), ${data.summary.rows.rounds} rounds over ${data.summary.spec.periods} periods, ${data.summary.spec.criteria} criteria, ${data.summary.scores.toLocaleString("en")} scores, ${data.summary.rows.recommendations!.toLocaleString("en")} recommendations, ${data.summary.rows.audit_log!.toLocaleString("en")} audit entries, ${(data.summary.bytes / 1e9).toFixed(2)} GB`,
    `- \`npm run bench\` wall time: ${seconds.toFixed(0)} s`,
    "",
    table(figures),
    "",
  ].join("\n");
  if (!values["no-write"]) {
    writeDoc(section);
    log(`Written to ${path.relative(process.cwd(), DOC)}.`);
  }
  // The working copy is scratch; the cached original stays.
  removeCopy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
