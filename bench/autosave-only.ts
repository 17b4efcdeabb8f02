/**
 * Measurement 2 on its own (issue 8): the autosave load on the app and the bare server, then the
 * app's /healthz floor — the same code as `npm run bench` uses for those figures
 * (bench/measurements/autosave.ts), without the other measurements, for working on the save.
 * Prints the figures and writes nothing.
 *
 *   npx tsx bench/autosave-only.ts [--no-build] [--scale 1] [--connections 50] [--duration 10]
 *                                  [--repeat 1] [--cpu-prof DIR] [--target endpoint|remix] [--no-floor]
 *                                  [--warmup 3]
 *
 * `--cpu-prof DIR` starts the app server with `node --cpu-prof` (profile written to DIR when it
 * stops) and measures only the app, not the bare server. `--repeat N` runs the app's load N times
 * (one server, fresh versions each time) and prints each. `--target remix` saves through the
 * page's Remix action (/reviews/:id/scoring.data) instead of the JSON endpoint (decision 023).
 * `--no-floor` leaves out the /healthz floor (a profile of the saves alone). `--warmup S`: seconds
 * of unmeasured load before each server's first run (3, as `npm run bench`; 0 to see a cold start).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseScale } from "./data/spec";
import { startApp, startBare } from "./lib/processes";
import { prepareBench } from "./lib/setup";
import { runAutosaveLoad, runFloorLoad, settle, type LoadResult } from "./measurements/autosave";

function line(name: string, l: LoadResult) {
  return `${name.padEnd(5)} ${l.requestsPerSecond.toFixed(0).padStart(5)} req/s  p50 ${l.p50.toFixed(1)} ms  p99 ${l.p99.toFixed(1)} ms  errors ${l.errors} (${l.errorKinds})  accepted ${l.accepted} stored ${l.stored}  CPU ${l.cpuMsPerRequest?.toFixed(2) ?? "?"} ms/save  peak RSS ${(l.peakRss / 2 ** 20).toFixed(0)} MB`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: "string" },
      connections: { type: "string", default: "50" },
      duration: { type: "string", default: "10" },
      repeat: { type: "string", default: "1" },
      "cpu-prof": { type: "string" },
      target: { type: "string", default: "endpoint" },
      "no-build": { type: "boolean", default: false },
      "no-floor": { type: "boolean", default: false },
      warmup: { type: "string", default: "3" },
    },
  });
  const scale = parseScale(values.scale);
  const connections = Number(values.connections);
  const duration = Number(values.duration);
  const target = values.target === "remix" ? "remix" : "endpoint";
  const warmup = Number(values.warmup);
  const { copy, targets, removeCopy } = await prepareBench({ scale, connections, build: !values["no-build"], copyName: "autosave.sqlite", log: console.log });

  const profileDir = values["cpu-prof"] ? path.resolve(values["cpu-prof"]) : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  console.log(`load average at start ${os.loadavg().map((n) => n.toFixed(2)).join(" ")}`);
  const app = await startApp(copy, { nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [] });
  try {
    for (let i = 0; i < Number(values.repeat); i++) {
      console.log(line("app", await runAutosaveLoad(app, copy, targets.load, { connections, duration, target, warmup: i === 0 ? warmup : 0 })));
      await settle(app);
    }
    if (!values["no-floor"]) {
      const floor = await runFloorLoad(app, { connections, duration: Math.min(5, duration) });
      console.log(`floor GET /healthz ${floor.requestsPerSecond.toFixed(0)} req/s  p99 ${floor.p99.toFixed(1)} ms  CPU ${floor.cpuMsPerRequest?.toFixed(2) ?? "?"} ms/request`);
    }
  } finally {
    await app.stop();
  }
  if (!profileDir) {
    const bare = await startBare(copy);
    try {
      console.log(line("bare", await runAutosaveLoad(bare, copy, targets.load, { connections, duration, target, warmup })));
    } finally {
      await bare.stop();
    }
  }
  console.log(`load average at end ${os.loadavg().map((n) => n.toFixed(2)).join(" ")}`);
  removeCopy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
