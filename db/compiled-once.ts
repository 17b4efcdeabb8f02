/**
 * Queries built and compiled by Kysely once, then run many times with new values.
 *
 * Kysely builds an immutable tree for every query and compiles it to SQL on every call. On the
 * autosave path (docs/benchmarks.md, measurement 2) that was a fifth of a save's CPU: more than
 * SQLite took to run the same statements. `compiledOnce` builds the query one time with a marker
 * in place of each named value, remembers where each marker landed among the compiled
 * parameters, and afterwards only puts the values in their places and hands the same SQL to the
 * driver (whose statement cache, db/connection.ts, keeps it prepared); outside a transaction it
 * runs that statement on the connection itself, past Kysely's executor (directStatement).
 *
 * The rule that makes this correct: a value may only be used as a value (a comparison's right
 * side, an inserted or updated column) — never to decide the query's shape in JavaScript (no `if`
 * on it, no array for `in`, no `is null`). The build function enforces part of it: a marker that
 * ends up in the SQL text or not among the parameters throws at the first call, and under
 * NODE_ENV=test every call also builds the query the ordinary way and throws if the SQL or the
 * parameters differ, so the test suite proves each use.
 */
import { CompiledQuery, type Compilable, type Kysely } from "kysely";
import { directStatement } from "./connection";
import type { Database } from "./schema";

/** The named values of a query (an interface or an object type). */
type Values = object;

interface Compiled {
  sql: string;
  /** Per compiled parameter: the name of the value to put there, or the constant compiled in. */
  slots: ({ name: string } | { constant: unknown })[];
}

const MARKER = "\u0000kollega-value:";

export interface CompiledOnceQuery<V extends Values, Row> {
  /** All rows. */
  execute(db: Kysely<Database>, values: V): Promise<Row[]>;
  /** The first row, or undefined. */
  executeTakeFirst(db: Kysely<Database>, values: V): Promise<Row | undefined>;
}

export function compiledOnce<V extends Values, Row>(build: (db: Kysely<Database>, values: V) => Compilable<Row>): CompiledOnceQuery<V, Row> {
  let compiled: Compiled | null = null;

  function compileWithMarkers(db: Kysely<Database>, names: string[]): Compiled {
    const markers = Object.fromEntries(names.map((name) => [name, `${MARKER}${name}`])) as unknown as V;
    const query = build(db, markers).compile();
    if (query.sql.includes(MARKER)) throw new Error("compiledOnce: a value was compiled into the SQL text, not passed as a parameter");
    const slots = query.parameters.map((parameter) =>
      typeof parameter === "string" && parameter.startsWith(MARKER) ? { name: parameter.slice(MARKER.length) } : { constant: parameter },
    );
    const used = new Set(slots.flatMap((slot) => ("name" in slot ? [slot.name] : [])));
    const unused = names.filter((name) => !used.has(name));
    if (unused.length) throw new Error(`compiledOnce: ${unused.join(", ")} did not become a parameter of the query`);
    return { sql: query.sql, slots };
  }

  async function run(db: Kysely<Database>, values: V): Promise<Row[]> {
    compiled ??= compileWithMarkers(db, Object.keys(values));
    const named = values as Record<string, unknown>;
    const parameters = compiled.slots.map((slot) => ("name" in slot ? named[slot.name] : slot.constant));
    if (process.env.NODE_ENV === "test") {
      const fresh = build(db, values).compile();
      if (fresh.sql !== compiled.sql || JSON.stringify(fresh.parameters) !== JSON.stringify(parameters)) {
        throw new Error(`compiledOnce: the query's shape depends on its values:\n${fresh.sql}\n${compiled.sql}`);
      }
    }
    // Outside a transaction, straight on the connection (directStatement, decision 027); a write
    // run this way answers no rows, as Kysely's does.
    const statement = directStatement(db, compiled.sql);
    if (statement) {
      if (statement.reader) return statement.all(...parameters) as Row[];
      statement.run(...parameters);
      return [];
    }
    const result = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
    return result.rows;
  }

  return {
    execute: run,
    async executeTakeFirst(db, values) {
      return (await run(db, values))[0];
    },
  };
}
