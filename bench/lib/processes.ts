/**
 * Child processes of the bench: the app server (scripts/start.ts on the built app, as `npm run
 * serve` starts it) and the bare baseline server, each on a free 127.0.0.1 port
 * (scripts/lib/server-process.ts), plus CPU and memory readings from /proc.
 */
import fs from "node:fs";
import { startAppServer, startNodeServer, type ServerProcess } from "../../scripts/lib/server-process";

export { freePort, waitForOk } from "../../scripts/lib/server-process";

export const BENCH_SESSION_SECRET = "bench-session-secret-not-for-production-0123456789";

export type Child = ServerProcess;

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

/** The app on the database file. `nodeArgs` go to node before the script (bench/autosave-only.ts: `--cpu-prof`). */
export async function startApp(databasePath: string, { nodeArgs = [] }: { nodeArgs?: string[] } = {}): Promise<Child> {
  return startAppServer({ env: appEnv(databasePath, 0), nodeArgs });
}

/** The bare node:http baseline server (bench/baseline/bare-server.ts) on the same database file. */
export async function startBare(databasePath: string, { nodeArgs = [] }: { nodeArgs?: string[] } = {}): Promise<Child> {
  return startNodeServer("bench/baseline/bare-server.ts", { env: { DATABASE_PATH: databasePath, SESSION_SECRET: BENCH_SESSION_SECRET }, nodeArgs });
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
