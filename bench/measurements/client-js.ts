/**
 * Measurement 5a: JavaScript the browser loads for the scoring page, from the Remix build's
 * manifest (public/build/manifest-*.js): the manifest itself, the entry module and the modules of
 * the route chain root → reviews.$reviewId → reviews.$reviewId.scoring with every chunk they
 * import, each file counted once, gzip-compressed the way the server's compression middleware
 * sends it (zlib's default level). Baseline: the floor every page ships (manifest, entry, root).
 * When the served page is at hand, its modulepreload list must be the same set of files.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

interface Manifest {
  url: string;
  entry: { module: string; imports: string[] };
  routes: Record<string, { id: string; parentId?: string; module: string; imports?: string[] }>;
}

export const SCORING_ROUTE = "routes/reviews.$reviewId.scoring";

export function readManifest(publicDir = "public"): Manifest {
  const dir = path.join(publicDir, "build");
  const file = fs.readdirSync(dir).find((f) => /^manifest-[A-Z0-9]+\.js$/.test(f));
  if (!file) throw new Error("public/build/manifest-*.js is missing: run `npm run build` first");
  const text = fs.readFileSync(path.join(dir, file), "utf8");
  return JSON.parse(text.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, "")) as Manifest;
}

/** Every JS file (as /build/… URLs) a page of `routeId` loads. */
export function filesForRoute(manifest: Manifest, routeId: string | null): string[] {
  const files = new Set<string>([manifest.url, manifest.entry.module, ...manifest.entry.imports]);
  const chain: string[] = [];
  for (let id: string | undefined = routeId ?? "root"; id; id = manifest.routes[id]?.parentId) chain.unshift(id);
  for (const id of chain) {
    const route = manifest.routes[id];
    if (!route) throw new Error(`route ${id} is not in the manifest`);
    files.add(route.module);
    for (const file of route.imports ?? []) files.add(file);
  }
  return [...files];
}

export function gzipSize(publicDir: string, url: string): number {
  return zlib.gzipSync(fs.readFileSync(path.join(publicDir, url))).length;
}

/** The /build/… JS files a served HTML page preloads or imports. */
export function servedScripts(html: string): string[] {
  const urls = new Set<string>();
  for (const match of html.matchAll(/(?:href|src)="(\/build\/[^"]+\.js)"/g)) urls.add(match[1]!);
  for (const match of html.matchAll(/import\s*(?:\*\s*as\s+\w+\s+from\s*)?"(\/build\/[^"]+\.js)"/g)) urls.add(match[1]!);
  return [...urls];
}

export function measureClientJs({ publicDir = "public", servedHtml }: { publicDir?: string; servedHtml?: string } = {}) {
  const manifest = readManifest(publicDir);
  const scoring = filesForRoute(manifest, SCORING_ROUTE);
  const floor = filesForRoute(manifest, "root");
  const sum = (files: string[]) => files.reduce((total, f) => total + gzipSize(publicDir, f), 0);
  let check = "not compared with a served page";
  if (servedHtml !== undefined) {
    const served = new Set(servedScripts(servedHtml));
    const missing = [...served].filter((f) => !scoring.includes(f));
    if (missing.length) throw new Error(`the served scoring page loads JS the manifest walk missed: ${missing.join(", ")}`);
    check = `the served page loads ${served.size} of these ${scoring.length} files directly`;
  }
  return { scoringFiles: scoring.length, scoringBytes: sum(scoring), floorFiles: floor.length, floorBytes: sum(floor), check };
}
