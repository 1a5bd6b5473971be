import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSilentLogger } from "../logger.ts";
import { createPgliteDataDir, type PgliteDataDir } from "../testing/createPgliteDataDir.ts";
import { createTestDatabase, type TestDatabase } from "../testing/createTestDatabase.ts";
import { runExitFixture } from "../testing/runFixture.ts";
import { type Database, DatabaseOpenError, DatabaseUsageError } from "./database.ts";
import { openDatabase, redactDatabaseUrl } from "./openDatabase.ts";

const logger = createSilentLogger();
const DATABASE_URL = process.env.DATABASE_URL;

const INT8_MAX = 2n ** 63n - 1n;
const INT8_MIN = -(2n ** 63n);
const UINT256_MAX = (2n ** 256n - 1n).toString(); // 78 digits

function isPlainUint8Array(value: unknown): boolean {
  return value instanceof Uint8Array && Object.getPrototypeOf(value) === Uint8Array.prototype;
}

/** The behaviour both backends must share. `getDb` is read when the tests run. */
function sharedBehaviour(getDb: () => Database): void {
  it("round-trips int8 at the edges of its range as bigint", async () => {
    const db = getDb();
    await db.query("CREATE TABLE ints (v int8 NOT NULL)");
    const values = [INT8_MAX, INT8_MAX - 1n, INT8_MIN, 0n, -1n, 2n ** 53n + 1n];
    for (const v of values) await db.query("INSERT INTO ints (v) VALUES ($1)", [v]);
    const { rows } = await db.query<{ v: bigint }>("SELECT v FROM ints ORDER BY v");
    assert.deepEqual(
      rows.map((r) => r.v),
      [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    const count = await db.query<{ n: bigint }>("SELECT count(*) AS n FROM ints");
    assert.equal(count.rows[0]?.n, BigInt(values.length));
    await assert.rejects(db.query("SELECT $1::int8", [INT8_MAX + 1n]), { code: "22003" });
  });

  it("round-trips bytea as a plain Uint8Array", async () => {
    const db = getDb();
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const { rows } = await db.query<{ a: Uint8Array; e: Uint8Array; n: null }>(
      "SELECT $1::bytea AS a, $2::bytea AS e, NULL::bytea AS n",
      [all, new Uint8Array(0)],
    );
    assert.ok(isPlainUint8Array(rows[0]?.a));
    assert.deepEqual(rows[0]?.a, all);
    assert.deepEqual(rows[0]?.e, new Uint8Array(0));
    assert.equal(rows[0]?.n, null);
  });

  it("round-trips numeric of 78 digits exactly, as a string", async () => {
    const db = getDb();
    await db.query("CREATE TABLE amounts (v numeric(78, 0) NOT NULL)");
    await db.query("INSERT INTO amounts (v) VALUES ($1), ($2)", [UINT256_MAX, 2n ** 255n]);
    const { rows } = await db.query<{ v: string }>("SELECT v FROM amounts ORDER BY v DESC");
    assert.deepEqual(
      rows.map((r) => r.v),
      [UINT256_MAX, (2n ** 255n).toString()],
    );
    assert.equal(BigInt(rows[0]!.v), 2n ** 256n - 1n);
    const sum = await db.query<{ s: string }>("SELECT sum(v) AS s FROM amounts");
    assert.equal(sum.rows[0]?.s, (2n ** 256n - 1n + 2n ** 255n).toString());
    const frac = await db.query<{ f: string }>("SELECT '0.000000000000000000000000000001'::numeric AS f");
    assert.equal(frac.rows[0]?.f, "0.000000000000000000000000000001");
  });

  it("parses int8[], numeric[] and bytea[] element by element", async () => {
    const db = getDb();
    const { rows } = await db.query<{ i: (bigint | null)[]; n: string[]; b: Uint8Array[] }>(
      "SELECT $1::int8[] AS i, $2::numeric[] AS n, $3::bytea[] AS b",
      [
        [INT8_MAX, null, -5n],
        [UINT256_MAX, "1.5"],
        [Uint8Array.of(1, 2), Uint8Array.of()],
      ],
    );
    assert.deepEqual(rows[0]?.i, [INT8_MAX, null, -5n]);
    assert.deepEqual(rows[0]?.n, [UINT256_MAX, "1.5"]);
    assert.deepEqual(rows[0]?.b, [Uint8Array.of(1, 2), Uint8Array.of()]);
  });

  it("commits a transaction and returns its result", async () => {
    const db = getDb();
    await db.query("CREATE TABLE kv (k text PRIMARY KEY, v int4 NOT NULL)");
    const out = await db.transaction(async (tx) => {
      await tx.query("INSERT INTO kv VALUES ('a', 1), ('b', 2)");
      const r = await tx.query("UPDATE kv SET v = v + 10");
      return r.rowCount;
    });
    assert.equal(out, 2);
    const { rows } = await db.query<{ k: string; v: number }>("SELECT k, v FROM kv ORDER BY k");
    assert.deepEqual(rows, [
      { k: "a", v: 11 },
      { k: "b", v: 12 },
    ]);
  });

  it("rolls a transaction back when its callback throws, and rethrows the error", async () => {
    const db = getDb();
    await db.query("CREATE TABLE rb (v int4 PRIMARY KEY)");
    const boom = new Error("boom");
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO rb VALUES (1)");
        throw boom;
      }),
      (e) => e === boom,
    );
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO rb VALUES (2)");
        await tx.query("INSERT INTO rb VALUES (2)");
      }),
      { code: "23505" },
    );
    const { rowCount } = await db.query("SELECT * FROM rb");
    assert.equal(rowCount, 0);
    // The connection is usable afterwards (not left in an aborted transaction).
    await db.transaction((tx) => tx.query("INSERT INTO rb VALUES (3)"));
    assert.equal((await db.query("SELECT * FROM rb")).rowCount, 1);
  });

  it("refuses the database itself inside a transaction callback, and tx after its end", async () => {
    const db = getDb();
    let leaked: { query: (sql: string) => Promise<unknown> } | undefined;
    await assert.rejects(
      db.transaction(async (tx) => {
        leaked = tx;
        await db.query("SELECT 1");
      }),
      DatabaseUsageError,
    );
    await assert.rejects(
      db.transaction(() => db.transaction(async () => {})),
      DatabaseUsageError,
    );
    await assert.rejects(leaked!.query("SELECT 1"), DatabaseUsageError);
  });

  it("answers many concurrent queries and transactions correctly", async () => {
    const db = getDb();
    await db.query(
      "CREATE TABLE counter (id int4 PRIMARY KEY, n int8 NOT NULL); INSERT INTO counter VALUES (1, 0)",
    );
    await db.query("CREATE TABLE log (i int4 NOT NULL)");
    const queries = Array.from({ length: 200 }, (_, i) =>
      db.query<{ v: bigint }>("SELECT $1::int8 * 2 AS v", [BigInt(i)]).then((r) => r.rows[0]?.v),
    );
    const transactions = Array.from({ length: 40 }, (_, i) =>
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO log (i) VALUES ($1)", [i]);
        const r = await tx.query<{ n: bigint }>("UPDATE counter SET n = n + 1 WHERE id = 1 RETURNING n");
        return r.rows[0]?.n;
      }),
    );
    const [answers, counts] = await Promise.all([Promise.all(queries), Promise.all(transactions)]);
    assert.deepEqual(
      answers,
      Array.from({ length: 200 }, (_, i) => BigInt(i) * 2n),
    );
    assert.deepEqual(
      [...counts].sort((a, b) => Number(a! - b!)),
      Array.from({ length: 40 }, (_, i) => BigInt(i + 1)),
    );
    assert.equal((await db.query("SELECT * FROM log")).rowCount, 40);
  });

  it("returns the last result of a multi-statement query", async () => {
    const { rows, rowCount } = await getDb().query<{ x: number }>(
      "SELECT 1 AS x; SELECT 2 AS x UNION SELECT 3",
    );
    assert.equal(rowCount, 2);
    assert.deepEqual(rows.map((r) => r.x).sort(), [2, 3]);
  });
}

describe("openDatabase with PGlite (dataDir)", () => {
  let dir: PgliteDataDir;
  let db: Database;
  before(async () => {
    dir = await createPgliteDataDir();
    db = await openDatabase({ dataDir: dir.dataDir, logger });
  });
  after(async () => {
    await db?.close();
    await dir?.remove();
  });

  it("is PGlite", () => assert.equal(db.kind, "pglite"));

  it("refuses to open a data directory that is already open", async () => {
    await assert.rejects(openDatabase({ dataDir: dir.dataDir, logger }), /in use by this process/);
  });
  sharedBehaviour(() => db);

  it("keeps its data across a restart of the dataDir, and lets the process exit after close", async () => {
    await db.query("CREATE TABLE kept (v bytea NOT NULL, n int8 NOT NULL)");
    await db.query("INSERT INTO kept VALUES ($1, $2)", [Uint8Array.of(0xca, 0xfe), INT8_MAX]);
    await db.close();
    await db.close(); // idempotent
    await assert.rejects(db.query("SELECT 1"), DatabaseUsageError);
    db = await openDatabase({ dataDir: dir.dataDir, logger });
    const { rows } = await db.query<{ v: Uint8Array; n: bigint }>("SELECT v, n FROM kept");
    assert.deepEqual(rows, [{ v: Uint8Array.of(0xca, 0xfe), n: INT8_MAX }]);
    await db.close();
    // A separate process opens the same dataDir, queries, closes and must exit on its own.
    assert.deepEqual(await runExitFixture(["db", "pglite", dir.dataDir]), {
      kind: "pglite",
      ok: true,
    });
  });
});

describe("openDatabase with PostgreSQL", {
  skip: DATABASE_URL === undefined && "DATABASE_URL is not set",
}, () => {
  let testDb: TestDatabase;
  let db: Database;
  before(async () => {
    testDb = await createTestDatabase(DATABASE_URL!, "db");
    db = await openDatabase({ url: testDb.url, logger });
  });
  after(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it("is PostgreSQL", () => assert.equal(db.kind, "postgres"));
  sharedBehaviour(() => db);

  it("fails to open with DatabaseOpenError on an unreachable server, hiding the password", async () => {
    const url = "postgres://u:secret@127.0.0.1:1/none";
    await assert.rejects(openDatabase({ url, logger }), (e: unknown) => {
      assert.ok(e instanceof DatabaseOpenError);
      assert.doesNotMatch(e.message, /secret/);
      return true;
    });
    assert.equal(redactDatabaseUrl(url), "postgres://u:***@127.0.0.1:1/none");
  });

  it("lets the process exit after close", async () => {
    assert.deepEqual(await runExitFixture(["db", "postgres", testDb.url]), { kind: "postgres", ok: true });
  });
});
