import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesToHex } from "../bytes.ts";
import { computeDataRoot, verifyChunk } from "../codec/dataCommitment.ts";
import { DATA_CHUNK_BYTES, GAS_WITHDRAWAL, L2_BRIDGE_ADDRESS } from "../constants.ts";
import type { L2State } from "../state/l2State.ts";
import type { QueueEntry } from "../state/queueEntry.ts";
import { stepCommitment } from "../stf/cursor.ts";
import { stepCommitments } from "../stf/executeBatch.ts";
import {
  erc20Deposit,
  ethDeposit,
  fundedState,
  ONE_ETH,
  signWith,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../testing/fixtures.ts";
import { queueLookup, sequenceBatch } from "../testing/scenario.ts";
import { l2TokenAddress } from "../tokenAddress.ts";
import { verifyProof } from "../tree/verifyProof.ts";
import { generateBatchWitnesses, generateStepWitness } from "./stepWitness.ts";

const alice = testWallet(1);
const bob = testWallet(2);
const carol = testWallet(40);
const L1_TOKEN = "0x00000000000000000000000000000000000070c1" as const;

function scenario() {
  const pre = (): L2State =>
    fundedState([
      [alice.address, 10n * ONE_ETH],
      [bob.address, ONE_ETH],
    ]);
  const entries: QueueEntry[] = [
    ethDeposit(0n, alice.address, 10n * ONE_ETH),
    ethDeposit(1n, bob.address, ONE_ETH),
  ];
  const queued: QueueEntry[] = [
    ethDeposit(2n, carol.address, 5n),
    erc20Deposit(3n, bob.address, L1_TOKEN, 1000n),
  ];
  entries.push(...queued);
  const txs = [
    signWith(alice, transferFields({ to: bob.address, value: 3n })),
    signWith(alice, transferFields({ to: testWallet(41).address, value: 4n, nonce: 1n })),
    signWith(
      alice,
      transferFields({ to: L2_BRIDGE_ADDRESS, value: ONE_ETH, nonce: 2n, gasLimit: GAS_WITHDRAWAL }),
    ),
    signWith(alice, transferFields({ to: bob.address, value: 3n, nonce: 9n })), // invalid: encoded anyway
    signWith(
      bob,
      transferFields({
        to: l2TokenAddress(L1_TOKEN),
        data: Buffer.from(
          `a9059cbb${alice.address.slice(2).padStart(64, "0")}${(7).toString(16).padStart(64, "0")}`,
          "hex",
        ),
        gasLimit: 50_000n,
      }),
    ),
  ];
  const blocks = [{ timestamp: 1_800_000_000n, baseFee: 0n, queueEntries: queued, txs }];
  const sequenced = sequenceBatch(pre(), TEST_CONFIG, blocks, { includeInvalid: true });
  const context = {
    data: sequenced.data,
    queueLimit: BigInt(entries.length),
    config: TEST_CONFIG,
    queueEntry: queueLookup(entries),
  };
  return { pre, sequenced, context };
}

test("every witness opens at its step's commitment, with proofs and chunks that check out", () => {
  const { pre, sequenced, context } = scenario();
  const steps = sequenced.steps + 2;
  const commitments = stepCommitments(pre(), context, steps).map(bytesToHex);
  const witnesses = generateBatchWitnesses(pre(), context, steps);
  const dataRoot = computeDataRoot(context.data);
  assert.deepEqual(
    witnesses.map((w) => w.result.kind),
    ["block", "queue", "queue", "tx", "tx", "tx", "tx", "tx", "end", "noop"],
  );
  witnesses.forEach((w, i) => {
    assert.equal(
      bytesToHex(stepCommitment(w.preHeader, w.preCursor)),
      commitments[i],
      `step ${i} pre-commitment`,
    );
    if (w.reads.length > 0) {
      assert.deepEqual(
        verifyProof(w.preHeader.treeRoot, w.reads[0]!.key, w.reads[0]!.proof).present !== undefined,
        true,
      );
    }
    for (const window of [w.window, w.feeWindow]) {
      window.chunks.forEach((chunk, j) => {
        const index = window.firstChunk + j;
        assert.equal(
          verifyChunk(dataRoot, context.data.length, index, chunk, window.proofs[j]!),
          true,
          `step ${i} chunk ${index}`,
        );
      });
    }
  });
  const withdrawal = witnesses[5]!;
  assert.equal(withdrawal.withdrawalFrontier?.length, 32);
  assert.equal(witnesses[1]!.queueEntry?.kind, "eth-deposit");
  assert.ok(witnesses[3]!.feeWindow.chunks.length > 0, "a transaction step carries its fee entry");
  // The invalid transaction resolves its recipient's index, reads the sender's account and stops.
  assert.equal(witnesses[6]!.reads.length, 2);
});

test("a single step's witness equals the one from the one-pass generator", () => {
  const { pre, context } = scenario();
  const all = generateBatchWitnesses(pre(), context, 6);
  const one = generateStepWitness(pre(), context, 4);
  assert.deepEqual(
    one.reads.map((r) => bytesToHex(r.key)),
    all[4]!.reads.map((r) => bytesToHex(r.key)),
  );
  assert.deepEqual(one.preCursor, all[4]!.preCursor);
});

test("windows are chunk aligned and cover the record", () => {
  const { pre, context } = scenario();
  const w = generateStepWitness(pre(), context, 3);
  assert.equal(w.window.firstChunk, Math.floor(w.preCursor.offset / DATA_CHUNK_BYTES));
  const covered = w.window.chunks.reduce((n, c) => n + c.length, 0);
  assert.ok(
    w.window.firstChunk * DATA_CHUNK_BYTES + covered >=
      Math.min(context.data.length, w.preCursor.offset + 100),
  );
});
