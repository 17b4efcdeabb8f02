/**
 * Measurement 6: cold start — seconds from spawning `npm run serve` (the built app, the existing
 * large database) to the first 200 from /healthz and from /login. Baseline: the bare server on the
 * same file to its first /healthz 200. Each child runs in its own process group, stopped by its id.
 */
import { spawn } from "node:child_process";
import { appEnv, freePort, waitForOk } from "../lib/processes";
import { median } from "../lib/stats";

async function coldStart(command: string, args: string[], env: NodeJS.ProcessEnv, port: number, paths: string[]): Promise<number[]> {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  try {
    const times: number[] = [];
    for (const p of paths) {
      await waitForOk(`http://127.0.0.1:${port}${p}`, child, () => output);
      times.push((performance.now() - started) / 1000);
    }
    return times;
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          /* gone */
        }
      }, 5000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      // The whole group the child leads (npm → sh → tsx → node), by its id.
      process.kill(-child.pid!, "SIGTERM");
    });
  }
}

export async function measureColdStart(databasePath: string, { repeats = 3 }: { repeats?: number } = {}) {
  const app: number[][] = [];
  const bare: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const port = await freePort();
    app.push(await coldStart("npm", ["run", "--silent", "serve"], appEnv(databasePath, port), port, ["/healthz", "/login"]));
    const barePort = await freePort();
    const env = { ...process.env, PORT: String(barePort), DATABASE_PATH: databasePath, SESSION_SECRET: "x".repeat(40) };
    bare.push((await coldStart(process.execPath, ["--import", "tsx", "bench/baseline/bare-server.ts"], env, barePort, ["/healthz"]))[0]!);
  }
  return { healthz: median(app.map((t) => t[0]!)), login: median(app.map((t) => t[1]!)), bare: median(bare), repeats };
}
