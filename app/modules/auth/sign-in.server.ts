/**
 * Signing in: throttling first, then a constant-time password check, then a new session. Bad
 * credentials and unknown or deactivated accounts get the same answer.
 */
import { getDb } from "~/utils/db.server";
import { writeAudit } from "../audit/audit.server";
import { findUserForSignIn, normalizeEmail } from "../users/users.server";
import { countRecentFailures, recordLoginAttempt } from "./login-attempts.server";
import { verifyAgainstDummy, verifyPassword } from "./password.server";
import { createSession } from "./session.server";
import { isThrottled } from "./throttle";

export type SignInResult = { ok: true; userId: number; setCookie: string } | { ok: false; reason: "invalid" | "throttled" };

export async function signIn({
  email,
  password,
  ip,
  userAgent,
}: {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
}): Promise<SignInResult> {
  const db = getDb();
  const normalized = normalizeEmail(email);
  if (isThrottled(await countRecentFailures(db, { email: normalized, ip }))) {
    await recordLoginAttempt(db, { email: normalized, ip, succeeded: false });
    return { ok: false, reason: "throttled" };
  }
  const user = await findUserForSignIn(db, normalized);
  const valid =
    user && user.active === 1 && user.password_hash
      ? await verifyPassword(password, user.password_hash)
      : await verifyAgainstDummy(password);
  if (!user || !valid) {
    await recordLoginAttempt(db, { email: normalized, ip, succeeded: false });
    return { ok: false, reason: "invalid" };
  }
  await recordLoginAttempt(db, { email: normalized, ip, succeeded: true });
  const setCookie = await createSession(db, { userId: user.id, ip, userAgent });
  await writeAudit(db, { actorUserId: user.id, ip }, { action: "session.sign-in", entityType: "user", entityId: user.id });
  return { ok: true, userId: user.id, setCookie };
}
