/**
 * PDFs drawn in a worker thread (decision 026). A 12-page review report costs ~0.5–0.7 s of CPU and
 * the national report of a large round seconds (docs/benchmarks.md); on the main thread every other
 * request waited for them. The server starts one worker (scripts/start.ts) on its own build
 * (build/index.js, whose entry exports drawReviewPdf and renderNationalPdf) and registers it
 * (registerPdfRenderer, reports/pdf-renderer-registry.ts); the reports modules then send it what
 * to draw. Without a registered renderer (tests that call loaders in-process, scripts) they draw on
 * their own thread.
 *
 * One worker, renders one after another: a PDF never takes more than one of the machine's cores,
 * and the main thread keeps the other. If the worker dies, the next render starts a new one.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PdfRenderer } from "~/modules/reports/pdf-renderer-registry";

type Reply = { id: number; ok: true; pdf: Uint8Array } | { id: number; ok: false; message: string };

export function startPdfRenderer({ buildPath = path.resolve("build/index.js") }: { buildPath?: string } = {}): PdfRenderer & { close(): Promise<void> } {
  const rendererVersion = (createRequire(import.meta.url)("@react-pdf/renderer/package.json") as { version: string }).version;
  const codeIdentity = createHash("sha256").update(readFileSync(buildPath)).update(`\0@react-pdf/renderer@${rendererVersion}`).digest("hex");
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (pdf: Buffer) => void; reject: (error: Error) => void }>();

  function failAll(error: Error) {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  }

  /** The worker keeps the process alive only while it has work (a script awaiting a render must not exit). */
  function holdWhileBusy() {
    if (!worker) return;
    if (pending.size > 0) worker.ref();
    else worker.unref();
  }

  function ensureWorker(): Worker {
    if (worker) return worker;
    const started = new Worker(new URL("./pdf-render-worker.mjs", import.meta.url), {
      workerData: { build: pathToFileURL(buildPath).href },
    });
    started.on("message", (reply: Reply) => {
      const job = pending.get(reply.id);
      if (!job) return;
      pending.delete(reply.id);
      holdWhileBusy();
      if (reply.ok) job.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      else job.reject(new Error(`PDF render failed in the worker: ${reply.message}`));
    });
    started.on("error", (error) => {
      if (worker === started) worker = null;
      failAll(error);
    });
    started.on("exit", (code) => {
      if (worker === started) worker = null;
      failAll(new Error(`the PDF worker exited (${code})`));
    });
    worker = started;
    holdWhileBusy();
    return started;
  }

  // Started at once: loading the build takes most of a second, better at start-up than on the
  // first reader's request.
  ensureWorker();
  function render(kind: "review" | "national", input: unknown) {
    const id = nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ensureWorker().postMessage({ id, kind, input });
      holdWhileBusy();
    });
  }

  return {
    codeIdentity,
    renderReview: (data) => render("review", data),
    renderNational: (input) => render("national", input),
    async close() {
      const current = worker;
      worker = null;
      if (current) await current.terminate();
      failAll(new Error("the PDF renderer was closed"));
    },
  };
}
