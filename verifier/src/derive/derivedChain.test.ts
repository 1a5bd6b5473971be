import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { BatchRecord } from "@halcyon/node-common";
import { GENESIS_HEADER } from "@halcyon/protocol";
import type { Hex } from "viem";
import { TemporaryError } from "../errors.ts";
import { advanceHead } from "./derivedChain.ts";
import type { DerivedBatch, DerivedDeletion, DerivedHead, DerivedQueueEntry } from "./types.ts";

const root = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`;
const origin = { l1Block: 10n, l1BlockHash: root(0xb10c), logIndex: 0 };

function batch(index: bigint, overrides: Partial<BatchRecord> = {}): DerivedBatch {
  const record: BatchRecord = {
    index,
    epoch: 0n,
    dataRoot: root(0xda7a),
    parentStateRoot: root(Number(index) - 1),
    stateRoot: root(Number(index)),
    steps: 3,
    queueStart: 0n,
    queueLimit: 0n,
    queueApplied: 0n,
    appendedAt: 1n,
    proposer: "0x0000000000000000000000000000000000000001",
    ...overrides,
  };
  return {
    ...origin,
    kind: "batch",
    recordHash: root(0xabc),
    record,
    header: GENESIS_HEADER,
    data: new Uint8Array(1),
    l1TxHash: root(1),
  };
}

function entry(queueIndex: bigint): DerivedQueueEntry {
  return {
    ...origin,
    kind: "queue-entry",
    entry: {
      kind: "eth-deposit",
      queueIndex,
      from: "0x00000000000000000000000000000000000000d1",
      to: "0x00000000000000000000000000000000000000d2",
      amount: 1n,
      l1Timestamp: 5n,
    },
    entryHash: new Uint8Array(32),
  };
}

function deletion(fromIndex: bigint, previousCount: bigint, epoch: bigint): DerivedDeletion {
  return {
    ...origin,
    kind: "deletion",
    fromIndex,
    previousCount,
    stateRoot: root(Number(fromIndex) - 1),
    queueApplied: 0n,
    epoch,
  };
}

const EMPTY: DerivedHead = {
  batchCount: 0n,
  lastStateRoot: root(0),
  queueApplied: 0n,
  epoch: 0n,
  queueLength: 0n,
};

describe("advanceHead", () => {
  test("follows genesis, entries, batches and a deletion as the contracts make them", () => {
    let head = advanceHead(EMPTY, batch(0n, { parentStateRoot: root(0xffff), stateRoot: root(0) }));
    head = advanceHead(head, entry(0n));
    head = advanceHead(head, entry(1n));
    head = advanceHead(head, batch(1n, { queueLimit: 2n, queueApplied: 1n }));
    head = advanceHead(head, batch(2n, { queueStart: 1n, queueLimit: 2n, queueApplied: 2n }));
    assert.deepEqual(head, {
      batchCount: 3n,
      lastStateRoot: root(2),
      queueApplied: 2n,
      epoch: 0n,
      queueLength: 2n,
    });
    head = advanceHead(head, { ...deletion(2n, 3n, 1n), queueApplied: 1n });
    assert.deepEqual(head, {
      batchCount: 2n,
      lastStateRoot: root(1),
      queueApplied: 1n,
      epoch: 1n,
      queueLength: 2n,
    });
    head = advanceHead(head, batch(2n, { epoch: 1n, queueStart: 1n, queueLimit: 2n, queueApplied: 2n }));
    assert.equal(head.batchCount, 3n);
  });

  test("a break in the chain is a temporary error (logs were missing): the range is read again", () => {
    const head = advanceHead(advanceHead(EMPTY, batch(0n, { stateRoot: root(0) })), entry(0n));
    const cases = [
      entry(2n),
      batch(2n, { queueLimit: 1n }),
      batch(1n, { parentStateRoot: root(9), queueLimit: 1n }),
      batch(1n, { queueStart: 1n, queueLimit: 1n }),
      batch(1n, { queueLimit: 0n }),
      batch(1n, { epoch: 1n, queueLimit: 1n }),
      deletion(1n, 1n, 1n),
      deletion(0n, 1n, 1n),
    ];
    for (const item of cases) assert.throws(() => advanceHead(head, item), TemporaryError);
    const withBatch = advanceHead(head, batch(1n, { queueLimit: 1n }));
    assert.throws(() => advanceHead(withBatch, deletion(1n, 2n, 2n)), TemporaryError);
  });
});
