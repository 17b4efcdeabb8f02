/**
 * Runs kysely's Migrator. Migrations are imported statically (not read from a folder at run
 * time) so the same list works under tsx, vitest and the bundled Remix server build.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from "kysely";
import * as foundation from "./migrations/2026_11_25_0001_foundation";
import * as manuals from "./migrations/2026_11_25_0002_manuals";
import * as reviews from "./migrations/2026_11_25_0003_reviews";
import * as factualCommentVersions from "./migrations/2026_11_25_0006_factual_comment_versions";
import * as kolada from "./migrations/2026_12_02_0014_kolada";
import * as userRepresentatives from "./migrations/2026_12_02_0021_user_representatives";
import * as aggregationIndexes from "./migrations/2026_12_02_0022_aggregation_indexes";
import * as reviewPdfRenders from "./migrations/2026_12_02_0024_review_pdf_renders";

const migrations: Record<string, Migration> = {
  "2026_11_25_0001_foundation": foundation,
  "2026_11_25_0002_manuals": manuals,
  "2026_11_25_0003_reviews": reviews,
  "2026_11_25_0006_factual_comment_versions": factualCommentVersions,
  "2026_12_02_0014_kolada": kolada,
  "2026_12_02_0021_user_representatives": userRepresentatives,
  "2026_12_02_0022_aggregation_indexes": aggregationIndexes,
  "2026_12_02_0024_review_pdf_renders": reviewPdfRenders,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(`Migration ${failed?.migrationName ?? "?"} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
