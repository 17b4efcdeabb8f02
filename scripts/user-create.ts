/**
 * `npm run user:create -- --email a@b.se --name "Namn" [--role admin] [--unit NAT]`
 * Creates a user (by default an administrator at the national level) for a real installation.
 * The password is read from KOLLEGA_PASSWORD or asked for on the terminal.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { openDatabase } from "#db/connection";
import { prepareDatabase } from "#db/prepare";
import { ROLES } from "#db/schema";
import { createUser, DuplicateEmailError } from "~/modules/users/users.server";
import { parseEnv } from "~/utils/env.server";

const ArgsSchema = z.object({
  email: z.email("ange --email med en giltig e-postadress"),
  name: z.string().trim().min(1, "ange --name").max(200),
  role: z.enum(ROLES).default("admin"),
  unit: z.string().min(1).default("NAT"),
});

async function readPassword(): Promise<string> {
  if (process.env.KOLLEGA_PASSWORD) return process.env.KOLLEGA_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const answer = await rl.question("Lösenord (minst 12 tecken): ");
  rl.close();
  return answer;
}

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, unit: { type: "string" } },
});
const args = ArgsSchema.safeParse(values);
if (!args.success) {
  console.error(args.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
  process.exit(2);
}
const password = await readPassword();
if (password.length < 12) {
  console.error("Lösenordet måste ha minst 12 tecken.");
  process.exit(2);
}
const env = parseEnv();
const { db, sqlite } = openDatabase(env.DATABASE_PATH);
await prepareDatabase(db, { demo: env.KOLLEGA_DEMO });
const unit = await db.selectFrom("units").select("id").where("code", "=", args.data.unit).executeTakeFirst();
if (!unit) {
  console.error(`Okänd enhet ${args.data.unit}.`);
  process.exit(2);
}
try {
  const id = await createUser(
    db,
    { email: args.data.email, name: args.data.name, homeUnitId: unit.id, roles: [args.data.role], password },
    { actorUserId: null, ip: "cli" },
  );
  console.log(`Skapade användare ${id} (${args.data.email}, ${args.data.role}).`);
} catch (error) {
  if (error instanceof DuplicateEmailError) {
    console.error(`Det finns redan en användare med e-postadressen ${args.data.email}.`);
    process.exit(2);
  }
  throw error;
} finally {
  sqlite.close();
}
