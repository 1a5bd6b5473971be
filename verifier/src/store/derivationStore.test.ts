import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type BatchRecord, type Database, migrate } from "@halcyon/node-common";
import { bytesToHex, decodeTransaction, GENESIS_HEADER } from "@halcyon/protocol";
import type { Hex } from "viem";
import {
  createServiceTestDatabase,
  type ServiceTestDatabase,
} from "../../../packages/node-common/src/testing/serviceTestDatabase.ts";
import { testWallet, transferFields } from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import type { DerivedBatch, DerivedItem, DerivedRange } from "../derive/types.ts";
import { createDerivationStore, type DerivationStore } from "./derivationStore.ts";
import { VERIFIER_MIGRATIONS } from "./migrations.ts";

const hash = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`;

let database: ServiceTestDatabase;
let db: Database;
let store: DerivationStore;

before(async () => {
  database = await createServiceTestDatabase("verifier_derivation_store");
  db = await database.open();
  await migrate(db, VERIFIER_MIGRATIONS);
  store = createDerivationStore(db);
});
after(() => database?.cleanup());

function batch(index: bigint, l1Block: bigint, epoch = 0n, data = new Uint8Array([1, 2, 3])): DerivedBatch {
  const record: BatchRecord = {
    index,
    epoch,
    dataRoot: hash(0xda7a),
    parentStateRoot: hash(0x500 + Number(index)),
    stateRoot: hash(Number(index) + 100 * Number(epoch)),
    steps: 2,
    queueStart: 0n,
    queueLimit: 1n,
    queueApplied: 1n,
    appendedAt: 1000n,
    proposer: "0x00000000000000000000000000000000000000Aa",
  };
  return {
    kind: "batch",
    recordHash: hash(0x1000 + Number(index) + 100 * Number(epoch)),
    record,
    header: GENESIS_HEADER,
    data,
    l1TxHash: hash(0x2000),
    l1Block,
    l1BlockHash: hash(Number(l1Block)),
    logIndex: 0,
  };
}

function range(to: bigint, items: DerivedItem[]): DerivedRange {
  const blocks = [...new Set(items.map((i) => i.l1Block))].map((n) => ({ number: n, hash: hash(Number(n)) }));
  return {
    to: { number: to, hash: hash(Number(to)), parentHash: hash(Number(to) - 1), timestamp: 0n },
    blocks,
    items,
  };
}

describe("derivation store", () => {
  test("stores ranges in order and unwinds what later blocks brought, restoring deleted batches", async () => {
    const { raw } = signTransactionForTest(
      transferFields({ to: testWallet(2).address, value: 5n }),
      testWallet(1).privateKey,
    );
    const chainId = transferFields({ to: testWallet(2).address }).chainId;
    await store.initCursor({ number: 9n, hash: hash(9) });
    await store.commitRange(
      range(11n, [
        batch(0n, 10n),
        {
          kind: "queue-entry",
          entry: {
            kind: "forced-transaction",
            queueIndex: 0n,
            from: testWallet(1).address,
            tx: decodeTransaction(raw, chainId),
            l1Timestamp: 77n,
          },
          rawTransaction: raw,
          entryHash: new Uint8Array(32),
          l1Block: 11n,
          l1BlockHash: hash(11),
          logIndex: 0,
        },
        { ...batch(1n, 11n), logIndex: 1 },
        { ...batch(2n, 11n), logIndex: 2 },
      ]),
    );
    // Block 13 deletes batches 1 and 2; block 14 appends a new batch 1 (epoch 1).
    await store.commitRange(
      range(14n, [
        {
          kind: "deletion",
          fromIndex: 1n,
          previousCount: 3n,
          stateRoot: hash(0),
          queueApplied: 0n,
          epoch: 1n,
          l1Block: 13n,
          l1BlockHash: hash(13),
          logIndex: 0,
        },
        batch(1n, 14n, 1n),
      ]),
    );
    let live = await store.liveBatches(0n, 10);
    assert.deepEqual(
      live.map((b) => [b.record.index, b.record.epoch]),
      [
        [0n, 0n],
        [1n, 1n],
      ],
    );
    assert.deepEqual(await store.head(), {
      batchCount: 2n,
      lastStateRoot: hash(101),
      queueApplied: 1n,
      epoch: 1n,
      queueLength: 1n,
    });
    const [forced] = await store.queueEntries(0n, 1n, chainId);
    assert.ok(forced?.kind === "forced-transaction");
    assert.equal(forced.tx.value, 5n);
    assert.equal(forced.l1Timestamp, 77n);

    // A reorg back to block 12: the new batch goes, the deleted ones come back.
    assert.deepEqual(await store.storedBlocks(20n, 10), [
      { number: 14n, hash: hash(14) },
      { number: 13n, hash: hash(13) },
      { number: 11n, hash: hash(11) },
      { number: 10n, hash: hash(10) },
    ]);
    const summary = await store.unwindAbove({ number: 12n, hash: hash(12) });
    assert.deepEqual(summary, { queueEntries: 0, batches: 1, restoredBatches: 2 });
    live = await store.liveBatches(0n, 10);
    assert.deepEqual(
      live.map((b) => [b.record.index, b.record.epoch]),
      [
        [0n, 0n],
        [1n, 0n],
        [2n, 0n],
      ],
    );
    assert.equal(bytesToHex(live[2]!.data), "0x010203");
    assert.equal((await store.head()).epoch, 0n);
    assert.deepEqual(await store.cursor(), { number: 12n, hash: hash(12) });

    // Further back: everything from block 11 goes.
    await store.unwindAbove({ number: 10n, hash: hash(10) });
    assert.deepEqual(await store.counts(), { liveBatches: 1n, queueEntries: 0n, deletions: 0n });
    assert.equal((await store.batchByRecordHash(batch(0n, 10n).recordHash))?.record.index, 0n);
  });
});
