/**
 * The bare baseline server of `npm run bench` (issue 8, measurements 2, 3 and 5): node:http and
 * better-sqlite3 prepared statements on the same database file, doing the same database work as
 * the app's routes with nothing else — no Express, no Remix, no React, no zod, no query builder.
 *
 * - POST /reviews/:id/scoring/autosave (and /reviews/:id/scoring.data, the address before decision
 *   023) — the autosave: the app's session cookie (same signature check
 *   and session row), the reviewer's team membership, the review's stage, the criterion of the
 *   round's manual, then in one transaction the submission check, the version check, the upsert of
 *   reviewer_scores and the audit entry; 409 for a stale version, like the app.
 * - GET /reviews/:id/scoring, /reviews/:id/consensus — the rows those pages read, as JSON.
 * - GET /national?round=<id> — bench/baseline/raw-aggregation.ts, as JSON.
 * - GET /healthz — `select 1`, like the app's.
 *
 * Started by bench/lib/processes.ts with PORT, DATABASE_PATH and SESSION_SECRET.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import SQLite from "better-sqlite3";
import { RawAggregator } from "./raw-aggregation";

const port = Number(process.env.PORT);
const databasePath = process.env.DATABASE_PATH!;
const secret = process.env.SESSION_SECRET!;

const db = new SQLite(databasePath);
db.pragma("journal_mode = WAL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");
db.pragma("synchronous = NORMAL");
const aggregator = new RawAggregator(databasePath);

const st = {
  health: db.prepare("SELECT 1"),
  session: db.prepare(
    `SELECT s.user_id, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND u.active = 1`,
  ),
  roles: db.prepare("SELECT role FROM user_roles WHERE user_id = ?").pluck(),
  membership: db.prepare(
    `SELECT r.stage, r.round_id, ro.manual_version_id FROM reviews r JOIN rounds ro ON ro.id = r.round_id
     JOIN review_team_members m ON m.review_id = r.id AND m.user_id = ? WHERE r.id = ?`,
  ),
  criterion: db.prepare("SELECT 1 FROM manual_criteria WHERE id = ? AND manual_version_id = ?"),
  stage: db.prepare("SELECT stage FROM reviews WHERE id = ?").pluck(),
  submitted: db.prepare("SELECT 1 FROM reviewer_submissions WHERE review_id = ? AND reviewer_id = ?"),
  score: db.prepare("SELECT score, cannot_assess, rationale, version FROM reviewer_scores WHERE review_id = ? AND criterion_id = ? AND reviewer_id = ?"),
  update: db.prepare(
    `UPDATE reviewer_scores SET score = ?, cannot_assess = ?, rationale = ?, updated_at = ?, version = ?
     WHERE review_id = ? AND criterion_id = ? AND reviewer_id = ? AND version = ?`,
  ),
  insert: db.prepare(
    "INSERT INTO reviewer_scores (review_id, criterion_id, reviewer_id, score, cannot_assess, rationale, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
  ),
  audit: db.prepare("INSERT INTO audit_log (at, actor_user_id, action, entity_type, entity_id, before_json, after_json, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
  manual: db.prepare("SELECT content_json FROM manual_versions WHERE id = ?").pluck(),
  criteria: db.prepare("SELECT id, key, dimension_key, position, number, text_sv, text_en FROM manual_criteria WHERE manual_version_id = ? ORDER BY position"),
  team: db.prepare(
    `SELECT m.user_id, m.is_lead, u.name, (SELECT 1 FROM reviewer_submissions s WHERE s.review_id = m.review_id AND s.reviewer_id = m.user_id) AS submitted
     FROM review_team_members m JOIN users u ON u.id = m.user_id WHERE m.review_id = ?`,
  ),
  self: db.prepare("SELECT criterion_id, score, cannot_assess, comment FROM self_assessments WHERE review_id = ?"),
  scoresOf: db.prepare("SELECT criterion_id, reviewer_id, score, cannot_assess, rationale, version FROM reviewer_scores WHERE review_id = ? AND reviewer_id = ?"),
  allScores: db.prepare("SELECT criterion_id, reviewer_id, score, cannot_assess, rationale, version FROM reviewer_scores WHERE review_id = ?"),
  consensus: db.prepare("SELECT criterion_id, score, cannot_assess, rationale, version, updated_at FROM consensus_scores WHERE review_id = ?"),
};

/** The app's session cookie: Remix's signed cookie (value.HMAC-SHA256) holding the random token. */
function sessionUser(cookieHeader: string | undefined): number | null {
  const raw = cookieHeader?.split(/;\s*/).find((c) => c.startsWith("kollega_session="))?.slice("kollega_session=".length);
  if (!raw) return null;
  const signed = decodeURIComponent(raw);
  const dot = signed.lastIndexOf(".");
  if (dot < 0) return null;
  const value = signed.slice(0, dot);
  const expected = Buffer.from(createHmac("sha256", secret).update(value).digest("base64").replace(/=+$/, ""));
  const given = Buffer.from(signed.slice(dot + 1));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const token = JSON.parse(decodeURIComponent(escape(Buffer.from(value, "base64").toString("latin1")))) as unknown;
  if (typeof token !== "string") return null;
  const row = st.session.get(createHash("sha256").update(token).digest("hex")) as { user_id: number; expires_at: string } | undefined;
  if (!row || Date.parse(row.expires_at) <= Date.now()) return null;
  return row.user_id;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

class Stale extends Error {}
class Closed extends Error {}

const SCALE = new Set(["0", "1", "2", "3"]);

const save = db.transaction((reviewId: number, criterionId: number, reviewerId: number, score: number | null, cannotAssess: boolean, rationale: string, version: number, now: string) => {
  if (st.stage.get(reviewId) !== "analysis") throw new Closed();
  if (st.submitted.get(reviewId, reviewerId)) throw new Closed();
  const row = st.score.get(reviewId, criterionId, reviewerId) as { score: number | null; cannot_assess: number; rationale: string; version: number } | undefined;
  if (row && row.score === score && (row.cannot_assess === 1) === cannotAssess && row.rationale === rationale) return row.version;
  if ((row?.version ?? 0) !== version) throw new Stale();
  if (row) st.update.run(score, cannotAssess ? 1 : 0, rationale, now, row.version + 1, reviewId, criterionId, reviewerId, row.version);
  else st.insert.run(reviewId, criterionId, reviewerId, score, cannotAssess ? 1 : 0, rationale, now);
  const next = (row?.version ?? 0) + 1;
  st.audit.run(
    now,
    reviewerId,
    "review.score.save",
    "reviewer_score",
    `${reviewId}:${criterionId}:${reviewerId}`,
    row ? JSON.stringify({ score: row.score, cannotAssess: row.cannot_assess === 1, rationale: row.rationale, version: row.version }) : null,
    JSON.stringify({ score, cannotAssess, rationale, version: next }),
    "127.0.0.1",
  );
  return next;
});

function autosave(req: http.IncomingMessage, res: http.ServerResponse, reviewId: number, body: string) {
  if (req.headers.origin !== undefined && new URL(req.headers.origin).host !== req.headers.host) return send(res, 403, { ok: false });
  const userId = sessionUser(req.headers.cookie);
  if (userId === null) return send(res, 401, { ok: false });
  const review = st.membership.get(userId, reviewId) as { stage: string; manual_version_id: number } | undefined;
  if (!review) return send(res, 404, { ok: false });
  if (review.stage !== "analysis") return send(res, 403, { ok: false });
  const form = new URLSearchParams(body);
  const criterionId = Number(form.get("criterionId"));
  const scoreText = form.get(`score-${criterionId}`) ?? "";
  const rationale = (form.get(`rationale-${criterionId}`) ?? "").replace(/\r\n?/g, "\n").trim();
  const version = Number(form.get(`version-${criterionId}`));
  if (form.get("intent") !== "save" || !Number.isInteger(criterionId) || !Number.isInteger(version) || version < 0 || rationale.length > 4000) {
    return send(res, 400, { ok: false });
  }
  if (!(scoreText === "" || scoreText === "cannot_assess" || SCALE.has(scoreText))) return send(res, 400, { ok: false });
  if (!st.criterion.get(criterionId, review.manual_version_id)) return send(res, 400, { ok: false });
  const now = new Date().toISOString();
  try {
    // IMMEDIATE: take the write lock first (waiting up to busy_timeout), so a read-then-write
    // transaction never fails with SQLITE_BUSY when another process writes meanwhile.
    const saved = save.immediate(reviewId, criterionId, userId, scoreText === "" || scoreText === "cannot_assess" ? null : Number(scoreText), scoreText === "cannot_assess", rationale, version, now);
    send(res, 200, { intent: "save", ok: true, savedAt: now, saved: [{ criterionId, version: saved }] });
  } catch (error) {
    if (error instanceof Stale) return send(res, 409, { intent: "save", ok: false, message: "form.stale" });
    if (error instanceof Closed) return send(res, 403, { intent: "save", ok: false });
    throw error;
  }
}

function reviewPage(req: http.IncomingMessage, res: http.ServerResponse, reviewId: number, page: "scoring" | "consensus") {
  const userId = sessionUser(req.headers.cookie);
  if (userId === null) return send(res, 401, { ok: false });
  const review = st.membership.get(userId, reviewId) as { stage: string; manual_version_id: number } | undefined;
  if (!review) return send(res, 404, { ok: false });
  const manual = JSON.parse(st.manual.get(review.manual_version_id) as string) as { scale: unknown; dimensions: unknown };
  const criteria = st.criteria.all(review.manual_version_id);
  const team = st.team.all(reviewId) as { user_id: number; submitted: number | null }[];
  const self = st.self.all(reviewId);
  if (page === "scoring") {
    const submitted = team.find((m) => m.user_id === userId)?.submitted === 1;
    const others = submitted || review.stage !== "analysis" ? st.allScores.all(reviewId) : st.scoresOf.all(reviewId, userId);
    return send(res, 200, { stage: review.stage, scale: manual.scale, dimensions: manual.dimensions, criteria, team, self, scores: others });
  }
  if (review.stage === "planned" || review.stage === "gathering" || review.stage === "analysis") return send(res, 403, { ok: false });
  return send(res, 200, { stage: review.stage, scale: manual.scale, dimensions: manual.dimensions, criteria, team, self, scores: st.allScores.all(reviewId), consensus: st.consensus.all(reviewId) });
}

function national(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
  const userId = sessionUser(req.headers.cookie);
  if (userId === null) return send(res, 401, { ok: false });
  const roles = st.roles.all(userId) as string[];
  if (!roles.includes("coordinator") && !roles.includes("advisor")) return send(res, 403, { ok: false });
  const roundId = Number(url.searchParams.get("round") ?? aggregator.rounds()[0]?.id);
  send(res, 200, aggregator.aggregate(roundId));
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const review = /^\/reviews\/(\d+)\/(scoring|consensus)(\.data|\/autosave)?$/.exec(url.pathname);
  try {
    if (req.method === "GET" && url.pathname === "/healthz") {
      st.health.get();
      return send(res, 200, { status: "ok", database: "ok" });
    }
    if (req.method === "GET" && url.pathname === "/national") return national(req, res, url);
    if (req.method === "GET" && review && review[3] !== "/autosave") return reviewPage(req, res, Number(review[1]), review[2] as "scoring" | "consensus");
    if (req.method === "POST" && review && review[2] === "scoring") {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        try {
          autosave(req, res, Number(review[1]), Buffer.concat(chunks).toString("utf8"));
        } catch (error) {
          console.error(error);
          send(res, 500, { ok: false });
        }
      });
      return;
    }
    send(res, 404, { ok: false });
  } catch (error) {
    console.error(error);
    send(res, 500, { ok: false });
  }
});

server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1");
const shutdown = () => server.close(() => process.exit(0));
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
