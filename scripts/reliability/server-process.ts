/**
 * The real server (scripts/start.ts on the Remix build) as a child process on a free loopback
 * port with its own database file, outside demo mode, for the reliability scripts. It can be
 * killed with SIGKILL and started again on the same database. (tests/server.ts does the same for
 * the HTTP tests, with the demo accounts of the test template.)
 */
import { randomBytes } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export interface ServerProcess {
  url: string;
  process: ChildProcess;
  output: () => string;
  /** SIGKILL: no shutdown handler runs, open transactions die with the process. */
  kill: () => Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop: () => Promise<void>;
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

/** Servers still running when this process exits are killed with it (a test that timed out). */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** One session secret per run, so sessions survive a restart (as they do in production). */
export function sessionSecret() {
  return randomBytes(32).toString("base64url");
}

export async function startServerProcess({
  databasePath,
  secret,
  uploadDir,
  port: wantedPort,
}: {
  databasePath: string;
  secret: string;
  uploadDir?: string;
  /** Restart on the port of the killed server, so clients find it where it was. */
  port?: number;
}): Promise<ServerProcess & { port: number }> {
  if (!fs.existsSync(path.resolve("build/index.js"))) throw new Error("build/index.js is missing: run `npm run build` first.");
  const port = wantedPort ?? (await freePort());
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_PATH: databasePath,
      UPLOAD_DIR: uploadDir ?? `${databasePath}-uploads`,
      KOLLEGA_DEMO: "0",
      SESSION_SECRET: secret,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      running.delete(child);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { url, port, process: child, output: () => output, kill: () => signal("SIGKILL"), stop: () => signal("SIGTERM") };
}
