import { beforeEach, describe, expect, it } from "vitest";
import { selectArrays } from "#db/connection";
import { useFreshDatabase } from "../db";

let handle: ReturnType<typeof useFreshDatabase>;
beforeEach(() => {
  handle = useFreshDatabase();
});

describe("selectArrays", () => {
  const unitsQuery = (db: typeof handle.db) => db.selectFrom("units").select(["id", "code", "kind"]).where("kind", "=", "county").orderBy("code");

  it("answers the rows Kysely answers, as arrays in the selected column order", async () => {
    const { db } = handle;
    const objects = await unitsQuery(db).execute();
    const arrays = await selectArrays<[number, string, string]>(db, unitsQuery(db));
    expect(objects.length).toBe(21);
    expect(arrays).toEqual(objects.map((row) => [row.id, row.code, row.kind]));
    // A second call reuses the prepared statement and still binds the new parameters.
    const nodes = await selectArrays<[number, string, string]>(db, db.selectFrom("units").select(["id", "code", "kind"]).where("kind", "=", "node"));
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((row) => row[2] === "node")).toBe(true);
  });

  it("gives the same answer inside a transaction, where it goes through Kysely", async () => {
    const { db } = handle;
    const outside = await selectArrays<[number, string, string]>(db, unitsQuery(db));
    const inside = await db.transaction().execute((trx) => selectArrays<[number, string, string]>(trx, unitsQuery(trx)));
    expect(inside).toEqual(outside);
  });
});
