/**
 * Child processes of the bench: the app server (scripts/start.ts on the built app, as `npm run
 * serve` starts it) and the bare baseline server, each on a free 127.0.0.1 port, plus memory
 * readings from /proc. Every child is started here and stopped by its own pid.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export const BENCH_SESSION_SECRET = "bench-session-secret-not-for-production-0123456789";

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

export interface Child {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** The environment the app server runs with in the bench (production, not demo). */
export function appEnv(databasePath: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_PATH: databasePath,
    UPLOAD_DIR: `${databasePath}-uploads`,
    KOLLEGA_DEMO: "0",
    SESSION_SECRET: BENCH_SESSION_SECRET,
    COOKIE_SECURE: "0",
  };
}

function watch(child: ChildProcess, port: number): Child {
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    process: child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

export async function waitForOk(url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`no 200 from ${url} within ${timeoutMs} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The app: scripts/start.ts on the built app in build/, in its own node process (no npm in
 * between). `nodeArgs` go to node before the script (bench/autosave-only.ts: `--cpu-prof`).
 */
export async function startApp(databasePath: string, { nodeArgs = [] }: { nodeArgs?: string[] } = {}): Promise<Child> {
  if (!fs.existsSync(path.resolve("build/index.js"))) throw new Error("build/index.js is missing: run `npm run build` first");
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "scripts/start.ts"], { env: appEnv(databasePath, port), stdio: ["ignore", "pipe", "pipe"] });
  const running = watch(child, port);
  await waitForOk(`${running.url}/healthz`, child, running.output);
  return running;
}

/** The bare node:http baseline server (bench/baseline/bare-server.ts) on the same database file. */
export async function startBare(databasePath: string, { nodeArgs = [] }: { nodeArgs?: string[] } = {}): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "bench/baseline/bare-server.ts"], {
    env: { ...process.env, PORT: String(port), DATABASE_PATH: databasePath, SESSION_SECRET: BENCH_SESSION_SECRET },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const running = watch(child, port);
  await waitForOk(`${running.url}/healthz`, child, running.output);
  return running;
}

/** Resident set size now and at its peak (VmHWM) of a process, in bytes, from /proc. */
export function memoryOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb("VmRSS"), peak: kb("VmHWM") };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc/<pid>/stat. */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on Linux for every architecture the bench runs on. */
const CLOCK_TICKS = 100;
