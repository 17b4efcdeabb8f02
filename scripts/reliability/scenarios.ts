/**
 * The three reliability scenarios, each against the real server over HTTP on its own database:
 * - load: N reviewers autosave for a bounded time; every acknowledged save must be in the database;
 * - crash: the same load while the server is killed with SIGKILL again and again and restarted on
 *   the same database; integrity_check after every crash, no acknowledged save lost;
 * - backup: `npm run db:backup` (the real command, as a child process) during the load, then
 *   `npm run db:restore` (refused while the server runs, then done with the server stopped); the
 *   restored database has the backup's row counts and content hash and the server starts on it.
 * `npm run reliability` runs the long forms (scripts/reliability.ts); the integration test
 * tests/integration/reliability.test.ts runs short forms of the same functions.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { fingerprintDatabase, integrityCheck, withReadOnlyDatabase, type DatabaseFingerprint } from "#db/maintenance";
import { createLoadDatabase, type LoadSetup } from "./load-setup";
import { runLoad, type LoadFigures, type LoadResult, type SaveAttempt } from "./load";
import { sessionSecret, startServerProcess } from "./server-process";
import { verificationPassed, verifyLedger, type Verification } from "./verify";

export interface ScenarioOptions {
  /** A directory of its own for the databases of this run. */
  workDir: string;
  reviewers: number;
  durationMs: number;
  maxSaves?: number;
  thinkMs?: number;
  seed?: number;
  /**
   * The crash and backup scenarios move on (kill, back up, stop) only after this many saves were
   * acknowledged in the current phase, so each step happens under load however slow the machine.
   */
  savesPerPhase?: number;
  log?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `ms` have passed and `saves` more saves were acknowledged (or the load ended). */
async function phase(ms: number, saves: number, progress: { acknowledged: () => number; finished: () => boolean }) {
  const since = Date.now();
  const before = progress.acknowledged();
  while (!progress.finished() && (Date.now() - since < ms || progress.acknowledged() < before + saves)) await sleep(10);
}

async function prepare(options: ScenarioOptions, name: string): Promise<LoadSetup> {
  fs.mkdirSync(options.workDir, { recursive: true });
  const databasePath = path.join(options.workDir, `${name}.sqlite`);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(databasePath + suffix, { force: true });
  return createLoadDatabase({ databasePath, reviewers: options.reviewers });
}

function loadOptions(options: ScenarioOptions, setup: LoadSetup) {
  return {
    reviewers: setup.reviewers,
    scaleValues: setup.scaleValues,
    durationMs: options.durationMs,
    maxSaves: options.maxSaves,
    thinkMs: options.thinkMs,
    seed: options.seed,
  };
}

export interface LoadScenarioResult {
  figures: LoadFigures;
  verification: Verification;
  errorSamples: string[];
  passed: boolean;
}

function loadPassed(figures: LoadFigures, verification: Verification) {
  return (
    verificationPassed(verification) &&
    figures.acknowledged > 0 &&
    figures.serverErrors === 0 &&
    figures.errors === 0 &&
    figures.staleAccepted === 0 &&
    figures.readAfterWriteMismatches === 0 &&
    figures.sessionsLost === 0
  );
}

/** N reviewers autosave concurrently for a bounded time; then each acknowledged save is looked up. */
export async function loadScenario(options: ScenarioOptions): Promise<LoadScenarioResult> {
  const setup = await prepare(options, "load");
  const server = await startServerProcess({ databasePath: setup.databasePath, secret: sessionSecret() });
  let result: LoadResult;
  try {
    result = await runLoad({ ...loadOptions(options, setup), target: { url: () => server.url } });
  } finally {
    await server.stop();
  }
  const verification = verifyLedger(setup.databasePath, result.attempts);
  return { figures: result.figures, verification, errorSamples: result.errorSamples, passed: loadPassed(result.figures, verification) };
}

export interface CrashScenarioResult extends LoadScenarioResult {
  crashes: number;
  /** integrity_check after each crash, before the restart. */
  integrityAfterCrashes: string[];
}

/**
 * The load while the server is killed (SIGKILL) `crashes` times and restarted on the same database
 * and port. Each crash comes when the server has been up for a share of `durationMs` and has
 * acknowledged some saves since it started, so every kill hits a server under load; after the
 * last restart the load goes on for one more share. Requests in flight at a kill get no answer
 * (in doubt); the reviewers wait, read their page again and go on. Bounded: the load stops at
 * the latest after `durationMs` plus a minute per crash.
 */
export async function crashScenario(options: ScenarioOptions & { crashes: number }): Promise<CrashScenarioResult> {
  const setup = await prepare(options, "crash");
  const secret = sessionSecret();
  let server = await startServerProcess({ databasePath: setup.databasePath, secret });
  const port = server.port;
  let acknowledged = 0;
  let stop = false;
  const integrityAfterCrashes: string[] = [];
  const load = runLoad({
    ...loadOptions(options, setup),
    durationMs: options.durationMs + options.crashes * 60_000,
    target: { url: () => server.url },
    onAcknowledged: (n) => (acknowledged = n),
    stopWhen: () => stop,
  });
  let loadFinished = false;
  void load.finally(() => (loadFinished = true));
  const progress = { acknowledged: () => acknowledged, finished: () => loadFinished };
  const share = options.durationMs / (options.crashes + 1);
  const saves = options.savesPerPhase ?? 3;
  let crashes = 0;
  try {
    for (let i = 1; i <= options.crashes && !loadFinished; i++) {
      await phase(share, saves, progress);
      if (loadFinished) break;
      await server.kill();
      crashes++;
      const sqlite = new SQLite(setup.databasePath);
      integrityAfterCrashes.push(integrityCheck(sqlite));
      sqlite.close();
      options.log?.(`  kraschade servern (${crashes}/${options.crashes}) efter ${acknowledged} bekräftade sparningar; integrity_check: ${integrityAfterCrashes.at(-1)}`);
      server = await startServerProcess({ databasePath: setup.databasePath, secret, port });
    }
    await phase(share, saves, progress);
  } finally {
    stop = true;
    await load.catch(() => undefined);
    await server.stop();
  }
  const result = await load;
  const verification = verifyLedger(setup.databasePath, result.attempts);
  const passed = loadPassed(result.figures, verification) && crashes === options.crashes && integrityAfterCrashes.every((r) => r === "ok");
  return { figures: result.figures, verification, errorSamples: result.errorSamples, crashes, integrityAfterCrashes, passed };
}

function runScript(script: string, args: string[], databasePath: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      env: { ...process.env, DATABASE_PATH: databasePath, KOLLEGA_DEMO: "0", SESSION_SECRET: "x".repeat(32) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

export interface BackupScenarioResult {
  figures: LoadFigures;
  /** Acknowledged before the backup started, and found in the backup. */
  acknowledgedBeforeBackup: number;
  foundInBackup: number;
  /** Score rows in the backup whose audit entry (same transaction) is missing or newer: must be 0. */
  tornRows: number;
  backupIntegrity: string;
  backupMs: number;
  /** Saves acknowledged while db:backup ran (the server kept serving). */
  acknowledgedDuringBackup: number;
  restoreRefusedWhileRunning: boolean;
  backup: DatabaseFingerprint;
  restored: DatabaseFingerprint;
  restoredServerAnswers: boolean;
  passed: boolean;
  problems: string[];
}

/** Every save acknowledged before the backup began is in it, and the copy is transaction-consistent. */
function checkBackupAgainstLedger(backupPath: string, acknowledgedBefore: SaveAttempt[]) {
  return withReadOnlyDatabase(backupPath, (sqlite) => {
    const audit = new Map<string, { score: number | null; cannotAssess: boolean; rationale: string }>();
    const highest = new Map<string, number>();
    for (const row of sqlite.prepare("select entity_id, after_json from audit_log where action = 'review.score.save'").iterate() as Iterable<{ entity_id: string; after_json: string }>) {
      const after = JSON.parse(row.after_json) as { score: number | null; cannotAssess: boolean; rationale: string; version: number };
      audit.set(`${row.entity_id}@${after.version}`, after);
      highest.set(row.entity_id, Math.max(highest.get(row.entity_id) ?? 0, after.version));
    }
    let found = 0;
    const problems: string[] = [];
    for (const a of acknowledgedBefore) {
      const entry = audit.get(`${a.reviewId}:${a.criterionId}:${a.reviewerId}@${a.savedVersion}`);
      if (entry && entry.rationale === a.rationale && entry.score === a.score && entry.cannotAssess === a.cannotAssess) found++;
      else if (problems.length < 10) problems.push(`missing from the backup: ${a.reviewId}:${a.criterionId}:${a.reviewerId} v${a.savedVersion}`);
    }
    let torn = 0;
    for (const row of sqlite.prepare("select review_id, criterion_id, reviewer_id, rationale, version from reviewer_scores").iterate() as Iterable<{ review_id: number; criterion_id: number; reviewer_id: number; rationale: string; version: number }>) {
      const key = `${row.review_id}:${row.criterion_id}:${row.reviewer_id}`;
      if (audit.get(`${key}@${row.version}`)?.rationale !== row.rationale || highest.get(key) !== row.version) {
        torn++;
        if (problems.length < 10) problems.push(`torn row in the backup: ${key} v${row.version}`);
      }
    }
    return { found, torn, problems, integrity: integrityCheck(sqlite) };
  });
}

export async function backupScenario(options: ScenarioOptions): Promise<BackupScenarioResult> {
  const setup = await prepare(options, "backup");
  const backupPath = path.join(options.workDir, "backup-copy.sqlite");
  fs.rmSync(backupPath, { force: true });
  let server = await startServerProcess({ databasePath: setup.databasePath, secret: sessionSecret() });
  let acknowledged = 0;
  let stop = false;
  const ledger: SaveAttempt[] = [];
  const load = runLoad({
    ...loadOptions(options, setup),
    durationMs: options.durationMs + 120_000,
    target: { url: () => server.url },
    ledger,
    onAcknowledged: (n) => (acknowledged = n),
    stopWhen: () => stop,
  });
  let loadFinished = false;
  void load.finally(() => (loadFinished = true));
  const progress = { acknowledged: () => acknowledged, finished: () => loadFinished };
  const saves = options.savesPerPhase ?? 5;
  const problems: string[] = [];
  let acknowledgedBefore: SaveAttempt[] = [];
  let acknowledgedDuringBackup = 0;
  let backupMs = 0;
  let restoreRefusedWhileRunning = false;
  let result: LoadResult;
  try {
    // A third of the way in, with saves flowing: the backup, as an operator would run it.
    await phase(options.durationMs / 3, saves, progress);
    acknowledgedBefore = ledger.filter((a) => a.outcome === "acknowledged");
    const backupStarted = Date.now();
    const backup = await runScript("scripts/db-backup.ts", ["--out", backupPath], setup.databasePath);
    backupMs = Date.now() - backupStarted;
    acknowledgedDuringBackup = acknowledged - acknowledgedBefore.length;
    if (backup.code !== 0) problems.push(`db:backup failed: ${backup.output}`);
    options.log?.(`  db:backup under last: ${backupMs} ms, ${acknowledgedBefore.length} bekräftade sparningar före start, ${acknowledgedDuringBackup} under tiden`);
    // Restoring under a running server must be refused, and must leave the database alone.
    const refused = await runScript("scripts/db-restore.ts", [backupPath], setup.databasePath);
    restoreRefusedWhileRunning = refused.code === 1 && /används/.test(refused.output);
    if (!restoreRefusedWhileRunning) problems.push(`db:restore was not refused while the server ran: ${refused.code} ${refused.output}`);
    await phase((options.durationMs * 2) / 3, saves, progress);
  } finally {
    stop = true;
    result = await load;
    await server.stop();
  }
  const checked = fs.existsSync(backupPath) ? checkBackupAgainstLedger(backupPath, acknowledgedBefore) : { found: 0, torn: 0, problems: ["no backup file"], integrity: "missing" };
  problems.push(...checked.problems);
  const backupFingerprint = withReadOnlyDatabase(backupPath, fingerprintDatabase);

  const restore = await runScript("scripts/db-restore.ts", [backupPath], setup.databasePath);
  if (restore.code !== 0) problems.push(`db:restore failed: ${restore.output}`);
  const restored = withReadOnlyDatabase(setup.databasePath, fingerprintDatabase);
  let restoredServerAnswers = false;
  server = await startServerProcess({ databasePath: setup.databasePath, secret: sessionSecret() });
  try {
    restoredServerAnswers = (await fetch(`${server.url}/healthz`)).ok && (await fetch(`${server.url}/login`)).ok;
  } finally {
    await server.stop();
  }
  const tablesMatch = JSON.stringify(restored.tables) === JSON.stringify(backupFingerprint.tables);
  if (!tablesMatch) problems.push("restored row counts or hashes differ from the backup");
  const passed =
    problems.length === 0 &&
    checked.integrity === "ok" &&
    checked.found === acknowledgedBefore.length &&
    acknowledgedBefore.length > 0 &&
    checked.torn === 0 &&
    restoreRefusedWhileRunning &&
    tablesMatch &&
    restored.sha256 === backupFingerprint.sha256 &&
    restoredServerAnswers &&
    result.figures.serverErrors === 0;
  return {
    figures: result.figures,
    acknowledgedBeforeBackup: acknowledgedBefore.length,
    foundInBackup: checked.found,
    tornRows: checked.torn,
    backupIntegrity: checked.integrity,
    backupMs,
    acknowledgedDuringBackup,
    restoreRefusedWhileRunning,
    backup: backupFingerprint,
    restored,
    restoredServerAnswers,
    passed,
    problems,
  };
}
