/**
 * Simulated reviewers autosaving scores against a real server over HTTP, the way the browser's
 * autosave does (app/modules/scoring/autosave.tsx): one save in flight per reviewer, a POST to the
 * JSON endpoint `/reviews/:id/scoring/autosave` (decisions 023, 025) with intent "save", the
 * criterion, its score, rationale and the version this reviewer last saw (optimistic concurrency);
 * then, unless `revalidate` is off, a read of the page's data (GET) to check the save is shown.
 *
 * Every attempt goes into a ledger: acknowledged (2xx with the saved version), refused as stale
 * (409, a correct refusal, not a save), in doubt (no answer: the server died or the connection
 * broke; it may or may not have been written), or an error (any other answer). Now and then a
 * reviewer deliberately sends an old version, as a second tab would, and the server must refuse it.
 * The ledger is checked against the database afterwards (verify.ts).
 *
 * Bounded: it stops by itself after `durationMs` (or `maxSaves` acknowledged saves) and only ever
 * talks to the loopback address it was given.
 */
import { scoreAutosavePath } from "~/modules/scoring/score-fields";
import { decodeSingleFetch } from "./single-fetch";
import { LOAD_PASSWORD, type LoadReviewer } from "./load-setup";

export type AttemptOutcome = "acknowledged" | "stale" | "in-doubt" | "error";

export interface SaveAttempt {
  reviewerId: number;
  reviewId: number;
  criterionId: number;
  /** The version sent; a deliberately stale attempt sends an older one. */
  sentVersion: number;
  deliberatelyStale: boolean;
  score: number | null;
  cannotAssess: boolean;
  rationale: string;
  outcome: AttemptOutcome;
  /** For acknowledged saves: the version the server answered it saved. */
  savedVersion?: number;
  status?: number;
  detail?: string;
  sequence: number;
}

export interface LoadFigures {
  requests: number;
  /** Requests that got no HTTP answer (connection refused or reset). */
  requestsUnanswered: number;
  signIns: number;
  saveAttempts: number;
  acknowledged: number;
  staleRefused: number;
  deliberatelyStale: number;
  /** Deliberately stale saves the server accepted: must be 0. */
  staleAccepted: number;
  inDoubt: number;
  errors: number;
  /** 5xx answers: must be 0. */
  serverErrors: number;
  /** Revalidations whose data did not show the save just acknowledged: must be 0. */
  readAfterWriteMismatches: number;
  /** Requests sent back to /login although the session had been acknowledged: must be 0. */
  sessionsLost: number;
  durationMs: number;
}

export interface LoadResult {
  attempts: SaveAttempt[];
  figures: LoadFigures;
  /** A few examples of errors, for the report. */
  errorSamples: string[];
}

/** Where the server is now: the crash script restarts it, so the load asks before each request. */
export interface LoadTarget {
  url: () => string;
}

export interface LoadOptions {
  target: LoadTarget;
  reviewers: LoadReviewer[];
  scaleValues: number[];
  durationMs: number;
  /** Stop early after this many acknowledged saves (short forms). */
  maxSaves?: number;
  /** Stop early when this answers true (the crash scenario, after its last crash). */
  stopWhen?: () => boolean;
  /** Share of saves sent with an old version on purpose. */
  staleRate?: number;
  /** Pause between a reviewer's saves, in ms (random up to this). */
  thinkMs?: number;
  /** GET the page after each save and check it shows the save (the browser does not need to: the
   *  JSON answer carries the new version; this checks that a reader sees what was acknowledged). */
  revalidate?: boolean;
  /** Deterministic choices: the same seed makes the same sequence of attempts. */
  seed?: number;
  /** Called after each acknowledged save (the crash and backup scripts pace themselves by it). */
  onAcknowledged?: (count: number) => void;
  /** The ledger to append to; lets a caller look at the attempts while the load runs. */
  ledger?: SaveAttempt[];
}

const SCORING_ROUTE = "routes/reviews.$reviewId.scoring";

function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32: enough for picking criteria and scores, and reproducible.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

class Unanswered extends Error {}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { target, reviewers, scaleValues, durationMs, maxSaves = Infinity, staleRate = 0.03, thinkMs = 20, revalidate = true, seed = 2026, onAcknowledged, ledger, stopWhen } = options;
  const figures: LoadFigures = {
    requests: 0,
    requestsUnanswered: 0,
    signIns: 0,
    saveAttempts: 0,
    acknowledged: 0,
    staleRefused: 0,
    deliberatelyStale: 0,
    staleAccepted: 0,
    inDoubt: 0,
    errors: 0,
    serverErrors: 0,
    readAfterWriteMismatches: 0,
    sessionsLost: 0,
    durationMs: 0,
  };
  const attempts: SaveAttempt[] = ledger ?? [];
  const errorSamples: string[] = [];
  const started = Date.now();
  const deadline = started + durationMs;
  let sequence = 0;
  const done = () => Date.now() >= deadline || figures.acknowledged >= maxSaves || (stopWhen?.() ?? false);
  const noteError = (text: string) => {
    if (errorSamples.length < 20) errorSamples.push(text);
  };

  /** One HTTP request; no answer at all (server down, connection reset) throws Unanswered. */
  async function request(path: string, init: RequestInit & { cookie?: string } = {}) {
    const url = target.url();
    figures.requests++;
    const headers = new Headers(init.headers);
    if (init.cookie) headers.set("Cookie", init.cookie);
    if (init.method === "POST") {
      headers.set("Origin", url);
      headers.set("Content-Type", "application/x-www-form-urlencoded");
    }
    try {
      const response = await fetch(url + path, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(30_000) });
      const text = await response.text();
      if (response.status >= 500) {
        figures.serverErrors++;
        noteError(`${init.method ?? "GET"} ${path}: ${response.status} ${text.slice(0, 200)}`);
      }
      return { status: response.status, text, headers: response.headers };
    } catch (error) {
      figures.requestsUnanswered++;
      throw new Unanswered(String((error as Error).cause ?? error));
    }
  }

  /** Retries a request that got no answer until the server is back (or the run is over). */
  async function untilAnswered<T>(run: () => Promise<T>): Promise<T | null> {
    // Back off while the server is down (a restart takes seconds), as a browser's user would wait.
    for (let wait = 50; ; wait = Math.min(wait * 2, 500)) {
      try {
        return await run();
      } catch (error) {
        if (!(error instanceof Unanswered)) throw error;
        if (Date.now() >= deadline + 60_000) return null;
        await sleep(wait);
      }
    }
  }

  async function signIn(reviewer: LoadReviewer): Promise<string | null> {
    const answer = await untilAnswered(() =>
      request("/login", { method: "POST", body: new URLSearchParams({ email: reviewer.email, password: LOAD_PASSWORD }) }),
    );
    if (!answer) return null;
    const cookie = answer.headers.get("set-cookie");
    if (answer.status !== 302 || !cookie) throw new Error(`sign-in of ${reviewer.email} failed: ${answer.status} ${answer.text.slice(0, 200)}`);
    figures.signIns++;
    return cookie.split(";")[0]!;
  }

  type Mine = { score: number | null; cannotAssess: boolean; rationale: string; version: number } | null;
  /** The scoring page's data (what a page load or a revalidation gives the browser): own answers by criterion. */
  async function loadOwnAnswers(reviewer: LoadReviewer, cookie: string): Promise<Map<number, Mine> | "login" | null> {
    const answer = await untilAnswered(() => request(`/reviews/${reviewer.reviewId}/scoring.data?_routes=${encodeURIComponent(SCORING_ROUTE)}`, { cookie }));
    if (!answer) return null;
    // Single fetch answers a redirect with 202 and a redirect payload, a plain one with 3xx.
    if (answer.status === 202 || (answer.status >= 300 && answer.status < 400)) return "login";
    if (answer.status !== 200) throw new Error(`scoring page for ${reviewer.email}: ${answer.status} ${answer.text.slice(0, 200)}`);
    const decoded = decodeSingleFetch(answer.text) as Record<string, { data: { dimensions: { criteria: { id: number; mine: Mine }[] }[] } }>;
    const page = decoded[SCORING_ROUTE]!.data;
    return new Map(page.dimensions.flatMap((d) => d.criteria.map((c) => [c.id, c.mine] as const)));
  }

  async function reviewerLoop(reviewer: LoadReviewer, index: number) {
    const next = random(seed * 7919 + index);
    let cookie = await signIn(reviewer);
    if (!cookie) return;
    let answers = await loadOwnAnswers(reviewer, cookie);
    const versions = new Map<number, number>();
    const resync = async () => {
      answers = await loadOwnAnswers(reviewer, cookie!);
      if (answers === "login") {
        figures.sessionsLost++;
        noteError(`${reviewer.email}: session lost`);
        cookie = await signIn(reviewer);
        answers = cookie ? await loadOwnAnswers(reviewer, cookie) : null;
      }
      if (answers && answers !== "login") for (const [id, mine] of answers) versions.set(id, mine?.version ?? 0);
    };
    if (answers === "login") throw new Error(`${reviewer.email}: a fresh session was refused`);
    if (answers) for (const [id, mine] of answers) versions.set(id, mine?.version ?? 0);

    while (!done() && cookie) {
      const criterionId = reviewer.criterionIds[Math.floor(next() * reviewer.criterionIds.length)]!;
      const known = versions.get(criterionId) ?? 0;
      const deliberatelyStale = known > 0 && next() < staleRate;
      const cannotAssess = next() < 0.1;
      const score = cannotAssess ? null : scaleValues[Math.floor(next() * scaleValues.length)]!;
      const mySequence = ++sequence;
      const rationale = `Granskare ${reviewer.userId}, kriterium ${criterionId}, sparning ${mySequence}: underlaget visar att arbetet pågår i delar av länet.`;
      const attempt: SaveAttempt = {
        reviewerId: reviewer.userId,
        reviewId: reviewer.reviewId,
        criterionId,
        sentVersion: deliberatelyStale ? known - 1 : known,
        deliberatelyStale,
        score,
        cannotAssess,
        rationale,
        outcome: "in-doubt",
        sequence: mySequence,
      };
      attempts.push(attempt);
      figures.saveAttempts++;
      if (deliberatelyStale) figures.deliberatelyStale++;
      const body = new URLSearchParams({
        intent: "save",
        criterionId: String(criterionId),
        [`score-${criterionId}`]: cannotAssess ? "cannot_assess" : String(score),
        [`rationale-${criterionId}`]: rationale,
        [`version-${criterionId}`]: String(attempt.sentVersion),
      });
      let answer;
      try {
        answer = await request(scoreAutosavePath(reviewer.reviewId), { method: "POST", body, cookie });
      } catch (error) {
        if (!(error instanceof Unanswered)) throw error;
        // No answer: it may have been written or not. Wait for the server and read the page again.
        figures.inDoubt++;
        attempt.detail = error.message;
        await resync();
        continue;
      }
      attempt.status = answer.status;
      type SaveAnswer = { ok?: boolean; message?: string; saved?: { criterionId: number; version: number }[] };
      let data: SaveAnswer | null;
      try {
        data = JSON.parse(answer.text) as SaveAnswer;
      } catch {
        data = null;
      }
      if (answer.status === 200 && data?.ok) {
        const saved = data.saved?.find((s) => s.criterionId === criterionId);
        if (!saved) {
          attempt.outcome = "error";
          figures.errors++;
          noteError(`save without a saved version: ${answer.text.slice(0, 200)}`);
          continue;
        }
        attempt.outcome = "acknowledged";
        attempt.savedVersion = saved.version;
        versions.set(criterionId, saved.version);
        figures.acknowledged++;
        if (deliberatelyStale) {
          figures.staleAccepted++;
          noteError(`a stale version was accepted: ${JSON.stringify(attempt)}`);
        }
        onAcknowledged?.(figures.acknowledged);
        if (revalidate) {
          const page = await loadOwnAnswers(reviewer, cookie).catch((error) => {
            noteError(`revalidation: ${error}`);
            return null;
          });
          if (page === "login") {
            figures.sessionsLost++;
            await resync();
          } else if (page) {
            const mine = page.get(criterionId);
            // Only this reviewer writes these scores, so the page must show this save or, if the
            // server was restarted meanwhile, nothing older.
            if (!mine || mine.version < saved.version || (mine.version === saved.version && mine.rationale !== rationale)) {
              figures.readAfterWriteMismatches++;
              noteError(`read after write: saved v${saved.version} "${rationale}", page shows ${JSON.stringify(mine)}`);
            }
          }
        }
      } else if (answer.status === 409 && data?.message === "form.stale") {
        attempt.outcome = "stale";
        figures.staleRefused++;
        await resync();
      } else if (answer.status === 202 || (answer.status >= 300 && answer.status < 400)) {
        attempt.outcome = "error";
        figures.errors++;
        figures.sessionsLost++;
        noteError(`${reviewer.email}: save answered with a redirect (${answer.status}): ${answer.text.slice(0, 200)}`);
        await resync();
      } else {
        attempt.outcome = "error";
        figures.errors++;
        noteError(`save: ${answer.status} ${answer.text.slice(0, 200)}`);
      }
      if (thinkMs > 0) await sleep(next() * thinkMs);
    }
  }

  await Promise.all(reviewers.map((reviewer, index) => reviewerLoop(reviewer, index)));
  figures.durationMs = Date.now() - started;
  return { attempts, figures, errorSamples };
}
