/**
 * What `npm run bench` and `bench/autosave-only.ts` do before measuring: the servers' environment
 * (the same session secret, so the bench can sign reviewers in with the app's own code), the cached
 * data set (generated on a first run), optionally the build, a working copy of the database (the
 * cached original is never written) and the targets found in it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { ensureBenchDatabase, workingCopy } from "../data/cache";
import { appEnv, BENCH_SESSION_SECRET } from "./processes";
import { findTargets, type Targets } from "./targets";

export interface BenchSetup {
  data: Awaited<ReturnType<typeof ensureBenchDatabase>>;
  /** The working copy every measurement runs on. */
  copy: string;
  targets: Targets;
  sqliteVersion: string;
  /** Deletes the working copy (and its WAL files). */
  removeCopy(): void;
}

export async function prepareBench({ scale, connections, build, copyName, log }: { scale: number; connections: number; build: boolean; copyName: string; log: (line: string) => void }): Promise<BenchSetup> {
  Object.assign(process.env, appEnv("", 3000));
  process.env.SESSION_SECRET = BENCH_SESSION_SECRET;
  const data = await ensureBenchDatabase(scale, { log });
  if (build) {
    log("Building the app (npm run build) …");
    // esbuild's service has crashed now and then on this busy machine: one more try before giving up.
    let result = spawnSync("npx", ["remix", "build"], { encoding: "utf8" });
    if (result.status !== 0) result = spawnSync("npx", ["remix", "build"], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
  }
  const copy = workingCopy(data.path, copyName);
  process.env.DATABASE_PATH = copy;
  const { openDatabase } = await import("#db/connection");
  const opened = openDatabase(copy);
  try {
    const targets = await findTargets(opened.db, { connections });
    const sqliteVersion = (opened.sqlite.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
    return {
      data,
      copy,
      targets,
      sqliteVersion,
      removeCopy: () => {
        for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(copy + suffix, { force: true });
      },
    };
  } finally {
    opened.sqlite.close();
  }
}
