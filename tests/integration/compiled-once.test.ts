import { beforeEach, describe, expect, it } from "vitest";
import { compiledOnce } from "#db/compiled-once";
import { selectArrays } from "#db/connection";
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

describe("queries run past Kysely's executor (directStatement, decision 027)", () => {
  /**
   * A transaction that inserts a setting, waits until `release` is called, then rolls back: while it
   * waits, a query on the database itself must wait for it (through Kysely, whose connection the
   * transaction holds), not run inside it on the shared connection and read the uncommitted row.
   */
  async function whileATransactionIsOpen(db: ReturnType<typeof useFreshDatabase>["db"], read: () => Promise<unknown[]>) {
    let inserted!: () => void;
    let release!: () => void;
    const insertDone = new Promise<void>((resolve) => (inserted = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transaction = db
      .transaction()
      .execute(async (trx) => {
        try {
          await trx.insertInto("settings").values({ key: "uncommitted", value: "not saved" }).execute();
        } finally {
          inserted();
        }
        await gate;
        throw new Error("rolled back on purpose");
      })
      .catch((error: Error) => error.message);
    await insertDone;
    const reading = read();
    release();
    expect(await transaction).toBe("rolled back on purpose");
    return reading;
  }

  it("a compiled-once read waits for an open transaction instead of reading its uncommitted rows", async () => {
    const { db } = handle;
    const settingByKey = compiledOnce((qb, v: { key: string }) => qb.selectFrom("settings").select("value").where("key", "=", v.key));
    expect(await settingByKey.execute(db, { key: "uncommitted" })).toEqual([]);
    expect(await whileATransactionIsOpen(db, () => settingByKey.execute(db, { key: "uncommitted" }))).toEqual([]);
  });

  it("an array read waits the same way", async () => {
    const { db } = handle;
    const query = db.selectFrom("settings").select("value").where("key", "=", "uncommitted");
    expect(await whileATransactionIsOpen(db, () => selectArrays(db, query))).toEqual([]);
  });

  it("a compiled-once write outside a transaction is saved at once, and inside one is undone with it", async () => {
    const { db } = handle;
    const rename = compiledOnce((qb, v: { code: string; name: string }) => qb.updateTable("units").set({ name_en: v.name }).where("code", "=", v.code));
    const nameOf = async (code: string) => (await db.selectFrom("units").select("name_en").where("code", "=", code).executeTakeFirstOrThrow()).name_en;
    const code = (await db.selectFrom("units").select("code").where("kind", "=", "county").executeTakeFirstOrThrow()).code;
    expect(await rename.execute(db, { code, name: "Renamed directly" })).toEqual([]);
    expect(await nameOf(code)).toBe("Renamed directly");
    await expect(
      db.transaction().execute(async (trx) => {
        await rename.execute(trx, { code, name: "Renamed, then undone" });
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(await nameOf(code)).toBe("Renamed directly");
  });
});
