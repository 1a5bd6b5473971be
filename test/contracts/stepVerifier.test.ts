// StepVerifier (contracts/StepVerifier.sol) on the golden vectors of test/vectors/steps.json, and the
// witnesses it must refuse. Queue entries come from a TestQueue here: the vectors' entries carry made-up
// L1 senders and timestamps. The differential test (stepVerifier.differential.test.ts) uses the real Bridge.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, getContract, type Hex } from "viem";
import { bytesToHex } from "../../packages/protocol/src/bytes.ts";
import { computeChunkRoot } from "../../packages/protocol/src/codec/dataCommitment.ts";
import { L2State } from "../../packages/protocol/src/state/l2State.ts";
import { queueEntryHash } from "../../packages/protocol/src/state/queueEntry.ts";
import { GENESIS_HEADER, stateRootOf } from "../../packages/protocol/src/state/stateHeader.ts";
import { BatchMachine } from "../../packages/protocol/src/stf/batchMachine.ts";
import { commitmentOf, STATUS_HALTED } from "../../packages/protocol/src/stf/cursor.ts";
import { TEST_CONFIG } from "../../packages/protocol/src/testing/fixtures.ts";
import {
  createStepContext,
  dataWindow,
  type EncodableStepWitness,
  encodeStepWitness,
  type StepContext,
} from "../../packages/protocol/src/witness/index.ts";
import { WitnessError } from "../../packages/protocol/src/witness/stepWitness.ts";
import {
  deployBatchCaller,
  deployStepVerifier,
  type Public,
  parseVectors,
  runSteps,
  type StepCall,
  testQueueAbi,
  type VectorBatch,
  type VectorStep,
} from "./stepVerifier/helpers.ts";

/** A queue that must never be read (the step under test applies no entry). */
function noQueue(): never {
  throw new WitnessError("no queue entry expected");
}

const vectors = parseVectors(readFileSync(new URL("../vectors/steps.json", import.meta.url), "utf8"));

const { viem } = await network.create();
const publicClient = (await viem.getPublicClient()) as unknown as Public;
const caller = await deployBatchCaller(viem);

/** A TestQueue holding `batch`'s queue, and a StepVerifier reading it. */
async function deployFor(batch: VectorBatch) {
  const queue = await viem.deployContract("TestQueue");
  const q = getContract({ address: queue.address, abi: testQueueAbi, client: publicClient });
  const [wallet] = await viem.getWalletClients();
  const hash = await wallet!.writeContract({
    address: queue.address,
    abi: testQueueAbi,
    functionName: "append",
    args: [batch.queue.map((e) => bytesToHex(queueEntryHash(e)))],
  });
  await publicClient.waitForTransactionReceipt({ hash });
  assert.equal(await q.read.queueLength(), BigInt(batch.queue.length));
  return deployStepVerifier(viem, {
    bridge: queue.address,
    chainId: vectors.chainId,
    feeVault: vectors.feeVault,
  });
}

const verifiers = new Map<string, Awaited<ReturnType<typeof deployFor>>>();
for (const batch of vectors.batches) verifiers.set(batch.name, await deployFor(batch));

function contextOf(batch: VectorBatch, step: VectorStep): StepContext {
  // queueStart: the parent's queueApplied, which is the first step's pre-state's.
  const queueStart = batch.steps[0]!.witness.preHeader.queueApplied;
  return createStepContext(step.witness, { queueLimit: batch.queueLimit, queueStart });
}

function callOf(
  batch: VectorBatch,
  step: VectorStep,
  witness: EncodableStepWitness = step.witness,
): StepCall {
  return { ctx: contextOf(batch, step), witness: encodeStepWitness(witness) };
}

/** The first step of the vectors whose outcome starts with `prefix`, with its batch. */
function findStep(prefix: string, extra: (s: VectorStep) => boolean = () => true) {
  for (const batch of vectors.batches) {
    const step = batch.steps.find((s) => s.outcome.startsWith(prefix) && extra(s));
    if (step !== undefined) return { batch, step };
  }
  throw new Error(`no vector step with outcome ${prefix}`);
}

/** Runs one call and returns the error name it reverts with (fails if it does not revert). */
async function revertOf(batch: VectorBatch, call: StepCall): Promise<string> {
  const verifier = verifiers.get(batch.name)!;
  const [result] = await runSteps(caller, verifier.address, [call]);
  assert.ok(result !== undefined && !result.ok, "expected the step to revert");
  return result.error;
}

describe("StepVerifier on the golden vectors", () => {
  for (const batch of vectors.batches) {
    it(`returns every step's post-state of ${batch.name}`, async () => {
      const verifier = verifiers.get(batch.name)!;
      const calls = batch.steps.map((step) => callOf(batch, step));
      calls.forEach((call, i) => {
        assert.equal(call.ctx.preCommitment, batch.steps[i]!.preCommitment);
      });
      assert.equal(calls[0]!.ctx.dataRoot, batch.dataRoot);
      const results = await runSteps(caller, verifier.address, calls);
      results.forEach((result, i) => {
        const step = batch.steps[i]!;
        const label = `${batch.name} step ${i} (${step.outcome})`;
        assert.ok(result.ok, `${label} reverted: ${result.ok ? "" : result.error}`);
        assert.equal(result.postCommitment, step.postCommitment, `${label} post commitment`);
        assert.equal(result.postStateRoot, step.postStateRoot, `${label} post state root`);
      });
    });
  }

  it("agrees with a direct executeStep call", async () => {
    const { batch, step } = findStep("tx:succeeded");
    const verifier = verifiers.get(batch.name)!;
    const call = callOf(batch, step);
    const [postCommitment, postStateRoot] = await verifier.read.executeStep([call.ctx, call.witness]);
    assert.equal(postCommitment, step.postCommitment);
    assert.equal(postStateRoot, step.postStateRoot);
  });
});

describe("StepVerifier refuses witnesses that decide nothing", () => {
  it("a tampered tree proof", async () => {
    const { batch, step } = findStep("tx:succeeded");
    const reads = step.witness.reads.map((r, i) => {
      if (i !== 1 || r.proof.siblings.length === 0) return r;
      const siblings = r.proof.siblings.map((s) => s.slice());
      siblings[0]![31]! ^= 1;
      return { key: r.key, proof: { ...r.proof, siblings } };
    });
    assert.ok(step.witness.reads[1]!.proof.siblings.length > 0);
    assert.equal(await revertOf(batch, callOf(batch, step, { ...step.witness, reads })), "RootMismatch");
  });

  it("a tampered proof terminal", async () => {
    const { batch, step } = findStep("tx:succeeded");
    const reads = step.witness.reads.map((r, i) => {
      if (i !== 0 || r.proof.terminal.kind !== "leaf") return r;
      const value = r.proof.terminal.value.slice();
      value[15]! ^= 1; // the sender's balance
      return { key: r.key, proof: { ...r.proof, terminal: { ...r.proof.terminal, value } } };
    });
    assert.equal(await revertOf(batch, callOf(batch, step, { ...step.witness, reads })), "RootMismatch");
  });

  it("a wrong preCommitment", async () => {
    const { batch, step } = findStep("tx:succeeded");
    const call = callOf(batch, step);
    const ctx = { ...call.ctx, preCommitment: `0x${"11".repeat(32)}` as Hex };
    assert.equal(await revertOf(batch, { ...call, ctx }), "PreCommitmentMismatch");
  });

  it("a pre-state that is not the agreed one", async () => {
    const { batch, step } = findStep("tx:succeeded");
    const call = callOf(batch, step);
    const preCursor = { ...step.witness.preCursor, txLeft: step.witness.preCursor.txLeft + 1n };
    const witness = encodeStepWitness({ ...step.witness, preCursor });
    assert.equal(await revertOf(batch, { ctx: call.ctx, witness }), "PreCommitmentMismatch");
  });

  it("a missing chunk", async () => {
    const empty = { firstChunk: 0, chunks: [], proofs: [] };
    const { batch, step } = findStep("block");
    assert.equal(
      await revertOf(batch, callOf(batch, step, { ...step.witness, window: empty })),
      "InsufficientWitness",
    );
    // A small batch is one chunk, which covers both the record and its fee entry.
    const tx = findStep("tx:succeeded");
    assert.equal(
      await revertOf(
        tx.batch,
        callOf(tx.batch, tx.step, { ...tx.step.witness, feeWindow: empty, window: empty }),
      ),
      "InsufficientWitness",
    );
  });

  it("a chunk that is not the batch's", async () => {
    const { batch, step } = findStep("block");
    const chunks = step.witness.window.chunks.map((c) => c.slice());
    chunks[0]![5]! ^= 0x40;
    const window = { ...step.witness.window, chunks };
    assert.equal(
      await revertOf(batch, callOf(batch, step, { ...step.witness, window })),
      "ChunkProofMismatch",
    );
  });

  it("a data opening of another batch", async () => {
    const { batch, step } = findStep("tx:succeeded");
    const call = callOf(batch, step);
    const ctx = { ...call.ctx, dataRoot: `0x${"22".repeat(32)}` as Hex };
    assert.equal(await revertOf(batch, { ...call, ctx }), "DataRootMismatch");
  });

  it("a wrong queue entry", async () => {
    const { batch, step } = findStep("queue", (s) => s.witness.queueEntry?.kind === "eth-deposit");
    const entry = step.witness.queueEntry!;
    assert.equal(entry.kind, "eth-deposit");
    if (entry.kind !== "eth-deposit") return;
    const more = { ...entry, amount: entry.amount + 1n };
    assert.equal(
      await revertOf(batch, callOf(batch, step, { ...step.witness, queueEntry: more })),
      "QueueEntryMismatch",
    );
    const later = { ...entry, l1Timestamp: entry.l1Timestamp + 1n };
    assert.equal(
      await revertOf(batch, callOf(batch, step, { ...step.witness, queueEntry: later })),
      "QueueEntryMismatch",
    );
  });

  it("a queue entry on a step that is not a queue step", async () => {
    const { batch, step } = findStep("tx:succeeded");
    const entry = batch.queue[0]!;
    assert.equal(
      await revertOf(batch, callOf(batch, step, { ...step.witness, queueEntry: entry })),
      "UnexpectedQueueEntry",
    );
  });

  it("more tree proofs than the step reads", async () => {
    const { batch, step } = findStep("tx:succeeded");
    const reads = [...step.witness.reads, step.witness.reads[0]!];
    assert.equal(await revertOf(batch, callOf(batch, step, { ...step.witness, reads })), "UnusedTreeProofs");
    const { batch: b2, step: s2 } = findStep("block");
    assert.equal(
      await revertOf(b2, callOf(b2, s2, { ...s2.witness, reads: step.witness.reads.slice(0, 1) })),
      "UnusedTreeProofs",
    );
  });

  it("fewer tree proofs than the step reads", async () => {
    const { batch, step } = findStep("tx:succeeded");
    const reads = step.witness.reads.slice(0, -1);
    assert.equal(await revertOf(batch, callOf(batch, step, { ...step.witness, reads })), "ProofsExhausted");
  });

  it("a missing, wrong or unused withdrawals frontier", async () => {
    const { batch, step } = findStep("tx:succeeded", (s) => s.witness.withdrawalFrontier !== undefined);
    const { withdrawalFrontier: frontier, ...without } = step.witness;
    assert.equal(await revertOf(batch, callOf(batch, step, without)), "WithdrawalFrontierLength", "missing");
    const wrong = frontier!.map((f) => f.slice());
    const count = Number(step.witness.preHeader.withdrawalCount);
    // A word the fold uses: the lowest height whose bit is set in count, or (count 0) none: then a
    // frontier of the wrong length.
    const height = count === 0 ? -1 : Math.log2(count & -count);
    if (height >= 0) {
      wrong[height]![0]! ^= 1;
      assert.equal(
        await revertOf(batch, callOf(batch, step, { ...step.witness, withdrawalFrontier: wrong })),
        "FrontierMismatch",
      );
    }
    assert.equal(
      await revertOf(batch, callOf(batch, step, { ...step.witness, withdrawalFrontier: frontier!.slice(1) })),
      "WithdrawalFrontierLength",
    );
    const { batch: b2, step: s2 } = findStep("block");
    assert.equal(
      await revertOf(b2, callOf(b2, s2, { ...s2.witness, withdrawalFrontier: frontier! })),
      "WithdrawalFrontierLength",
      "unused",
    );
  });

  it("witness bytes that are not a StepWitness", async () => {
    const { batch, step } = findStep("block");
    const call = callOf(batch, step);
    assert.equal(await revertOf(batch, { ctx: call.ctx, witness: "0x" }), "MalformedWitness");
    assert.equal(
      await revertOf(batch, { ctx: call.ctx, witness: `0x${"ff".repeat(64)}` }),
      "MalformedWitness",
    );
  });
});

describe("StepVerifier on pre-states no honest execution reaches", () => {
  it("keeps the cursor's offset when the batch header is malformed (docs/protocol.md §6.4)", async () => {
    // A START cursor at offset 7 (c_0 is always at offset 0): §6.4 keeps every field but the status,
    // in the TypeScript machine and the verifier alike.
    const data = Uint8Array.from([2, ...new Array(30).fill(0)]); // version 2
    const preCursor = { offset: 7, status: 0, dictCount: 3, baseFee: 5n, queueLeft: 0n, txLeft: 0n } as const;
    const witness: EncodableStepWitness = {
      preHeader: GENESIS_HEADER,
      preCursor,
      chunkRoot: computeChunkRoot(data),
      dataLength: data.length,
      window: dataWindow(data, 0, 1200),
      feeWindow: { firstChunk: 0, chunks: [], proofs: [] },
      reads: [],
    };
    const ctx = createStepContext(witness, { queueLimit: 0n, queueStart: 0n });
    const verifier = verifiers.get(vectors.batches[0]!.name)!;
    const [postCommitment, postStateRoot] = await verifier.read.executeStep([
      ctx,
      encodeStepWitness(witness),
    ]);
    const root = stateRootOf(GENESIS_HEADER);
    assert.equal(postStateRoot, bytesToHex(root));
    assert.equal(postCommitment, bytesToHex(commitmentOf(root, { ...preCursor, status: STATUS_HALTED })));
    const machine = new BatchMachine(
      new L2State(),
      { data, queueLimit: 0n, config: TEST_CONFIG, queueEntry: noQueue },
      preCursor,
    );
    machine.step();
    assert.equal(bytesToHex(machine.commitment()), postCommitment);
  });
});

describe("StepVerifier deployment", () => {
  it("refuses zero parameters", async () => {
    const good = { bridge: caller.address as Address, chainId: 1n, feeVault: caller.address as Address };
    for (const [name, args] of [
      ["bridge", { ...good, bridge: "0x0000000000000000000000000000000000000000" }],
      ["chainId", { ...good, chainId: 0n }],
      ["feeVault", { ...good, feeVault: "0x0000000000000000000000000000000000000000" }],
    ] as const) {
      await assert.rejects(deployStepVerifier(viem, args), (e: Error) => e.message.includes(name));
    }
  });

  it("keeps its parameters as immutables", async () => {
    const verifier = verifiers.get(vectors.batches[0]!.name)!;
    assert.equal(await verifier.read.CHAIN_ID(), vectors.chainId);
    assert.equal((await verifier.read.FEE_VAULT()).toLowerCase(), vectors.feeVault);
  });
});
