/** `npm run db:migrate`: brings DATABASE_PATH to the latest schema. */
import { openDatabase } from "#db/connection";
import { migrateToLatest } from "#db/migrate";
import { parseEnv } from "~/utils/env.server";

const { db, sqlite, path } = openDatabase(parseEnv().DATABASE_PATH);
const applied = await migrateToLatest(db);
console.log(applied.length ? `Körde ${applied.join(", ")} på ${path}` : `${path} är redan på senaste schemat.`);
sqlite.close();
