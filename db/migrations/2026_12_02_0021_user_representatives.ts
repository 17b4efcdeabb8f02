/**
 * Who may fill a team's user-representative seat (brukarföreträdare): a property of the person,
 * not of one membership, so "Propose teams" can seat one in every team of a round that requires
 * it (decision 021). The seat itself stays `review_team_members.is_user_representative`.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("user_representative", "integer", (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").dropColumn("user_representative").execute();
}
