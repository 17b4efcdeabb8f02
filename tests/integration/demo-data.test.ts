/** The demo data of product.md, seeded by `npm start` into an empty database in demo mode. */
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openDatabase } from "#db/connection";
import { prepareDatabase } from "#db/prepare";
import { getStoredSnapshot } from "~/modules/feedback/publish.server";
import { loadRelatedEvidence } from "~/modules/national/related-evidence.server";
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
  it("has the rounds of product.md with reviews in every stage and frozen published snapshots", async () => {
    const { db, sqlite } = await seededDatabase();
    const rounds = await db.selectFrom("rounds").select(["id", "name", "synthetic"]).orderBy("id").execute();
    expect(rounds.map((r) => r.name)).toEqual(["Länsgranskning 2025", "Länsgranskning 2026", "Nodgranskning 2026", "Nationell granskning 2026"]);
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
    const publishedNodes = nodes.filter((r) => r.stage === "published");
    expect(publishedNodes.map((r) => r.unitCode).sort()).toEqual(["NOD-SOCINV-NORRKOPING", "NOD-SOCINV-OREBRO"]);
    for (const review of publishedNodes) expect((await getStoredSnapshot(db, review.id))?.intact, review.unitCode).toBe(true);
    sqlite.close();
  });

  it("has the national level's review by the QA working group in analysis, with county and node results beside its criteria", async () => {
    const { db, sqlite } = await seededDatabase();
    const round = await db.selectFrom("rounds").selectAll().where("name", "=", "Nationell granskning 2026").executeTakeFirstOrThrow();
    const [review] = await listRoundReviews(db, round.id);
    expect(review).toMatchObject({ unitCode: "NAT", stage: "analysis", selfAssessmentSubmitted: true });
    expect(new Set(review!.team.map((m) => m.homeUnitKind))).toEqual(new Set(["county", "node", "national"]));
    expect(review!.team.find((m) => m.isLead)?.email).toBe("granskare.stockholm@kollega.test");
    expect(review!.issues.filter((i) => i.severity !== "override")).toEqual([]);

    const evidence = await loadRelatedEvidence(db, { level: "national", manualVersionId: round.manual_version_id, showNames: true });
    const county = evidence["n2c-1-implementation-capacity"]![0]!;
    const node = evidence["n3b-7-nodes-convey-knowledge"]![0]!;
    // The latest county round with published reviews is 2026, five of its reviews published so far.
    expect(county.round).toMatchObject({ name: "Länsgranskning 2026", publishedReviews: 5 });
    expect(node.round).toMatchObject({ name: "Nodgranskning 2026", publishedReviews: 2 });
    for (const level of [county, node]) {
      expect(level.synthetic).toBe(true);
      for (const criterion of level.criteria) {
        const total = criterion.steps.reduce((sum, s) => sum + s.count, 0) + criterion.cannotAssess + criterion.unscored;
        expect(total, criterion.key).toBe(level.round!.publishedReviews);
        expect(criterion.gapUnits).toHaveLength(criterion.gapCount);
      }
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
    expect(await tasksOf("nationell@kollega.test")).toEqual(expect.arrayContaining(["tasks.teamNeeded", "tasks.scoring"]));
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
