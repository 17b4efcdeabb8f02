/**
 * Short forms of the reliability scripts (`npm run reliability` runs the long ones): the real
 * server over HTTP, simulated reviewers autosaving, and afterwards every acknowledged save looked
 * up in the database; the same under repeated SIGKILL; `db:backup` during the load and
 * `db:restore` afterwards. Bounded by counts of acknowledged saves, not by time, so a slow machine
 * makes them slower, not weaker.
 */
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { backupScenario, crashScenario, loadScenario } from "../../scripts/reliability/scenarios";
import { ARTIFACTS_DIR } from "../setup/paths";

function workDir() {
  const dir = path.join(ARTIFACTS_DIR, "reliability", randomUUID());
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

describe("reliability (short forms)", () => {
  it("load: every save the server acknowledged is in the database, and stale versions are refused", async () => {
    const result = await loadScenario({ workDir: workDir(), reviewers: 4, durationMs: 60_000, maxSaves: 40 });
    expect(result.errorSamples).toEqual([]);
    expect(result.verification.problems).toEqual([]);
    expect(result.figures.acknowledged).toBeGreaterThanOrEqual(40);
    expect(result.verification.acknowledgedFound).toBe(result.figures.acknowledged);
    expect(result.verification.latestFound).toBe(result.verification.latestChecked);
    expect(result.figures.staleAccepted).toBe(0);
    expect(result.figures.serverErrors).toBe(0);
    expect(result.verification.integrity).toBe("ok");
    expect(result.passed).toBe(true);
  }, 120_000);

  it("crash: SIGKILL twice during the load, restart on the same database, nothing acknowledged lost", async () => {
    const result = await crashScenario({ workDir: workDir(), reviewers: 4, durationMs: 600, crashes: 2, savesPerPhase: 8 });
    expect(result.errorSamples).toEqual([]);
    expect(result.verification.problems).toEqual([]);
    expect(result.crashes).toBe(2);
    expect(result.integrityAfterCrashes).toEqual(["ok", "ok"]);
    expect(result.verification.acknowledgedFound).toBe(result.figures.acknowledged);
    expect(result.verification.latestFound).toBe(result.verification.latestChecked);
    expect(result.passed).toBe(true);
  }, 120_000);

  it("backup: db:backup during the load holds every earlier save, db:restore is refused under a running server and brings the copy back", async () => {
    const result = await backupScenario({ workDir: workDir(), reviewers: 4, durationMs: 600, savesPerPhase: 8 });
    expect(result.problems).toEqual([]);
    expect(result.acknowledgedBeforeBackup).toBeGreaterThan(0);
    expect(result.foundInBackup).toBe(result.acknowledgedBeforeBackup);
    expect(result.tornRows).toBe(0);
    expect(result.restoreRefusedWhileRunning).toBe(true);
    expect(result.restored.tables).toEqual(result.backup.tables);
    expect(result.restored.sha256).toBe(result.backup.sha256);
    expect(result.restoredServerAnswers).toBe(true);
    expect(result.passed).toBe(true);
  }, 120_000);
});
