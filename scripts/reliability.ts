/**
 * `npm run reliability [-- --reviewers 24 --seconds 60 --crashes 10 --no-docs]`: the long forms of
 * the load, crash and backup scenarios (scripts/reliability/scenarios.ts) against the real server
 * on loopback, each on its own database under tests/.artifacts/reliability. Prints a summary, writes
 * the figures of this run into docs/reliability.md (between the "last-run" markers) and exits
 * non-zero when any promise failed. Needs the build (`npm run build`).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { backupScenario, crashScenario, loadScenario, type BackupScenarioResult, type CrashScenarioResult, type LoadScenarioResult } from "./reliability/scenarios";

const ArgsSchema = z.object({
  reviewers: z.coerce.number().int().min(2).max(54).default(24),
  seconds: z.coerce.number().min(2).max(600).default(60),
  crashes: z.coerce.number().int().min(1).max(100).default(10),
  "no-docs": z.boolean().default(false),
});

const { values } = parseArgs({
  options: { reviewers: { type: "string" }, seconds: { type: "string" }, crashes: { type: "string" }, "no-docs": { type: "boolean" } },
});
const parsed = ArgsSchema.safeParse(values);
if (!parsed.success) {
  console.error(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
  process.exit(2);
}
const args = parsed.data;
const workDir = path.resolve("tests/.artifacts/reliability");
fs.rmSync(workDir, { recursive: true, force: true });
const log = (line: string) => console.log(line);
const loadAverage = os.loadavg()[0]!.toFixed(1);
const base = { workDir, reviewers: args.reviewers, log };

console.log(`Tillförlitlighet: ${args.reviewers} granskare, ${args.seconds} s per scenario, ${args.crashes} krascher.`);
console.log("\n1. Last");
const load = await loadScenario({ ...base, durationMs: args.seconds * 1000 });
printLoad(load);
console.log("\n2. Krascher (SIGKILL under last)");
const crash = await crashScenario({ ...base, durationMs: args.seconds * 1000, crashes: args.crashes });
printLoad(crash);
console.log(`  krascher: ${crash.crashes}, integrity_check efter varje: ${[...new Set(crash.integrityAfterCrashes)].join(", ")}`);
console.log("\n3. Säkerhetskopia under last och återställning");
const backup = await backupScenario({ ...base, durationMs: Math.max(6, args.seconds / 2) * 1000 });
printBackup(backup);

const passed = load.passed && crash.passed && backup.passed;
console.log(`\n${passed ? "GODKÄNT" : "UNDERKÄNT"}: last ${verdict(load.passed)}, krascher ${verdict(crash.passed)}, säkerhetskopia ${verdict(backup.passed)}`);
if (!args["no-docs"]) {
  writeDocs({ load, crash, backup, passed });
  console.log("Siffrorna står nu i docs/reliability.md.");
}
process.exit(passed ? 0 : 1);

function verdict(ok: boolean) {
  return ok ? "ok" : "FEL";
}

function printLoad(result: LoadScenarioResult) {
  const f = result.figures;
  const v = result.verification;
  console.log(
    `  ${f.requests} anrop (${f.requestsUnanswered} utan svar), ${f.saveAttempts} sparförsök: ${f.acknowledged} bekräftade, ${f.staleRefused} vägrade som inaktuella (${f.deliberatelyStale} avsiktligt), ${f.inDoubt} ovissa, ${f.errors} fel, ${f.serverErrors} 5xx`,
  );
  console.log(
    `  i databasen: ${v.acknowledgedFound}/${v.acknowledged} bekräftade sparningar, senaste värdet ${v.latestFound}/${v.latestChecked}; integrity_check ${v.integrity}; ${f.readAfterWriteMismatches} läs-efter-skriv-avvikelser`,
  );
  for (const problem of [...v.problems, ...result.errorSamples].slice(0, 10)) console.log(`  ! ${problem}`);
}

function printBackup(result: BackupScenarioResult) {
  console.log(`  säkerhetskopia under last på ${result.backupMs} ms (${result.figures.acknowledged} sparningar bekräftade under scenariot)`);
  console.log(`  bekräftade före kopian och med i den: ${result.foundInBackup}/${result.acknowledgedBeforeBackup}; trasiga rader: ${result.tornRows}; integrity_check ${result.backupIntegrity}`);
  console.log(`  db:restore vägrade medan servern körde: ${result.restoreRefusedWhileRunning ? "ja" : "NEJ"}`);
  console.log(`  återställd: ${result.restored.totalRows} rader, sha256 ${result.restored.sha256.slice(0, 16)}… (kopian: ${result.backup.totalRows} rader, ${result.backup.sha256.slice(0, 16)}…); servern startar: ${result.restoredServerAnswers ? "ja" : "NEJ"}`);
  for (const problem of result.problems.slice(0, 10)) console.log(`  ! ${problem}`);
}

function writeDocs({ load, crash, backup, passed }: { load: LoadScenarioResult; crash: CrashScenarioResult; backup: BackupScenarioResult; passed: boolean }) {
  const file = path.resolve("docs/reliability.md");
  const text = fs.readFileSync(file, "utf8");
  const start = "<!-- last-run:start -->";
  const end = "<!-- last-run:end -->";
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/reliability.md lacks the ${start} … ${end} markers`);
  const row = (name: string, r: LoadScenarioResult) =>
    `| ${name} | ${r.figures.requests - r.figures.requestsUnanswered} (${r.figures.requestsUnanswered}) | ${r.figures.saveAttempts} | ${r.figures.acknowledged} | ${r.verification.acknowledgedFound} | ${r.verification.latestFound}/${r.verification.latestChecked} | ${r.figures.staleRefused} (${r.figures.deliberatelyStale}) | ${r.figures.inDoubt} | ${r.figures.serverErrors} | ${r.verification.integrity} | ${r.passed ? "ok" : "**FAILED**"} |`;
  const body = [
    start,
    `Run of ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} cores (${process.version}, load average ${loadAverage} at the start, the machine shared with other work): ${args.reviewers} reviewers, ${args.seconds} s per scenario, ${args.crashes} crashes. Result: **${passed ? "passed" : "FAILED"}**.`,
    "",
    "| Scenario | Requests answered (unanswered) | Save attempts | Saves acknowledged | Acknowledged saves found | Latest value held | Refused as stale (on purpose) | In doubt | 5xx | integrity_check | Verdict |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    row("Load", load),
    row(`Crash (${crash.crashes} × SIGKILL)`, crash),
    "",
    `- Crashes survived: **${crash.crashes}** of ${args.crashes}; integrity_check after every crash: ${[...new Set(crash.integrityAfterCrashes)].join(", ")}; saves in flight at a kill (in doubt, each found written or not, never half): ${crash.figures.inDoubt}.`,
    `- Backup under load: ${backup.backupMs} ms (including the command's start); saves acknowledged before it began and found in it: **${backup.foundInBackup}/${backup.acknowledgedBeforeBackup}**; score rows without their audit entry (a torn copy): ${backup.tornRows}; integrity_check ${backup.backupIntegrity}.`,
    `- Restore: refused while the server ran: ${backup.restoreRefusedWhileRunning ? "yes" : "**no**"}; restored rows **${backup.restored.totalRows}** = backup rows ${backup.backup.totalRows} in ${Object.keys(backup.restored.tables).length} tables; content sha256 \`${backup.restored.sha256}\` ${backup.restored.sha256 === backup.backup.sha256 ? "=" : "≠"} backup \`${backup.backup.sha256}\`; the server starts on it: ${backup.restoredServerAnswers ? "yes" : "**no**"}.`,
    end,
  ].join("\n");
  fs.writeFileSync(file, text.slice(0, from) + body + text.slice(to + end.length));
}
