/** Recorded sign-in attempts, the input of the throttling policy in throttle.ts. */
import type { AppDatabase } from "#db/connection";
import { windowStart, type FailureCounts } from "./throttle";

export async function countRecentFailures(
  db: AppDatabase,
  { email, ip, now = new Date() }: { email: string; ip: string; now?: Date },
): Promise<FailureCounts> {
  const since = windowStart(now);
  const lastSuccess = await db
    .selectFrom("login_attempts")
    .select((eb) => eb.fn.max("attempted_at").as("at"))
    .where("email", "=", email)
    .where("succeeded", "=", 1)
    .executeTakeFirst();
  const accountSince = lastSuccess?.at && lastSuccess.at > since ? lastSuccess.at : since;
  const account = await db
    .selectFrom("login_attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("email", "=", email)
    .where("succeeded", "=", 0)
    .where("attempted_at", ">", accountSince)
    .executeTakeFirstOrThrow();
  const byIp = await db
    .selectFrom("login_attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("ip", "=", ip)
    .where("succeeded", "=", 0)
    .where("attempted_at", ">", since)
    .executeTakeFirstOrThrow();
  return { accountFailures: Number(account.n), ipFailures: Number(byIp.n) };
}

export async function recordLoginAttempt(
  db: AppDatabase,
  { email, ip, succeeded, now = new Date() }: { email: string; ip: string; succeeded: boolean; now?: Date },
) {
  await db
    .insertInto("login_attempts")
    .values({ email, ip, succeeded: succeeded ? 1 : 0, attempted_at: now.toISOString() })
    .execute();
}

/** Attempts older than a day carry no information for the policy. */
export async function pruneLoginAttempts(db: AppDatabase, now = new Date()) {
  await db
    .deleteFrom("login_attempts")
    .where("attempted_at", "<", new Date(now.getTime() - 24 * 3600_000).toISOString())
    .execute();
}
