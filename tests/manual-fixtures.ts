/**
 * Scratch criteria directories for the manual tests: a copy of criteria/ (without the source
 * report) in a temp directory that a test may break as it likes, never touching the real files.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import type { AppDatabase } from "#db/connection";

export const CRITERIA = path.resolve("criteria");
const created: string[] = [];

afterEach(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temp directory with a copy of criteria/ (or only the given manuals/files). */
export function copyCriteria(only?: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kollega-criteria-"));
  created.push(dir);
  for (const name of fs.readdirSync(CRITERIA)) {
    if (name === "source") continue;
    fs.cpSync(path.join(CRITERIA, name), path.join(dir, name), { recursive: true });
  }
  if (only) {
    for (const manual of fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const file of fs.readdirSync(path.join(dir, manual.name))) {
        const relative = `${manual.name}/${file}`;
        if (!only.some((o) => o === manual.name || o === relative)) fs.rmSync(path.join(dir, relative));
      }
    }
    const checksums = JSON.parse(fs.readFileSync(path.join(dir, "checksums.json"), "utf8")) as Record<string, string>;
    const kept = Object.fromEntries(Object.entries(checksums).filter(([file]) => fs.existsSync(path.join(dir, file))));
    fs.writeFileSync(path.join(dir, "checksums.json"), JSON.stringify(kept, null, 2));
  }
  return dir;
}

export function readText(dir: string, relative: string): string {
  return fs.readFileSync(path.join(dir, relative), "utf8");
}

export function writeText(dir: string, relative: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  fs.writeFileSync(path.join(dir, relative), text);
}

/** Edits a JSON file in place (2-space indented, like the real files). */
export function editJson(dir: string, relative: string, edit: (value: any) => void) {
  const value = JSON.parse(readText(dir, relative));
  edit(value);
  writeText(dir, relative, `${JSON.stringify(value, null, 2)}\n`);
}

/** 1-based line of the n-th (0-based) occurrence of `needle` in a text. */
export function lineOf(text: string, needle: string, occurrence = 0): number {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`${needle} not found (occurrence ${occurrence})`);
  }
  return text.slice(0, index).split("\n").length;
}

/** Everything the manual tables hold, to prove that a refused operation changed nothing. */
export async function manualTablesSnapshot(db: AppDatabase): Promise<string> {
  const versions = await db.selectFrom("manual_versions").selectAll().orderBy("id").execute();
  const criteria = await db.selectFrom("manual_criteria").selectAll().orderBy("id").execute();
  return JSON.stringify({ versions, criteria });
}
