import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { createSilentLogger } from "../logger.ts";
import { createTestDatabase, type TestDatabase } from "../testing/createTestDatabase.ts";
import type { Database } from "./database.ts";
import { type Migration, MigrationError, migrate, migrationChecksum } from "./migrate.ts";
import { openDatabase } from "./openDatabase.ts";

const logger = createSilentLogger();
const DATABASE_URL = process.env.DATABASE_URL;

const M1: Migration = {
  id: 1,
  name: "accounts",
  sql: "CREATE TABLE accounts (address bytea PRIMARY KEY, nonce int8 NOT NULL)",
};
const M2: Migration = {
  id: 2,
  name: "blocks",
  sql: "CREATE TABLE blocks (number int8 PRIMARY KEY, hash bytea NOT NULL); CREATE INDEX blocks_hash ON blocks (hash)",
};
const M3: Migration = {
  id: 3,
  name: "balances",
  sql: "ALTER TABLE accounts ADD COLUMN balance numeric(78, 0)",
};

async function tables(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ t: string }>(
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  return rows.map((r) => r.t);
}

function sharedBehaviour(getDb: () => Database): void {
  beforeEach(async () => {
    await getDb().query("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  });

  it("applies each migration once, in order, and records its checksum", async () => {
    const db = getDb();
    assert.deepEqual(await migrate(db, [M1, M2], { logger }), { applied: [1, 2] });
    assert.deepEqual(await migrate(db, [M1, M2]), { applied: [] });
    assert.deepEqual(await migrate(db, [M1, M2, M3]), { applied: [3] });
    assert.deepEqual(await tables(db), ["accounts", "blocks", "schema_migrations"]);
    const { rows } = await db.query<{ id: number; name: string; checksum: string }>(
      "SELECT id, name, checksum FROM schema_migrations ORDER BY id",
    );
    assert.deepEqual(
      rows,
      [M1, M2, M3].map((m) => ({ id: m.id, name: m.name, checksum: migrationChecksum(m) })),
    );
  });

  it("refuses a list with a gap or out of order, before changing anything", async () => {
    const db = getDb();
    await assert.rejects(migrate(db, [M1, M3]), /position 2 holds id 3/);
    await assert.rejects(migrate(db, [M2, M1]), MigrationError);
    assert.deepEqual(await tables(db), []);
  });

  it("refuses a migration changed after it was applied, and a database migrated by newer code", async () => {
    const db = getDb();
    await migrate(db, [M1, M2]);
    await assert.rejects(migrate(db, [M1, { ...M2, sql: `${M2.sql};` }, M3]), /migration 2 was changed/);
    await assert.rejects(migrate(db, [M1, { ...M2, name: "renamed" }]), /migration 2 was changed/);
    await assert.rejects(migrate(db, [M1]), /newer version/);
    assert.deepEqual(await tables(db), ["accounts", "blocks", "schema_migrations"]); // M3 not applied
  });

  it("rolls a failing migration back whole and keeps the ones before it", async () => {
    const db = getDb();
    const bad: Migration = {
      id: 2,
      name: "bad",
      sql: "CREATE TABLE half (x int4); SELECT no_such_function()",
    };
    await assert.rejects(migrate(db, [M1, bad]), (e: unknown) => {
      assert.ok(e instanceof MigrationError);
      assert.match(e.message, /migration 2 \(bad\) failed/);
      assert.equal((e.cause as { code?: string }).code, "42883");
      return true;
    });
    assert.deepEqual(await tables(db), ["accounts", "schema_migrations"]);
    assert.deepEqual(await migrate(db, [M1, M2]), { applied: [2] });
  });

  it("applies each migration once when several migrators start together", async () => {
    const db = getDb();
    const results = await Promise.all([1, 2, 3, 4].map(() => migrate(db, [M1, M2, M3])));
    assert.deepEqual(results.flatMap((r) => r.applied).sort(), [1, 2, 3]);
    assert.equal((await db.query("SELECT * FROM schema_migrations")).rowCount, 3);
  });
}

describe("migrate on PGlite (in memory)", () => {
  let db: Database;
  before(async () => {
    db = await openDatabase({ logger });
  });
  after(() => db?.close());
  sharedBehaviour(() => db);
});

describe("migrate on PostgreSQL", { skip: DATABASE_URL === undefined && "DATABASE_URL is not set" }, () => {
  let testDb: TestDatabase;
  let db: Database;
  before(async () => {
    testDb = await createTestDatabase(DATABASE_URL!, "migrate");
    db = await openDatabase({ url: testDb.url, logger });
  });
  after(async () => {
    await db?.close();
    await testDb?.drop();
  });
  sharedBehaviour(() => db);
});
