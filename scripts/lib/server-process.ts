/**
 * A server as a child process on a free 127.0.0.1 port: the app (scripts/start.ts on the Remix
 * build, as `npm run serve` runs it, without npm in between) or any other server script (the
 * bench's bare baseline). One place for what the HTTP tests (tests/server.ts), the browser test
 * runner (scripts/test-browser.ts), the reliability scripts and the bench all need: start it,
 * wait for GET /healthz to answer 200, collect its output, stop it (SIGTERM, SIGKILL if it does not
 * exit) or kill it outright (the crash scenario). Children still running when this process exits
 * are killed with it, so a test that timed out leaves no server behind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export interface ServerProcess {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string;
  /** SIGTERM (the graceful shutdown of scripts/start.ts), SIGKILL after 5 s; resolves at the exit. */
  stop: () => Promise<void>;
  /** SIGKILL: no shutdown handler runs, open transactions die with the process. */
  kill: () => Promise<void>;
}

export interface StartOptions {
  /** Added to this process's environment; PORT and (unless given) HOST=127.0.0.1 are set here. */
  env?: Record<string, string | undefined>;
  /** Options for node before the script, e.g. `--cpu-prof` (bench/autosave-only.ts). */
  nodeArgs?: string[];
  /** A port to listen on (a restart where the killed server was); otherwise a free one. */
  port?: number;
  /** Gives up (and kills the child) when /healthz has not answered 200 by then. */
  startTimeoutMs?: number;
  /** Each chunk of output as it arrives (the browser runner writes a log file). */
  onOutput?: (chunk: Buffer) => void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Polls `url` until it answers 200; throws with the output when the child exits first or time runs out. */
export async function waitForOk(url: string, child: ChildProcess, output: () => string, { timeoutMs = 60_000, pollMs = 20 }: { timeoutMs?: number; pollMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited early (${child.exitCode ?? child.signalCode}):\n${output()}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`no 200 from ${url} within ${timeoutMs / 1000} s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** `node [nodeArgs] --import tsx <script>` with the environment, ready once /healthz answers 200. */
export async function startNodeServer(script: string, { env = {}, nodeArgs = [], port: wantedPort, startTimeoutMs = 60_000, onOutput }: StartOptions = {}): Promise<ServerProcess> {
  const port = wantedPort ?? (await freePort());
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script], {
    env: { ...process.env, HOST: "127.0.0.1", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      running.delete(child);
      resolve();
    }),
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    onOutput?.(chunk);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);

  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const kill = async () => {
    if (isRunning()) child.kill("SIGKILL");
    await exited;
  };
  const stop = async () => {
    if (!isRunning()) return exited;
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.kill("SIGTERM");
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForOk(`${url}/healthz`, child, () => output, { timeoutMs: startTimeoutMs, pollMs: 50 });
  } catch (error) {
    await kill();
    throw error;
  }
  return { url, port, process: child, output: () => output, stop, kill };
}

/** The app: scripts/start.ts on build/ (NODE_ENV=production unless `env` says otherwise). */
export async function startAppServer({ env = {}, ...options }: StartOptions = {}): Promise<ServerProcess> {
  if (!fs.existsSync(path.resolve("build/index.js"))) throw new Error("build/index.js is missing: run `npm run build` first (npm test does).");
  return startNodeServer("scripts/start.ts", { ...options, env: { NODE_ENV: "production", ...env } });
}
