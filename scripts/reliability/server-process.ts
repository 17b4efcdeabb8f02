/**
 * The real server for the reliability scripts (scripts/lib/server-process.ts): its own database
 * file, outside demo mode, with a session secret the caller keeps, so it can be killed with
 * SIGKILL and started again on the same database and port and the clients' sessions still hold.
 * (tests/server.ts starts it with the demo accounts of the test template.)
 */
import { randomBytes } from "node:crypto";
import { startAppServer, type ServerProcess } from "../lib/server-process";

export type { ServerProcess } from "../lib/server-process";

/** One session secret per run, so sessions survive a restart (as they do in production). */
export function sessionSecret() {
  return randomBytes(32).toString("base64url");
}

export async function startServerProcess({
  databasePath,
  secret,
  uploadDir,
  port,
}: {
  databasePath: string;
  secret: string;
  uploadDir?: string;
  /** Restart on the port of the killed server, so clients find it where it was. */
  port?: number;
}): Promise<ServerProcess> {
  return startAppServer({
    port,
    env: { DATABASE_PATH: databasePath, UPLOAD_DIR: uploadDir ?? `${databasePath}-uploads`, KOLLEGA_DEMO: "0", SESSION_SECRET: secret },
  });
}
