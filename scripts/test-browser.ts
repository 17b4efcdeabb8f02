/**
 * `npm run test:browser`: end-to-end tests in a real Chromium against the real server.
 *
 * 1. Makes sure Debian's Chromium is at /usr/bin/chromium (installs it with apt-get if missing,
 *    through scripts/ensure-system-packages.ts).
 * 2. Makes sure the Remix build exists (build/index.js; runs `remix build` if missing).
 * 3. Starts scripts/start.ts on a free port with a fresh, empty database (start.ts migrates and
 *    seeds the demo data) and waits for GET /healthz to answer 200.
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
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { CHROMIUM, ensureSystemPackages } from "./ensure-system-packages";

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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

interface RunningServer {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  logFile: string;
  databasePath: string;
}

async function startServer(): Promise<RunningServer> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const id = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}`;
  const databasePath = path.join(ARTIFACTS, `${id}.sqlite`);
  const logFile = path.join(ARTIFACTS, `${id}.server.log`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_PATH: path.relative(process.cwd(), databasePath),
    KOLLEGA_DEMO: "1",
    NODE_ENV: "production",
  };
  log(`Starting the server on ${baseUrl} (database ${env.DATABASE_PATH}).`);
  // Own process group (detached), so the server and tsx's child node process stop together.
  const child = spawn(path.join(BIN, "tsx"), ["scripts/start.ts"], {
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const logStream = fs.createWriteStream(logFile);
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    logStream.write(chunk);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  child.on("exit", () => logStream.end());
  return { child, baseUrl, output: () => output, logFile, databasePath };
}

async function waitForHealth(server: RunningServer) {
  const started = Date.now();
  let exited: string | null = null;
  server.child.once("exit", (code, signal) => {
    exited = `exit code ${code ?? signal}`;
  });
  let lastError = "";
  while (Date.now() - started < HEALTH_TIMEOUT_MS) {
    if (exited) throw new Error(`The server stopped before it was ready (${exited}).`);
    try {
      const response = await fetch(`${server.baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) {
        log(`Server ready after ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        return;
      }
      lastError = `GET /healthz answered ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`GET /healthz did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000} s (last: ${lastError}).`);
}

async function stopServer(server: RunningServer) {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup("SIGTERM");
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 5_000).unref()),
  ]);
  if (timedOut) {
    log("The server did not stop within 5 s; killing it.");
    signalGroup("SIGKILL");
    await exited;
  }
  // The process group may still hold tsx's child for a moment; make sure nothing is left behind.
  signalGroup("SIGKILL");
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

interface Shard {
  label: string;
  server: RunningServer;
  args: string[];
}

async function runShard(shard: Shard, prefixed: boolean): Promise<number> {
  try {
    await waitForHealth(shard.server);
  } catch (error) {
    console.error(`[test:browser] ${shard.label}: ${(error as Error).message}\n--- server output ---\n${shard.server.output()}--- end ---`);
    return 1;
  }
  return runVitest(shard.server.baseUrl, shard.server.databasePath, shard.args, prefixed ? `[${shard.label}] ` : null);
}

async function main() {
  const started = Date.now();
  ensureChromium();
  ensureBuild();

  const buildStamp = buildMtime();
  const extraArgs = process.argv.slice(2);
  const groups = shardCount(extraArgs) === 1 ? [extraArgs] : splitFiles(shardCount(extraArgs));
  const count = groups.length;
  const shards: Shard[] = [];
  for (const [i, args] of groups.entries()) {
    shards.push({ label: count === 1 ? "browser" : `shard ${i + 1}/${count}`, server: await startServer(), args });
  }
  let stopping = false;
  const stopAll = () => Promise.all(shards.map((shard) => stopServer(shard.server)));
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the servers.`);
    void stopAll().finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let codes: number[] = [];
  try {
    codes = await Promise.all(shards.map((shard) => runShard(shard, count > 1)));
  } finally {
    await stopAll();
  }
  const exitCode = codes.length === shards.length && codes.every((code) => code === 0) ? 0 : 1;
  shards.forEach((shard, i) => {
    if (codes[i] === 0) {
      removeDatabase(shard.server.databasePath);
      fs.rmSync(shard.server.logFile, { force: true });
    } else {
      log(`${shard.label}: tests failed (exit code ${codes[i] ?? "?"}). Server log: ${path.relative(process.cwd(), shard.server.logFile)}`);
    }
  });
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
