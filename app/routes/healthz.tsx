/** Liveness and readiness: 200 when the database answers, 503 otherwise. No sign-in needed. */
import { sql } from "kysely";
import { getDb } from "~/utils/db.server";

export async function loader() {
  try {
    await sql`select 1`.execute(getDb());
    return Response.json({ status: "ok", database: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "unavailable", database: "error" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
