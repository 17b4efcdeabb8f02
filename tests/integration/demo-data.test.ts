/** The demo data of product.md, seeded by `npm start` into an empty database in demo mode. */
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openDatabase } from "#db/connection";
import { prepareDatabase } from "#db/prepare";
import { getStoredSnapshot } from "~/modules/feedback/publish.server";
import { listRoundReviews } from "~/modules/reviews/round-repository.server";
import { listTasks } from "~/modules/reviews/tasks.server";
import { getActiveUser } from "~/modules/users/users.server";
import { ARTIFACTS_DIR } from "../setup/paths";

async function seededDatabase() {
  const opened = openDatabase(path.join(ARTIFACTS_DIR, "db", `${randomUUID()}.sqlite`));
  const result = await prepareDatabase(opened.db, { demo: true });
  expect(result.demoReviewsCreated).toBe(true);
  return opened;
}

describe("demo data", () => {
  it("has the three rounds of product.md with reviews in every stage and frozen published snapshots", async () => {
    const { db, sqlite } = await seededDatabase();
    const rounds = await db.selectFrom("rounds").select(["id", "name", "synthetic"]).orderBy("id").execute();
    expect(rounds.map((r) => r.name)).toEqual(["Länsgranskning 2025", "Länsgranskning 2026", "Nodgranskning 2026"]);
    expect(rounds.every((r) => r.synthetic === 1)).toBe(true);

    const r2025 = await listRoundReviews(db, rounds[0]!.id);
    expect(r2025).toHaveLength(21);
    expect(r2025.every((r) => r.stage === "published")).toBe(true);
    for (const review of r2025) {
      const stored = await getStoredSnapshot(db, review.id);
      expect(stored?.intact, review.unitCode).toBe(true);
      expect(review.issues.filter((i) => i.severity !== "override")).toEqual([]);
    }

    const r2026 = await listRoundReviews(db, rounds[1]!.id);
    expect(new Set(r2026.map((r) => r.stage))).toEqual(new Set(["planned", "gathering", "analysis", "assessment", "feedback", "factual_check", "published"]));
    // Five published 2026 reviews on manual v2, each with its snapshot and a consensus score on
    // every criterion: the trends across the v1 → v2 change and the unit view have data.
    const published2026 = r2026.filter((r) => r.stage === "published");
    expect(published2026.map((r) => r.unitCode).sort()).toEqual(["05", "06", "22", "23", "24"]);
    for (const review of published2026) {
      expect((await getStoredSnapshot(db, review.id))?.intact, review.unitCode).toBe(true);
      const consensus = await db.selectFrom("consensus_scores").select("criterion_id").where("review_id", "=", review.id).execute();
      expect(consensus, review.unitCode).toHaveLength(24);
    }
    for (const review of r2026.filter((r) => r.team.length > 0)) {
      expect(review.team.some((m) => m.homeUnitId === review.unitId), review.unitCode).toBe(false);
    }

    const nodes = await listRoundReviews(db, rounds[2]!.id);
    for (const review of nodes.filter((r) => r.team.length > 0)) {
      expect(review.team.some((m) => m.homeUnitKind === "national"), review.unitCode).toBe(true);
    }
    sqlite.close();
  });

  it("gives every demo role something to do", async () => {
    const { db, sqlite } = await seededDatabase();
    const tasksOf = async (email: string) => {
      const { id } = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
      return (await listTasks(db, (await getActiveUser(db, id))!)).map((t) => t.kind);
    };
    expect(await tasksOf("kontakt.uppsala@kollega.test")).toContain("tasks.selfAssessment");
    expect(await tasksOf("kontakt.stockholm@kollega.test")).toEqual(expect.arrayContaining(["tasks.factualCheck", "tasks.answer"]));
    expect(await tasksOf("granskare.skane@kollega.test")).toContain("tasks.scoring");
    expect(await tasksOf("granskare.stockholm@kollega.test")).toContain("tasks.feedback");
    expect(await tasksOf("nationell@kollega.test")).toContain("tasks.teamNeeded");
    sqlite.close();
  });

  it("is the same on every run", async () => {
    const first = await seededDatabase();
    const second = await seededDatabase();
    const hashes = (sqlite: typeof first.sqlite) => sqlite.prepare("select snapshot_hash from reviews where stage = 'published' order by id").all();
    expect(hashes(second.sqlite)).toEqual(hashes(first.sqlite));
    // The synthetic Kolada values (decision 014) too, all marked as such.
    const kolada = (sqlite: typeof first.sqlite) => sqlite.prepare("select kpi_id, municipality_id, period, value, synthetic from kolada_values order by 1, 2, 3").all();
    expect(kolada(first.sqlite).length).toBe(4 * 22 * 6);
    expect(kolada(second.sqlite)).toEqual(kolada(first.sqlite));
    expect(kolada(first.sqlite).every((row: any) => row.synthetic === 1)).toBe(true);
    first.sqlite.close();
    second.sqlite.close();
    // Seeds the whole demo twice: give it room on a busy two-core machine.
  }, 60_000);
});
