import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeAbiParameters } from "viem";
import { bytesToHex, concatBytes } from "../bytes.ts";
import { computeDataRoot } from "../codec/dataCommitment.ts";
import { GAS_WITHDRAWAL, L2_BRIDGE_ADDRESS } from "../constants.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { type QueueEntry, queueEntryDataHash } from "../state/queueEntry.ts";
import { stepCommitment } from "../stf/cursor.ts";
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
import {
  createStepContext,
  encodeStepWitness,
  queueEntryPreimage,
  STEP_WITNESS_ABI,
} from "./encodeStepWitness.ts";
import { generateBatchWitnesses } from "./stepWitness.ts";

const alice = testWallet(1);
const bob = testWallet(2);
const L1_TOKEN = "0x00000000000000000000000000000000000070c1" as const;

function scenario() {
  const pre = () => fundedState([[alice.address, 10n * ONE_ETH]]);
  const forced: QueueEntry = {
    kind: "forced-transaction",
    queueIndex: 3n,
    from: bob.address,
    l1Timestamp: 1_800_000_123n,
    tx: signWith(
      alice,
      transferFields({ to: bob.address, value: 5n, data: new Uint8Array([1, 2, 3]), gasLimit: 21_048n }),
    ),
  };
  const queued: QueueEntry[] = [
    ethDeposit(1n, bob.address, 7n),
    erc20Deposit(2n, bob.address, L1_TOKEN, 9n),
    forced,
  ];
  const entries = [ethDeposit(0n, alice.address, 10n * ONE_ETH), ...queued];
  const txs = [
    signWith(
      alice,
      transferFields({ to: L2_BRIDGE_ADDRESS, value: ONE_ETH, nonce: 1n, gasLimit: GAS_WITHDRAWAL }),
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
  return { pre, context, entries, steps: sequenced.steps + 1 };
}

test("a queue entry's preimage hashes to its dataHash (docs/protocol.md §4)", () => {
  const { entries } = scenario();
  for (const entry of entries) {
    assert.equal(bytesToHex(keccak256(queueEntryPreimage(entry))), bytesToHex(queueEntryDataHash(entry)));
  }
});

test("the encoding is abi.encode(StepWitness) and decodes back to the witness", () => {
  const { pre, context, steps } = scenario();
  const witnesses = generateBatchWitnesses(pre(), context, steps);
  assert.deepEqual(
    witnesses.map((w) => w.result.kind),
    ["block", "queue", "queue", "queue", "tx", "end"],
  );
  for (const w of witnesses) {
    const encoded = encodeStepWitness(w);
    // A dynamic tuple: the first word is its offset.
    assert.equal(encoded.slice(0, 66), `0x${"20".padStart(64, "0")}`);
    const [decoded] = decodeAbiParameters(STEP_WITNESS_ABI, encoded);
    assert.equal(decoded.preHeader.treeRoot, bytesToHex(w.preHeader.treeRoot));
    assert.equal(decoded.preHeader.queueApplied, w.preHeader.queueApplied);
    assert.equal(decoded.preCursor.offset, w.preCursor.offset);
    assert.equal(decoded.preCursor.baseFee, w.preCursor.baseFee);
    assert.equal(decoded.data.chunkRoot, bytesToHex(w.chunkRoot));
    assert.equal(decoded.data.dataLength, BigInt(w.dataLength));
    const windows = [w.window, w.feeWindow].filter((x) => x.chunks.length > 0);
    assert.equal(decoded.data.segments.length, windows.length);
    decoded.data.segments.forEach((segment, i) => {
      assert.equal(segment.firstChunk, BigInt(windows[i]!.firstChunk));
      assert.equal(segment.chunks, bytesToHex(concatBytes(...windows[i]!.chunks)));
      assert.deepEqual(
        segment.paths,
        windows[i]!.proofs.map((p) => p.map(bytesToHex)),
      );
    });
    assert.equal(decoded.reads.length, w.reads.length);
    decoded.reads.forEach((read, i) => {
      const proof = w.reads[i]!.proof;
      assert.deepEqual(read.siblings, proof.siblings.map(bytesToHex));
      assert.equal(read.terminalKind, proof.terminal.kind === "empty" ? 0 : 1);
    });
    if (w.queueEntry === undefined) {
      assert.equal(decoded.queueEntry.data, "0x");
      assert.equal(decoded.queueEntry.l1Timestamp, 0n);
    } else {
      assert.equal(decoded.queueEntry.data, bytesToHex(queueEntryPreimage(w.queueEntry)));
      assert.equal(decoded.queueEntry.l1Timestamp, w.queueEntry.l1Timestamp);
    }
  }
});

test("the withdrawals frontier goes only with an append, its unused words as zero", () => {
  const { pre, context, steps } = scenario();
  const witnesses = generateBatchWitnesses(pre(), context, steps);
  for (const w of witnesses) {
    const [decoded] = decodeAbiParameters(STEP_WITNESS_ABI, encodeStepWitness(w));
    if (w.withdrawalFrontier === undefined) {
      assert.equal(decoded.withdrawalFrontier.length, 0);
      continue;
    }
    const count = w.preHeader.withdrawalCount;
    assert.equal(decoded.withdrawalFrontier.length, 32);
    decoded.withdrawalFrontier.forEach((word, h) => {
      const used = ((count >> BigInt(h)) & 1n) === 1n;
      assert.equal(word, used ? bytesToHex(w.withdrawalFrontier![h]!) : `0x${"00".repeat(32)}`);
    });
  }
  assert.ok(witnesses.some((w) => w.withdrawalFrontier !== undefined));
});

test("the step context opens the step's commitment and the batch's data root", () => {
  const { pre, context, steps } = scenario();
  for (const w of generateBatchWitnesses(pre(), context, steps)) {
    const ctx = createStepContext(w, { queueLimit: context.queueLimit, queueStart: 1n });
    assert.equal(ctx.preCommitment, bytesToHex(stepCommitment(w.preHeader, w.preCursor)));
    assert.equal(ctx.dataRoot, bytesToHex(computeDataRoot(context.data)));
    assert.equal(ctx.queueLimit, context.queueLimit);
    assert.equal(ctx.queueStart, 1n);
  }
});
