/**
 * Debian packages the tests need, installed with apt-get when missing (you are root on the CI and
 * development machines; elsewhere the message says what to install):
 * - `chromium` (/usr/bin/chromium) for the browser tests (scripts/test-browser.ts);
 * - `poppler-utils` (pdftotext, pdfinfo) for the PDF tests (tests/setup/global-setup.ts).
 *
 * Run alone: `npx tsx scripts/ensure-system-packages.ts` installs all of them.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface SystemPackage {
  /** The Debian package. */
  name: string;
  /** Programs it provides: an absolute path, or a name looked up on PATH. */
  provides: string[];
}

export const CHROMIUM: SystemPackage = { name: "chromium", provides: ["/usr/bin/chromium"] };
export const POPPLER: SystemPackage = { name: "poppler-utils", provides: ["pdftotext", "pdfinfo"] };

function onPath(program: string): boolean {
  if (program.includes("/")) return fs.existsSync(program);
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, program)));
}

function run(command: string, args: string[], log: (message: string) => void) {
  log(`$ ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (result.error) throw new Error(`${command} could not be started: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit code ${result.status ?? result.signal}).`);
}

/** Installs the packages whose programs are missing (one apt-get update for all); throws when it cannot. */
export function ensureSystemPackages(packages: readonly SystemPackage[], log: (message: string) => void = console.log): void {
  const missing = packages.filter((p) => !p.provides.every(onPath));
  for (const p of packages.filter((p) => !missing.includes(p))) log(`${p.name}: found (${p.provides.join(", ")}).`);
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name);
  log(`Missing ${missing.flatMap((p) => p.provides.filter((program) => !onPath(program))).join(", ")}; installing Debian's ${names.join(", ")} with apt-get.`);
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    throw new Error(`Installing ${names.join(", ")} needs root. Run as root or install first: apt-get update && apt-get install -y ${names.join(" ")}`);
  }
  const started = Date.now();
  run("apt-get", ["update"], log);
  run("apt-get", ["install", "-y", ...names], log);
  const still = missing.flatMap((p) => p.provides.filter((program) => !onPath(program)));
  if (still.length > 0) throw new Error(`apt-get finished but ${still.join(", ")} still cannot be found.`);
  log(`Installed ${names.join(", ")} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureSystemPackages([CHROMIUM, POPPLER], (message) => console.log(`[system-packages] ${message}`));
  } catch (error) {
    console.error(`[system-packages] ${(error as Error).message}`);
    process.exit(1);
  }
}
