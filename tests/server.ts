/**
 * Starts the real server (scripts/start.ts on the Remix build, scripts/lib/server-process.ts) as a
 * child process on a free port with its own database file and the demo accounts, for tests that
 * go through HTTP.
 */
import { startAppServer, type ServerProcess } from "../scripts/lib/server-process";
import { freshDatabasePath } from "./db";

export { freePort } from "../scripts/lib/server-process";

export interface RunningServer extends ServerProcess {
  databasePath: string;
}

export async function startServer({
  databasePath = freshDatabasePath(),
  env = {},
}: { databasePath?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const server = await startAppServer({ env: { DATABASE_PATH: databasePath, KOLLEGA_DEMO: "1", ...env }, startTimeoutMs: 30_000 });
  return { ...server, databasePath };
}

/** Signs in through the real form endpoint and returns the session cookie. */
export async function httpSignIn(url: string, email: string, password = "kollega-demo"): Promise<string> {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie.split(";")[0]!;
}
