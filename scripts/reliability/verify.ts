/**
 * Checks a load's ledger against the database file afterwards (the server stopped or killed):
 * - every acknowledged save is in the database: the audit log, written in the same transaction as
 *   the score, has its entry with the same version, score and rationale;
 * - per (reviewer, criterion) the score row holds the latest acknowledged save, or a newer one that
 *   was sent afterwards and never answered (in doubt: the server died with it in flight);
 * - no refused (409) save was written;
 * - PRAGMA integrity_check is "ok" and no foreign key is broken.
 */
import SQLite from "better-sqlite3";
import { foreignKeyProblems, integrityCheck } from "#db/maintenance";
import type { SaveAttempt } from "./load";

export interface Verification {
  integrity: string;
  foreignKeyProblems: number;
  acknowledged: number;
  /** Acknowledged saves found in the audit log with their value. */
  acknowledgedFound: number;
  /** Latest acknowledged value per (reviewer, criterion) that the score row holds (or a later in-doubt one). */
  latestChecked: number;
  latestFound: number;
  /** Refused saves whose value got written anyway: must be 0. */
  refusedButWritten: number;
  problems: string[];
}

type Value = { score: number | null; cannotAssess: boolean; rationale: string };

function sameValue(a: Value, b: Value) {
  return a.score === b.score && a.cannotAssess === b.cannotAssess && a.rationale === b.rationale;
}

export function verifyLedger(databasePath: string, attempts: SaveAttempt[]): Verification {
  const sqlite = new SQLite(databasePath, { fileMustExist: true });
  try {
    const integrity = integrityCheck(sqlite);
    const fkProblems = foreignKeyProblems(sqlite).length;
    const audit = new Map<string, Value>();
    for (const row of sqlite.prepare("select entity_id, after_json from audit_log where action = 'review.score.save'").iterate() as Iterable<{ entity_id: string; after_json: string }>) {
      const after = JSON.parse(row.after_json) as Value & { version: number };
      audit.set(`${row.entity_id}@${after.version}`, after);
    }
    const rows = new Map<string, Value & { version: number }>();
    for (const row of sqlite.prepare("select review_id, criterion_id, reviewer_id, score, cannot_assess, rationale, version from reviewer_scores").iterate() as Iterable<{
      review_id: number;
      criterion_id: number;
      reviewer_id: number;
      score: number | null;
      cannot_assess: number;
      rationale: string;
      version: number;
    }>) {
      rows.set(`${row.review_id}:${row.criterion_id}:${row.reviewer_id}`, { score: row.score, cannotAssess: row.cannot_assess === 1, rationale: row.rationale, version: row.version });
    }
    const byRationale = new Set([...audit.values()].map((v) => v.rationale));

    const problems: string[] = [];
    let acknowledged = 0;
    let acknowledgedFound = 0;
    let refusedButWritten = 0;
    const perKey = new Map<string, SaveAttempt[]>();
    for (const attempt of attempts) {
      const key = `${attempt.reviewId}:${attempt.criterionId}:${attempt.reviewerId}`;
      perKey.set(key, [...(perKey.get(key) ?? []), attempt]);
      if (attempt.outcome === "acknowledged") {
        acknowledged++;
        const entry = audit.get(`${key}@${attempt.savedVersion}`);
        if (entry && sameValue(entry, attempt)) acknowledgedFound++;
        else if (problems.length < 20) problems.push(`acknowledged save missing: ${key} v${attempt.savedVersion} (${attempt.rationale})`);
      } else if (attempt.outcome === "stale" && byRationale.has(attempt.rationale)) {
        refusedButWritten++;
        if (problems.length < 20) problems.push(`refused save written: ${key} (${attempt.rationale})`);
      }
    }

    let latestChecked = 0;
    let latestFound = 0;
    for (const [key, list] of perKey) {
      const sorted = [...list].sort((a, b) => a.sequence - b.sequence);
      let lastAck = -1;
      sorted.forEach((a, i) => {
        if (a.outcome === "acknowledged") lastAck = i;
      });
      if (lastAck < 0) continue;
      latestChecked++;
      const ack = sorted[lastAck]!;
      const row = rows.get(key);
      const laterInDoubt = sorted.slice(lastAck + 1).filter((a) => a.outcome === "in-doubt");
      const holds =
        row &&
        ((row.version === ack.savedVersion && sameValue(row, ack)) ||
          (row.version > ack.savedVersion! && laterInDoubt.some((a) => sameValue(row, a))));
      if (holds) latestFound++;
      else if (problems.length < 20) problems.push(`latest acknowledged save not held: ${key} v${ack.savedVersion} "${ack.rationale}", row ${JSON.stringify(row)}`);
    }
    return { integrity, foreignKeyProblems: fkProblems, acknowledged, acknowledgedFound, latestChecked, latestFound, refusedButWritten, problems };
  } finally {
    sqlite.close();
  }
}

/** True when nothing acknowledged was lost and the file is sound. */
export function verificationPassed(v: Verification) {
  return v.integrity === "ok" && v.foreignKeyProblems === 0 && v.acknowledgedFound === v.acknowledged && v.latestFound === v.latestChecked && v.refusedButWritten === 0;
}
