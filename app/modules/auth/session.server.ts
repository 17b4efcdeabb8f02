/**
 * Server-side sessions. The cookie carries only a random token (signed with SESSION_SECRET);
 * the database keeps its sha256 with the user, expiry and last use. Signing out, deactivating a
 * user or an expired session all end in the same place: no row, no session.
 */
import { createHash, randomBytes } from "node:crypto";
import { createCookie, type Cookie } from "@remix-run/node";
import { compiledOnce } from "#db/compiled-once";
import type { AppDatabase } from "#db/connection";
import { getEnv } from "~/utils/env.server";

export const SESSION_COOKIE_NAME = "kollega_session";
/** A session is refreshed at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 5 * 60_000;
/** However active, a session ends after this long and the user signs in again. */
const ABSOLUTE_LIFETIME_MS = 7 * 24 * 3600_000;

function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

async function sessionSecret(db: AppDatabase): Promise<string> {
  const fromEnv = getEnv().SESSION_SECRET;
  if (fromEnv) return fromEnv;
  // Demo mode without a configured secret: one random secret per database, kept in settings so
  // sessions survive a restart of the demo server.
  const existing = await db.selectFrom("settings").select("value").where("key", "=", "session_secret").executeTakeFirst();
  if (existing) return existing.value;
  const generated = randomBytes(32).toString("base64url");
  await db
    .insertInto("settings")
    .values({ key: "session_secret", value: generated })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const stored = await db.selectFrom("settings").select("value").where("key", "=", "session_secret").executeTakeFirstOrThrow();
  return stored.value;
}

const cookieCache = new WeakMap<AppDatabase, Cookie>();
async function sessionCookie(db: AppDatabase): Promise<Cookie> {
  const cached = cookieCache.get(db);
  if (cached) return cached;
  const env = getEnv();
  const cookie = createCookie(SESSION_COOKIE_NAME, {
    httpOnly: true,
    sameSite: "lax",
    // Secure by default in production. The demo runs on plain http://localhost, where Safari
    // would drop a Secure cookie, so demo mode leaves it off unless COOKIE_SECURE=1.
    secure: env.COOKIE_SECURE ?? (env.NODE_ENV === "production" && !env.KOLLEGA_DEMO),
    path: "/",
    secrets: [await sessionSecret(db)],
  });
  cookieCache.set(db, cookie);
  return cookie;
}

function ttlMs() {
  return getEnv().SESSION_TTL_HOURS * 3600_000;
}

/** Starts a session and returns the Set-Cookie header value. */
export async function createSession(
  db: AppDatabase,
  { userId, ip, userAgent }: { userId: number; ip: string | null; userAgent: string | null },
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await db
    .insertInto("sessions")
    .values({
      id: hashToken(token),
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ttlMs()).toISOString(),
      ip,
      user_agent: userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return (await sessionCookie(db)).serialize(token);
}

async function tokenFrom(db: AppDatabase, request: Request): Promise<string | null> {
  return tokenFromHeader(db, request.headers.get("Cookie"));
}

async function tokenFromHeader(db: AppDatabase, header: string | null | undefined): Promise<string | null> {
  if (!header || !header.includes(SESSION_COOKIE_NAME)) return null;
  const value = await (await sessionCookie(db)).parse(header);
  return typeof value === "string" && value.length > 0 && value.length < 200 ? value : null;
}

/** The database id of the request's session (the token's hash), or null without a session cookie. */
export async function currentSessionId(db: AppDatabase, request: Request): Promise<string | null> {
  const token = await tokenFrom(db, request);
  return token ? hashToken(token) : null;
}

/** The user id of a live session, extending its idle expiry; null when absent or expired. */
export async function getSessionUserId(db: AppDatabase, request: Request): Promise<number | null> {
  return getSessionUserIdFromCookie(db, request.headers.get("Cookie"));
}

/**
 * The same for a bare Cookie header: the JSON autosave endpoint in Express (decision 023) checks
 * the session without building a Fetch Request first.
 */
/** Compiled once: every signed-in request reads its session (db/compiled-once.ts). */
const sessionById = compiledOnce((db, v: { id: string }) => db.selectFrom("sessions").selectAll().where("id", "=", v.id));

export async function getSessionUserIdFromCookie(db: AppDatabase, cookieHeader: string | null | undefined): Promise<number | null> {
  const token = await tokenFromHeader(db, cookieHeader);
  if (!token) return null;
  const id = hashToken(token);
  const session = await sessionById.executeTakeFirst(db, { id });
  if (!session) return null;
  const now = Date.now();
  const expired =
    Date.parse(session.expires_at) <= now || Date.parse(session.created_at) + ABSOLUTE_LIFETIME_MS <= now;
  if (expired) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }
  if (now - Date.parse(session.last_seen_at) > TOUCH_INTERVAL_MS) {
    await db
      .updateTable("sessions")
      .set({ last_seen_at: new Date(now).toISOString(), expires_at: new Date(now + ttlMs()).toISOString() })
      .where("id", "=", id)
      .execute();
  }
  return session.user_id;
}

/** Ends the request's session (if any) and returns a Set-Cookie header that clears the cookie. */
export async function destroySession(db: AppDatabase, request: Request): Promise<string> {
  const token = await tokenFrom(db, request);
  if (token) await db.deleteFrom("sessions").where("id", "=", hashToken(token)).execute();
  return (await sessionCookie(db)).serialize("", { maxAge: 0, expires: new Date(0) });
}

export async function pruneExpiredSessions(db: AppDatabase, now = new Date()) {
  await db.deleteFrom("sessions").where("expires_at", "<=", now.toISOString()).execute();
}
