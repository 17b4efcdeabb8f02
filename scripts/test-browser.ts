/**
 * `npm run test:browser`: end-to-end tests in a real Chromium against the real server.
 *
 * 1. Makes sure Debian's Chromium is at /usr/bin/chromium (installs it with apt-get if missing,
 *    through scripts/ensure-system-packages.ts).
 * 2. Makes sure the Remix build exists (build/index.js; runs `remix build` if missing).
 * 3. Starts scripts/start.ts on a free port with a fresh, empty database (start.ts migrates and
 *    seeds the demo data) and waits for GET /healthz to answer 200 (scripts/lib/server-process.ts).
 * 4. Runs vitest with vitest.browser.config.ts, passing the address as KOLLEGA_BASE_URL and the
 *    server's database file as KOLLEGA_TEST_DATABASE_PATH.
 *    Extra arguments are passed on to vitest (e.g. a file filter).
 * 5. Stops the server and exits with vitest's exit code.
 *
 * A whole run (no extra arguments) is split into shards (n = KOLLEGA_BROWSER_SHARDS, default 2; the
 * files balanced by FILE_WEIGHTS): each shard gets its own server and database and they run at
 * the same time. One browser-test stream leaves a 2-core machine half idle (the test waits on
 * Chromium, Chromium on the server), and separate databases keep the shards from seeing each
 * other's writes. Files inside a shard still run one after another. Each output line carries its
 * shard's prefix.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { CHROMIUM, ensureSystemPackages } from "./ensure-system-packages";
import { startAppServer, type ServerProcess } from "./lib/server-process";

const ARTIFACTS = path.resolve("tests/.artifacts/browser");
const HEALTH_TIMEOUT_MS = 60_000;
const BIN = path.resolve("node_modules/.bin");

function log(message: string) {
  console.log(`[test:browser] ${message}`);
}

function fail(message: string): never {
  console.error(`[test:browser] ${message}`);
  process.exit(1);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  log(`$ ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.error) fail(`${command} could not be started: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(" ")} failed (exit code ${result.status ?? result.signal}).`);
}

function ensureChromium() {
  try {
    ensureSystemPackages([CHROMIUM], log);
  } catch (error) {
    fail((error as Error).message);
  }
}

function ensureBuild() {
  if (fs.existsSync(path.resolve("build/index.js"))) {
    log("Remix build found (build/index.js).");
    return;
  }
  log("build/index.js is missing; building the app.");
  run(path.join(BIN, "remix"), ["build"]);
}

function buildMtime(): number | null {
  try {
    return fs.statSync(path.resolve("build/index.js")).mtimeMs;
  } catch {
    return null;
  }
}

interface ShardServer {
  server: ServerProcess;
  logFile: string;
  databasePath: string;
}

/** scripts/start.ts on a free port with a fresh, empty database (scripts/lib/server-process.ts), its output also in a log file. */
async function startServer(label: string): Promise<ShardServer> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const id = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}`;
  const databasePath = path.join(ARTIFACTS, `${id}.sqlite`);
  const logFile = path.join(ARTIFACTS, `${id}.server.log`);
  const logStream = fs.createWriteStream(logFile);
  const started = Date.now();
  log(`${label}: starting the server (database ${path.relative(process.cwd(), databasePath)}).`);
  try {
    const server = await startAppServer({
      env: { DATABASE_PATH: path.relative(process.cwd(), databasePath), KOLLEGA_DEMO: "1" },
      startTimeoutMs: HEALTH_TIMEOUT_MS,
      onOutput: (chunk) => logStream.write(chunk),
    });
    server.process.once("exit", () => logStream.end());
    log(`${label}: server ready on ${server.url} after ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return { server, logFile, databasePath };
  } catch (error) {
    logStream.end();
    throw error;
  }
}

function removeDatabase(databasePath: string) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(databasePath + suffix, { force: true });
}

/** Runs vitest against one server; with a prefix, its output is piped line by line with the prefix. */
function runVitest(baseUrl: string, databasePath: string, extraArgs: string[], prefix: string | null): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(path.join(BIN, "vitest"), ["run", "--config", "vitest.browser.config.ts", ...extraArgs], {
      stdio: prefix === null ? "inherit" : ["ignore", "pipe", "pipe"],
      // The server's database, for tests that must prepare data no page can create yet (published
      // reviews for the national picture); they write through SQLite next to the running server.
      env: { ...process.env, KOLLEGA_BASE_URL: baseUrl, KOLLEGA_TEST_DATABASE_PATH: databasePath },
    });
    if (prefix !== null) {
      for (const [stream, out] of [
        [child.stdout!, process.stdout],
        [child.stderr!, process.stderr],
      ] as const) {
        let pending = "";
        stream.on("data", (chunk: Buffer) => {
          const lines = (pending + chunk.toString()).split("\n");
          pending = lines.pop() ?? "";
          for (const line of lines) out.write(`${prefix}${line}\n`);
        });
        stream.on("end", () => {
          if (pending) out.write(`${prefix}${pending}\n`);
        });
      }
    }
    child.on("error", (error) => {
      console.error(`[test:browser] vitest could not be started: ${error.message}`);
      resolve(1);
    });
    // "close", not "exit": the piped output has been written by then.
    child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** How many shards a run uses: 1 when vitest gets arguments (a file filter), else KOLLEGA_BROWSER_SHARDS or 2. */
function shardCount(extraArgs: string[]): number {
  if (extraArgs.length > 0) return 1;
  const configured = Number.parseInt(process.env.KOLLEGA_BROWSER_SHARDS ?? "2", 10);
  return Number.isInteger(configured) && configured >= 1 && configured <= 8 ? configured : 2;
}

/**
 * Relative running times of the browser-test files (measured; unlisted files count 1). The shards
 * are filled longest-first so the two long walks (the review walk, the accessibility sweep) land
 * in different shards; vitest's own --shard splits by file count and put both in one.
 */
const FILE_WEIGHTS: Record<string, number> = {
  "review-walk.test.ts": 10,
  "accessibility-sweep.test.ts": 8,
  "national.test.ts": 3,
  "scoring.test.ts": 2.5,
  "accessibility.test.ts": 2.5,
  "manuals-reading.test.ts": 2,
  "self-assessment.test.ts": 2,
  "feedback.test.ts": 2,
  "library.test.ts": 1.5,
  "roles.test.ts": 1.5,
  "reflow.test.ts": 1.5,
  "manuals-editor.test.ts": 1.5,
};

/** The browser-test files split into `count` groups of about equal running time. */
function splitFiles(count: number): string[][] {
  const dir = path.resolve("tests/browser");
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".test.ts"))
    .sort()
    .sort((a, b) => (FILE_WEIGHTS[b] ?? 1) - (FILE_WEIGHTS[a] ?? 1));
  const groups = Array.from({ length: count }, () => ({ files: [] as string[], weight: 0 }));
  for (const name of files) {
    const lightest = groups.reduce((min, group) => (group.weight < min.weight ? group : min));
    lightest.files.push(`tests/browser/${name}`);
    lightest.weight += FILE_WEIGHTS[name] ?? 1;
  }
  return groups.map((group) => group.files).filter((group) => group.length > 0);
}

/** One shard: its own server and database, then its files in vitest; the server is in `servers` once it runs. */
async function runShard(label: string, args: string[], prefixed: boolean, servers: ShardServer[]): Promise<number> {
  let shard: ShardServer;
  try {
    shard = await startServer(label);
  } catch (error) {
    console.error(`[test:browser] ${label}: ${(error as Error).message}`);
    return 1;
  }
  servers.push(shard);
  const code = await runVitest(shard.server.url, shard.databasePath, args, prefixed ? `[${label}] ` : null);
  await shard.server.stop();
  if (code === 0) {
    removeDatabase(shard.databasePath);
    fs.rmSync(shard.logFile, { force: true });
  } else {
    log(`${label}: tests failed (exit code ${code}). Server log: ${path.relative(process.cwd(), shard.logFile)}`);
  }
  return code;
}

async function main() {
  const started = Date.now();
  ensureChromium();
  ensureBuild();

  const buildStamp = buildMtime();
  const extraArgs = process.argv.slice(2);
  const groups = shardCount(extraArgs) === 1 ? [extraArgs] : splitFiles(shardCount(extraArgs));
  const count = groups.length;
  const servers: ShardServer[] = [];
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the servers.`);
    void Promise.all(servers.map((shard) => shard.server.stop())).finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const codes = await Promise.all(groups.map((args, i) => runShard(count === 1 ? "browser" : `shard ${i + 1}/${count}`, args, count > 1, servers)));
  const exitCode = codes.every((code) => code === 0) ? 0 : 1;
  if (exitCode !== 0 && buildMtime() !== buildStamp) {
    log(
      "Note: build/ was rebuilt while the tests ran. The server kept the old build in memory, whose " +
        "assets are gone now, so pages may have loaded without their scripts and styles. Run again.",
    );
  }
  log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
