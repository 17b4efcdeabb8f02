/**
 * The generated database is cached under bench/.data/ (git-ignored), keyed by scale, generator
 * version and the list of migrations, so `npm run bench` generates it once and reuses it; a new
 * migration or generator version makes a new file. Runs never write to the cached file: the bench
 * works on a copy (workingCopy).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateBenchDatabase, type GenerationSummary } from "./generate";
import { GENERATOR_VERSION } from "./spec";

export const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));
export const DATA_DIR = path.join(BENCH_DIR, ".data");
const MIGRATIONS_DIR = fileURLToPath(new URL("../../db/migrations", import.meta.url));

function schemaFingerprint(): string {
  const names = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith(".ts")).sort();
  return createHash("sha256").update(names.join("\n")).digest("hex").slice(0, 8);
}

export function cachedDatabasePath(scale: number): string {
  return path.join(DATA_DIR, `kollega-scale-${scale}-g${GENERATOR_VERSION}-${schemaFingerprint()}.sqlite`);
}

export interface CachedDatabase {
  path: string;
  summary: GenerationSummary;
  /** True when this call generated the file (false: reused from the cache). */
  generated: boolean;
}

/** The cached database for `scale`, generated first when missing (or when `force`). */
export async function ensureBenchDatabase(scale: number, { force = false, log = console.log }: { force?: boolean; log?: (line: string) => void } = {}): Promise<CachedDatabase> {
  const file = cachedDatabasePath(scale);
  const summaryFile = `${file}.json`;
  if (!force && fs.existsSync(file) && fs.existsSync(summaryFile)) {
    return { path: file, summary: JSON.parse(fs.readFileSync(summaryFile, "utf8")) as GenerationSummary, generated: false };
  }
  fs.mkdirSync(DATA_DIR, { recursive: true });
  // Generate beside the final name and rename at the end: an interrupted run leaves no half file in the cache.
  const partial = `${file}.partial`;
  log(`Generating the benchmark database (scale ${scale}) at ${path.relative(process.cwd(), file)} …`);
  const summary = await generateBenchDatabase(partial, scale, log);
  // No WAL or shared-memory file of an earlier database by that name may sit beside the new one.
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  fs.renameSync(partial, file);
  fs.writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  return { path: file, summary, generated: true };
}

/** A fresh copy of the cached file for one run (the servers write to it). */
export function workingCopy(file: string, name: string): string {
  const copy = path.join(DATA_DIR, "runs", name);
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(copy + suffix, { force: true });
  fs.copyFileSync(file, copy);
  return copy;
}
