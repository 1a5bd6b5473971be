// The converters of rollup_* answers, on the sequencer's real shapes at each stage (testing/rpcFixtures.ts,
// whose fields the devnet test checks against live answers), and their refusal of other shapes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getAddress } from "viem";
import { InvalidRpcResponseError } from "../errors.ts";
import {
  BATCH,
  HEADER,
  L1_TX_HASH,
  RECORD,
  ROLLUP_STATUS,
  TRANSACTION_STATUS,
  TX_HASH,
  WITHDRAWAL_PROOF,
} from "../testing/rpcFixtures.ts";
import { batchFromRpc } from "./batchFromRpc.ts";
import { rollupStatusFromRpc } from "./rollupStatusFromRpc.ts";
import { transactionStatusFromRpc } from "./transactionStatusFromRpc.ts";
import { withdrawalInfoFromRpc } from "./withdrawalInfoFromRpc.ts";
import { withdrawalProofFromRpc } from "./withdrawalProofFromRpc.ts";

const refuses = (convert: () => unknown, message: RegExp) =>
  assert.throws(
    convert,
    (error: unknown) => error instanceof InvalidRpcResponseError && message.test(error.message),
  );

const record = {
  index: 2n,
  epoch: 0n,
  dataRoot: RECORD.dataRoot,
  parentStateRoot: RECORD.parentStateRoot,
  stateRoot: RECORD.stateRoot,
  steps: 10,
  queueStart: 1n,
  queueLimit: 3n,
  queueApplied: 3n,
  appendedAt: 0x6740f0a1n,
  proposer: getAddress(RECORD.proposer),
};
const header = {
  treeRoot: HEADER.treeRoot,
  withdrawalsRoot: HEADER.withdrawalsRoot,
  withdrawalCount: 1n,
  queueApplied: 3n,
  accountCount: 5n,
};

describe("withdrawalProofFromRpc", () => {
  it("converts an answer whose batch is on L1, with the leaf hash, record hash, L1 status and finality", () => {
    const proof = withdrawalProofFromRpc(WITHDRAWAL_PROOF.onL1);
    assert.deepEqual(proof.withdrawal, {
      index: 0n,
      l2Sender: getAddress(WITHDRAWAL_PROOF.onL1.withdrawal.l2Sender),
      l1Recipient: getAddress(WITHDRAWAL_PROOF.onL1.withdrawal.l1Recipient),
      l1Token: "0x0000000000000000000000000000000000000000",
      amount: 10n ** 18n,
    });
    assert.deepEqual(proof.batch, {
      index: 2n,
      record,
      recordHash: WITHDRAWAL_PROOF.onL1.batch.recordHash,
      l1Status: "posted",
    });
    assert.deepEqual(proof.header, header);
    assert.deepEqual(proof.siblings, WITHDRAWAL_PROOF.onL1.siblings);
    assert.equal(proof.leafHash, WITHDRAWAL_PROOF.onL1.leafHash);
    assert.equal(proof.transactionHash, TX_HASH);
    assert.equal(proof.l2BlockNumber, 0x1fn);
    assert.equal(proof.finalizable, false);
    assert.equal(withdrawalProofFromRpc(WITHDRAWAL_PROOF.final).finalizable, true);
  });

  it("refuses the stages without a record, and wrong shapes, naming the field", () => {
    refuses(() => withdrawalProofFromRpc(WITHDRAWAL_PROOF.inBlock), /not on L1 yet/);
    refuses(() => withdrawalProofFromRpc(WITHDRAWAL_PROOF.inBatch), /not on L1 yet/);
    const onL1 = WITHDRAWAL_PROOF.onL1;
    refuses(
      () => withdrawalProofFromRpc({ ...onL1, siblings: onL1.siblings.slice(1) }),
      /siblings is not an array of 32/,
    );
    refuses(
      () => withdrawalProofFromRpc({ ...onL1, siblings: [...onL1.siblings.slice(1), "0x12"] }),
      /siblings\[31\] is not a 32-byte word/,
    );
    refuses(
      () => withdrawalProofFromRpc({ ...onL1, batch: { ...onL1.batch, record: { ...RECORD, steps: 10 } } }),
      /steps is not a quantity/,
    );
    refuses(
      () =>
        withdrawalProofFromRpc({
          ...onL1,
          batch: { ...onL1.batch, record: { ...RECORD, steps: "0x100000000" } },
        }),
      /batch.record.steps is out of range/,
    );
    refuses(
      () => withdrawalProofFromRpc({ ...onL1, batch: { ...onL1.batch, recordHash: null } }),
      /not null together/,
    );
    refuses(
      () => withdrawalProofFromRpc({ ...onL1, finalizable: true }),
      /finalizable is not batch.l1Status final/,
    );
    refuses(
      () => withdrawalProofFromRpc({ ...onL1, header: { ...HEADER, accountCount: "0x05" } }),
      /accountCount/,
    );
    refuses(() => withdrawalProofFromRpc({ ...onL1, leafHash: "0x1234" }), /leafHash is not a 32-byte hash/);
    refuses(() => withdrawalProofFromRpc(null), /result is not an object/);
  });
});

describe("withdrawalInfoFromRpc", () => {
  it("converts every stage: in a block, in a batch not on L1, on L1, final", () => {
    const inBlock = withdrawalInfoFromRpc(WITHDRAWAL_PROOF.inBlock);
    assert.equal(inBlock.withdrawal.amount, 10n ** 18n);
    assert.equal(inBlock.leafHash, WITHDRAWAL_PROOF.inBlock.leafHash);
    assert.equal(inBlock.l2BlockNumber, 0x1fn);
    assert.deepEqual(
      [inBlock.batchIndex, inBlock.l1Status, inBlock.recordHash, inBlock.finalizable],
      [null, null, null, false],
    );
    const inBatch = withdrawalInfoFromRpc(WITHDRAWAL_PROOF.inBatch);
    assert.deepEqual([inBatch.batchIndex, inBatch.l1Status, inBatch.recordHash], [2n, "pending", null]);
    const onL1 = withdrawalInfoFromRpc(WITHDRAWAL_PROOF.onL1);
    assert.deepEqual([onL1.l1Status, onL1.recordHash], ["posted", WITHDRAWAL_PROOF.onL1.batch.recordHash]);
    assert.equal(withdrawalInfoFromRpc(WITHDRAWAL_PROOF.final).finalizable, true);
  });

  it("refuses wrong shapes, naming the field", () => {
    const { inBlock, inBatch } = WITHDRAWAL_PROOF;
    refuses(() => withdrawalInfoFromRpc({ ...inBlock, finalizable: "no" }), /finalizable is not a boolean/);
    refuses(
      () => withdrawalInfoFromRpc({ ...inBlock, finalizable: true }),
      /finalizable is true without a batch/,
    );
    refuses(() => withdrawalInfoFromRpc({ ...inBlock, header: HEADER }), /header and siblings must be null/);
    refuses(
      () => withdrawalInfoFromRpc({ ...inBatch, batch: { ...inBatch.batch, l1Status: "mined" } }),
      /l1Status is not one of/,
    );
    refuses(
      () => withdrawalInfoFromRpc({ ...inBlock, l2BlockNumber: 31 }),
      /l2BlockNumber is not a quantity/,
    );
    refuses(
      () => withdrawalInfoFromRpc({ ...inBlock, withdrawal: { ...inBlock.withdrawal, l1Recipient: "0x12" } }),
      /l1Recipient is not an address/,
    );
  });
});

describe("transactionStatusFromRpc", () => {
  it("converts a pending, an included and a posted transaction", () => {
    assert.deepEqual(transactionStatusFromRpc(TRANSACTION_STATUS.pending), {
      transactionHash: TX_HASH,
      l2Status: "pending",
      blockNumber: null,
      blockHash: null,
      batchIndex: null,
      l1Status: "pending",
      l1TransactionHash: null,
      l1BlockNumber: null,
    });
    assert.equal(transactionStatusFromRpc(TRANSACTION_STATUS.included).blockNumber, 0x1fn);
    assert.deepEqual(transactionStatusFromRpc(TRANSACTION_STATUS.posted), {
      transactionHash: TX_HASH,
      l2Status: "included",
      blockNumber: 0x1fn,
      blockHash: TRANSACTION_STATUS.posted.blockHash,
      batchIndex: 2n,
      l1Status: "posted",
      l1TransactionHash: L1_TX_HASH,
      l1BlockNumber: 0x40n,
    });
  });

  it("refuses wrong shapes, naming the field", () => {
    const { pending, included } = TRANSACTION_STATUS;
    refuses(
      () => transactionStatusFromRpc({ ...pending, l2Status: "mined" }),
      /l2Status is not one of pending, included/,
    );
    refuses(() => transactionStatusFromRpc({ ...included, blockHash: null }), /blockNumber and blockHash/);
    refuses(() => transactionStatusFromRpc({ ...pending, batchIndex: "2" }), /batchIndex is not a quantity/);
    refuses(
      () => transactionStatusFromRpc({ ...pending, l1BlockNumber: undefined }),
      /l1BlockNumber is not a quantity/,
    );
  });
});

describe("batchFromRpc", () => {
  it("converts a batch cut but not on L1, and a posted batch with its record", () => {
    const pending = batchFromRpc(BATCH.pending);
    assert.deepEqual(
      [pending.status, pending.l1Status, pending.record, pending.recordHash],
      ["pending", "pending", null, null],
    );
    assert.deepEqual(pending.header, header);
    const posted = batchFromRpc(BATCH.posted);
    assert.deepEqual(posted.record, record);
    assert.deepEqual(
      [posted.index, posted.firstBlock, posted.lastBlock, posted.steps, posted.queueStart],
      [2n, 0x1an, 0x20n, 10n, 1n],
    );
    assert.deepEqual([posted.l1TransactionHash, posted.l1BlockNumber], [L1_TX_HASH, 0x40n]);
    // Asked with includeData, the answer carries the data too; the converter leaves it out.
    assert.deepEqual(batchFromRpc({ ...BATCH.posted, data: "0x0102", dataLength: "0x2" }), posted);
  });

  it("refuses wrong shapes, naming the field", () => {
    refuses(
      () => batchFromRpc({ ...BATCH.posted, index: "0x02" }),
      /rollup_getBatchByIndex: index is not a quantity/,
    );
    refuses(() => batchFromRpc({ ...BATCH.posted, status: "challenged" }), /status is not one of/);
    refuses(() => batchFromRpc({ ...BATCH.posted, record: null }), /not null together/);
    refuses(() => batchFromRpc({ ...BATCH.posted, header: null }), /header is not an object/);
  });
});

describe("rollupStatusFromRpc", () => {
  it("converts the status before L1 starts and while following it, with the defender's games", () => {
    const before = rollupStatusFromRpc(ROLLUP_STATUS.withoutL1);
    assert.equal(before.l1, null);
    assert.deepEqual(before.batches, { last: null, lastPosted: null, lastFinal: null, unposted: 0 });
    const following = rollupStatusFromRpc(ROLLUP_STATUS.following);
    assert.deepEqual(following.l2, {
      head: 0x20n,
      headHash: ROLLUP_STATUS.following.l2.headHash,
      safe: 0x20n,
      finalized: 0x19n,
      mempool: 3,
    });
    assert.deepEqual(following.openGames, [
      {
        gameId: 0n,
        batchIndex: 2n,
        challenger: getAddress(ROLLUP_STATUS.following.openGames[0].challenger),
        lo: 0,
        hi: 10,
      },
    ]);
    assert.deepEqual(following.l1, { headBlock: 0x41n, followedBlock: 0x40n, queueLength: 3n, halted: null });
    const halted = { ...ROLLUP_STATUS.following.l1, halted: "L1 reorged below the followed block" };
    assert.equal(rollupStatusFromRpc({ ...ROLLUP_STATUS.following, l1: halted }).l1?.halted, halted.halted);
  });

  it("refuses wrong shapes, naming the field", () => {
    const { following } = ROLLUP_STATUS;
    refuses(() => rollupStatusFromRpc({ l2: {} }), /rollup_getStatus: batches is not an object/);
    refuses(() => rollupStatusFromRpc({ ...following, openGames: null }), /openGames is not an array/);
    refuses(
      () => rollupStatusFromRpc({ ...following, openGames: [{ ...following.openGames[0], lo: "0x0" }] }),
      /lo is not a count/,
    );
    refuses(
      () => rollupStatusFromRpc({ ...following, l2: { ...following.l2, mempool: "0x3" } }),
      /mempool is not a count/,
    );
    refuses(
      () => rollupStatusFromRpc({ ...following, l1: { ...following.l1, halted: 1 } }),
      /l1.halted is not a string or null/,
    );
  });
});
