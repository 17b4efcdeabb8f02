/** `npm run db:seed`: migrations, reference data, manuals and (in demo mode) demo accounts. */
import { openDatabase } from "#db/connection";
import { prepareDatabase } from "#db/prepare";
import { parseEnv } from "~/utils/env.server";

const env = parseEnv();
const { db, sqlite, path } = openDatabase(env.DATABASE_PATH);
const result = await prepareDatabase(db, { demo: env.KOLLEGA_DEMO });
console.log(`Databasen ${path} är klar.`, result.demoUsersCreated ? "Demokonton skapade." : "");
sqlite.close();
