import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSilentLogger, type Database, migrate } from "@halcyon/node-common";
import { type Address, createSenderRecoveryPool, type Hex, type SenderRecoveryPool } from "@halcyon/protocol";
import {
  createServiceTestDatabase as createSequencerTestDatabase,
  type ServiceTestDatabase as TestDatabase,
} from "../../../packages/node-common/src/testing/serviceTestDatabase.ts";
import {
  ONE_ETH,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { insertMempoolTransactions, loadMempoolTransactions } from "../store/mempoolTable.ts";
import { SEQUENCER_MIGRATIONS } from "../store/migrations.ts";
import { TransactionRefusedError } from "./errors.ts";
import { Mempool, type PoolTransaction } from "./mempool.ts";
import { TransactionIntake } from "./transactionIntake.ts";

// The door: group commit into the real mempool table, answers only after the write, and no answer
// but an error when the write fails.

const senders = [testWallet(61), testWallet(62), testWallet(63)];

describe("transaction intake", () => {
  let store: TestDatabase;
  let db: Database;
  let recovery: SenderRecoveryPool;
  let writes: number;
  let mempool: Mempool;
  let intake: TransactionIntake;

  function raw(i: number, nonce: bigint): Uint8Array {
    return signTransactionForTest(
      transferFields({ to: testWallet(70).address, nonce, value: 1n }),
      senders[i]!.privateKey,
    ).raw;
  }

  before(async () => {
    store = await createSequencerTestDatabase("intake");
    db = await store.open();
    await migrate(db, SEQUENCER_MIGRATIONS);
    recovery = createSenderRecoveryPool({ threads: 2 });
    mempool = new Mempool();
    writes = 0;
    intake = new TransactionIntake({
      chainId: TEST_CONFIG.chainId,
      mempool,
      recovery,
      accountOf: (_address: Address) => ({ nonce: 0n, balance: ONE_ETH }),
      persist: (added, removed) => {
        writes++;
        return insertMempoolTransactions(
          db,
          added.map((t) => ({ hash: t.hash, sender: t.sender, nonce: t.tx.nonce, raw: t.raw })),
          removed,
        );
      },
      logger: createSilentLogger(),
      groupWindowMs: 20,
    });
  });

  after(async () => {
    await intake.close();
    await recovery.close();
    await store.cleanup();
  });

  it("writes concurrent submissions in one statement, answers after it, and marks them durable", async () => {
    const submitted = [
      intake.submit(raw(0, 0n)),
      intake.submit(raw(1, 0n)),
      intake.submit(raw(2, 0n)),
      intake.submit(raw(0, 1n)),
    ];
    const pooled = await Promise.all(submitted);
    assert.equal(writes, 1);
    assert.ok(pooled.every((t: PoolTransaction) => t.durable));
    const rows = await loadMempoolTransactions(db);
    assert.deepEqual(new Set(rows.map((r) => r.hash)), new Set(pooled.map((t) => t.hash)));
  });

  it("answers each refusal on its own within a group", async () => {
    const [ok, duplicate, garbage] = await Promise.allSettled([
      intake.submit(raw(1, 1n)),
      intake.submit(raw(0, 0n)),
      intake.submit(Uint8Array.of(0x02, 0xc0)),
    ]);
    assert.equal(ok.status, "fulfilled");
    assert.ok(duplicate.status === "rejected" && duplicate.reason.reason === "already-known");
    assert.ok(garbage.status === "rejected" && garbage.reason.reason === "malformed");
  });

  it("refuses the whole group, and leaves the pool as it was, when the write fails", async () => {
    const before = mempool.size;
    const rowsBefore: Hex[] = (await loadMempoolTransactions(db)).map((r) => r.hash);
    await db.query("ALTER TABLE mempool_transactions RENAME TO mempool_transactions_away");
    try {
      const results = await Promise.allSettled([intake.submit(raw(2, 1n)), intake.submit(raw(2, 2n))]);
      for (const r of results) {
        assert.ok(
          r.status === "rejected" &&
            r.reason instanceof TransactionRefusedError &&
            r.reason.reason === "unavailable",
        );
      }
      assert.equal(mempool.size, before);
    } finally {
      await db.query("ALTER TABLE mempool_transactions_away RENAME TO mempool_transactions");
    }
    assert.deepEqual((await loadMempoolTransactions(db)).map((r) => r.hash).sort(), rowsBefore.sort());
    // The same transactions are accepted once the store is back.
    await intake.submit(raw(2, 1n));
  });

  it("refuses new transactions once closed", async () => {
    await intake.close();
    await assert.rejects(
      intake.submit(raw(1, 2n)),
      (e) => e instanceof TransactionRefusedError && e.reason === "unavailable",
    );
  });
});
