import { beforeEach, describe, expect, it } from "vitest";
import { compiledOnce } from "#db/compiled-once";
import { useFreshDatabase } from "../db";

let handle: ReturnType<typeof useFreshDatabase>;
beforeEach(() => {
  handle = useFreshDatabase();
});

describe("compiledOnce", () => {
  it("runs the query compiled at the first call with each call's values, in and out of a transaction", async () => {
    const { db } = handle;
    const unitsOfKind = compiledOnce((qb, v: { kind: "county" | "node"; from: string }) =>
      qb.selectFrom("units").select(["code", "kind"]).where("kind", "=", v.kind).where("code", ">=", v.from).orderBy("code"),
    );
    const expected = (kind: "county" | "node", from: string) => db.selectFrom("units").select(["code", "kind"]).where("kind", "=", kind).where("code", ">=", from).orderBy("code").execute();
    expect(await unitsOfKind.execute(db, { kind: "county", from: "20" })).toEqual(await expected("county", "20"));
    expect(await unitsOfKind.execute(db, { kind: "node", from: "" })).toEqual(await expected("node", ""));
    expect((await unitsOfKind.execute(db, { kind: "county", from: "" })).length).toBe(21);
    expect(await db.transaction().execute((trx) => unitsOfKind.executeTakeFirst(trx, { kind: "county", from: "25" }))).toEqual((await expected("county", "25"))[0]);
  });

  it("refuses a value that does not become a parameter, or one that changes the query's shape", async () => {
    const { db } = handle;
    const unused = compiledOnce((qb, _v: { kind: string }) => qb.selectFrom("units").select("code"));
    await expect(unused.execute(db, { kind: "county" })).rejects.toThrow(/did not become a parameter/);
    // Deciding the query in JavaScript on a value: caught by the check every call makes under test.
    const shaped = compiledOnce((qb, v: { limit: number }) => (v.limit > 5 ? qb.selectFrom("units").select("code").limit(v.limit) : qb.selectFrom("units").select("code").where("id", "=", v.limit)));
    await expect(shaped.execute(db, { limit: 10 })).rejects.toThrow(/did not become a parameter|depends on its values/);
  });
});
