// The differential test of the one-step verifier: for every step of many random batches, the StepVerifier
// (contracts/StepVerifier.sol) must return the post-state commitment and state root that the TypeScript
// state transition (packages/protocol's BatchMachine) reaches from the same pre-state.
//
// Batches come from test/contracts/stepVerifier/scenarioGenerator.ts: every kind of transaction and
// outcome, queue entries made through the REAL Bridge (deployed by scripts/deploy.ts; entries rebuilt from
// its events, so the verifier checks the hashes the Bridge stored), and malformed data. Each batch is
// replayed by the BatchMachine from the chain's state, recording every step's witness (recordStep), which
// is ABI-encoded (encodeStepWitness) and run through a batch caller, many steps per eth_call.
//
// Fixed seed by default. Environment: HALCYON_DIFF_STEPS (default 10000) steps at least,
// HALCYON_DIFF_SEED (default 0x5eed) the seed, HALCYON_DIFF_REPORT=1 to print the statistics and the gas
// table.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { bytesToHex, equalBytes } from "../../packages/protocol/src/bytes.ts";
import { computeDataRoot } from "../../packages/protocol/src/codec/dataCommitment.ts";
import { MIN_BASE_FEE } from "../../packages/protocol/src/constants.ts";
import { decodeAccount } from "../../packages/protocol/src/state/account.ts";
import { L2State } from "../../packages/protocol/src/state/l2State.ts";
import type { QueueEntry } from "../../packages/protocol/src/state/queueEntry.ts";
import { accountKey } from "../../packages/protocol/src/state/stateKeys.ts";
import { WithdrawalTree } from "../../packages/protocol/src/state/withdrawalTree.ts";
import type { SignedFields } from "../../packages/protocol/src/stf/applyTransaction.ts";
import { BatchMachine, type StepResult } from "../../packages/protocol/src/stf/batchMachine.ts";
import {
  type Cursor,
  commitmentOf,
  STATUS_ENDED,
  STATUS_HALTED,
  STATUS_START,
} from "../../packages/protocol/src/stf/cursor.ts";
import { recoverTxSender } from "../../packages/protocol/src/stf/recoverTxSender.ts";
import { TEST_CONFIG } from "../../packages/protocol/src/testing/fixtures.ts";
import { queueLookup } from "../../packages/protocol/src/testing/scenario.ts";
import { createMemoryNodeStore } from "../../packages/protocol/src/tree/nodeStore.ts";
import { createStateTree, openStateTree } from "../../packages/protocol/src/tree/stateTree.ts";
import {
  createStepContext,
  encodeStepWitness,
  recordStep,
  type StepWitness,
} from "../../packages/protocol/src/witness/index.ts";
import { createRng } from "./libraries/helpers.ts";
import { deployBatchCaller, runSteps, type StepCall, type StepCallResult } from "./stepVerifier/helpers.ts";
import { deployL1, makeQueueEntries } from "./stepVerifier/l1.ts";
import { ScenarioGenerator } from "./stepVerifier/scenarioGenerator.ts";

const TARGET_STEPS = Number(process.env.HALCYON_DIFF_STEPS ?? 10_000);
const SEED = Number(process.env.HALCYON_DIFF_SEED ?? 0x5eed);
const REPORT = process.env.HALCYON_DIFF_REPORT === "1";
/** Steps sent to the verifier together (several eth_calls); generation goes on meanwhile. */
const FLUSH_STEPS = 512;

/** The category a step's gas is reported under, and its finer outcome label. */
function classify(w: StepWitness): { kind: string; label: string } {
  const r: StepResult = w.result;
  switch (r.kind) {
    case "block":
      return { kind: w.preCursor.status === STATUS_START ? "block (first)" : "block", label: "block" };
    case "end":
      return { kind: w.preCursor.status === STATUS_START ? "block (first)" : "end", label: "end" };
    case "halt":
      return { kind: "halt", label: `halt:${r.malformed.reason}` };
    case "noop":
      return { kind: "noop", label: "noop" };
    case "queue": {
      const o = r.outcome;
      if (o.kind === "deposit") {
        return {
          kind: `queue ${r.entry.kind}`,
          label: `queue:${r.entry.kind}:${o.applied ? "applied" : "skipped"}`,
        };
      }
      const status = o.outcome.status;
      const detail = status === "invalid" ? o.outcome.reason : status === "failed" ? o.outcome.failure : "";
      return {
        kind: "queue forced-transaction",
        label: `queue:forced:${status}${detail ? `:${detail}` : ""}`,
      };
    }
    case "tx": {
      const o = r.outcome;
      const call = r.tx === undefined ? "unresolved" : callKindLabel(r.tx.to, r.tx.data);
      if (o.status === "invalid") return { kind: "tx invalid", label: `tx:invalid:${o.reason}` };
      return {
        kind: `tx ${call}`,
        label: `tx:${call}:${o.status}${o.status === "failed" ? `:${o.failure}` : ""}`,
      };
    }
  }
}

/**
 * Features of a step the generator aims at, beyond its outcome: legacy or EIP-1559, fee edge cases (maxFee
 * equal to the price base, tip 0, a balance that exactly covers gasLimit * maxFee + value or is one wei
 * short), accounts created, token registrations, queue counts capped by queueLimit, fee-index escapes and
 * reads spanning several chunks.
 */
function featuresOf(w: StepWitness, accountsCreated: bigint, post: Cursor): string[] {
  const out: string[] = [];
  const r = w.result;
  if (accountsCreated > 0n) out.push("new-account");
  if (w.window.chunks.length > 1) out.push("window-spans-chunks");
  let tx: SignedFields | undefined;
  let priceBase = w.preCursor.baseFee;
  if (r.kind === "tx") {
    tx = r.tx;
    if (r.record.feeIndex >= 31) out.push("fee-index-escape");
  } else if (r.kind === "queue" && r.entry.kind === "forced-transaction") {
    tx = r.entry.tx;
    priceBase = MIN_BASE_FEE;
  } else if (r.kind === "queue" && r.entry.kind === "erc20-deposit") {
    const first = w.reads[0]!;
    const t = first.proof.terminal;
    if (t.kind === "empty" || !equalBytes(t.key, first.key)) out.push("token-registration");
  } else if (r.kind === "block" && r.header.queueCount > post.queueLeft) {
    out.push("queue-capped");
  }
  if (tx !== undefined) {
    out.push(tx.type === 0 ? "legacy" : "eip1559");
    if (tx.maxFeePerGas === priceBase) out.push("maxFee=priceBase");
    if (tx.maxPriorityFeePerGas === 0n) out.push("tip=0");
    const sender = recoverTxSender(tx);
    if (sender !== null) {
      const key = accountKey(sender);
      const read = w.reads.find((x) => equalBytes(x.key, key));
      const t = read?.proof.terminal;
      const balance = t?.kind === "leaf" && equalBytes(t.key, key) ? decodeAccount(t.value).balance : 0n;
      const cost = tx.gasLimit * tx.maxFeePerGas + tx.value;
      if (balance > 0n && cost === balance) out.push("exact-balance");
      if (balance > 0n && cost === balance + 1n) out.push("one-wei-short");
    }
  }
  return out;
}

function callKindLabel(to: string, data: Uint8Array): string {
  if (to === "0x4a1c000000000000000000000000000000000001") return "eth-withdrawal";
  if (to.startsWith("0x4a1c7070")) {
    const selector = bytesToHex(data.subarray(0, 4));
    if (selector === "0xa9059cbb" && data.length === 68) return "token-transfer";
    if (selector === "0x2e1a7d4d" && data.length === 36) return "token-withdraw";
    return "token-other";
  }
  return "eth-transfer";
}

/** A copy of `state` to sequence the next batch on (the chain's own state is the machine's). */
function scratchCopy(state: L2State, store: ReturnType<typeof createMemoryNodeStore>): L2State {
  return new L2State({
    tree: openStateTree({ store, root: state.tree.commit() }),
    // Only the count matters to sequencing (the 2^32 cap): an empty tree stands in.
    withdrawals: new WithdrawalTree(),
    queueApplied: state.queueApplied,
    accountCount: state.accountCount,
  });
}

type Expected = {
  call: StepCall;
  postCommitment: string;
  postStateRoot: string;
  kind: string;
  label: string;
};

describe("StepVerifier vs the TypeScript state transition", () => {
  it(`agrees on every step of random batches (>= ${TARGET_STEPS} steps, seed ${SEED})`, async () => {
    const started = Date.now();
    const { viem } = await network.create();
    const l1 = await deployL1(viem, TEST_CONFIG);
    const caller = await deployBatchCaller(viem);
    const verifier = l1.deployment.addresses.stepVerifier;
    const rng = createRng(SEED);
    const generator = new ScenarioGenerator(rng, {
      config: TEST_CONFIG,
      l1Senders: l1.senders.map((s) => s.account.address.toLowerCase() as `0x${string}`),
      l1Tokens: l1.tokens,
    });

    const store = createMemoryNodeStore();
    const chain = new L2State({ tree: createStateTree({ store }) });
    const entries: QueueEntry[] = [];
    const timings = { generate: 0, l1: 0, witness: 0, encode: 0, verify: 0 };
    const labels = new Map<string, number>();
    const features = new Map<string, number>();
    const gas = new Map<string, { max: bigint; count: number; witnessBytes: number; label: string }>();
    const mutations = new Map<string, number>();
    const failures: string[] = [];
    const inFlight: Promise<void>[] = [];
    let batchIndex = 0;
    let steps = 0;
    let pending: Expected[] = [];

    const check = (batch: Expected[], results: StepCallResult[]) => {
      results.forEach((result, i) => {
        const e = batch[i]!;
        if (!result.ok) {
          failures.push(`${e.label}: reverted with ${result.error}`);
          return;
        }
        if (result.postCommitment !== e.postCommitment || result.postStateRoot !== e.postStateRoot) {
          failures.push(`${e.label}: post-state differs (witness ${e.call.witness.slice(0, 200)}…)`);
        }
        const g = gas.get(e.kind);
        if (g === undefined || result.gasUsed > g.max) {
          gas.set(e.kind, {
            max: result.gasUsed,
            count: (g?.count ?? 0) + 1,
            witnessBytes: (e.call.witness.length - 2) / 2,
            label: e.label,
          });
        } else {
          g.count++;
        }
      });
    };
    const flush = () => {
      const batch = pending;
      pending = [];
      const t = Date.now();
      inFlight.push(
        runSteps(
          caller,
          verifier,
          batch.map((e) => e.call),
        ).then((results) => {
          timings.verify += Date.now() - t;
          check(batch, results);
        }),
      );
    };

    while (steps < TARGET_STEPS) {
      let t = Date.now();
      const planned = generator.planBatch(scratchCopy(chain, store), entries);
      timings.generate += Date.now() - t;
      mutations.set(planned.mutation, (mutations.get(planned.mutation) ?? 0) + 1);

      t = Date.now();
      entries.push(...(await makeQueueEntries(l1, TEST_CONFIG, planned.requests, BigInt(entries.length))));
      timings.l1 += Date.now() - t;

      const queueLimit = BigInt(entries.length);
      const queueStart = chain.queueApplied;
      const context = {
        data: planned.data,
        queueLimit,
        config: TEST_CONFIG,
        queueEntry: queueLookup(entries),
      };
      const dataRoot = bytesToHex(computeDataRoot(planned.data));
      const machine = new BatchMachine(chain, context);
      // Every step the data asks for, then a few no-ops past the end (or the halt).
      const limit = planned.encodedSteps + 40;
      let stopped = 0;
      for (let i = 0; i < limit && stopped < 2; i++) {
        t = Date.now();
        const witness = recordStep(machine, i);
        const postStateRoot = bytesToHex(chain.stateRoot());
        const postCommitment = bytesToHex(commitmentOf(chain.stateRoot(), machine.cursor));
        timings.witness += Date.now() - t;
        t = Date.now();
        const call: StepCall = {
          ctx: createStepContext(witness, { queueLimit, queueStart }),
          witness: encodeStepWitness(witness),
        };
        timings.encode += Date.now() - t;
        assert.equal(call.ctx.dataRoot, dataRoot);
        const { kind, label } = classify(witness);
        labels.set(label, (labels.get(label) ?? 0) + 1);
        for (const f of featuresOf(
          witness,
          chain.accountCount - witness.preHeader.accountCount,
          machine.cursor,
        )) {
          features.set(f, (features.get(f) ?? 0) + 1);
        }
        pending.push({
          call,
          postCommitment,
          postStateRoot,
          kind,
          label: `batch ${batchIndex} step ${i} ${label}`,
        });
        steps++;
        if (machine.cursor.status === STATUS_ENDED || machine.cursor.status === STATUS_HALTED) stopped++;
      }
      if (pending.length >= FLUSH_STEPS) flush();
      batchIndex++;
    }
    flush();
    await Promise.all(inFlight);
    const seconds = (Date.now() - started) / 1000;

    if (REPORT || failures.length > 0) {
      const sorted = [...labels.entries()].sort((a, b) => a[0].localeCompare(b[0]));
      console.log(`steps ${steps} in ${batchIndex} batches, ${seconds.toFixed(1)} s; timings (ms)`, timings);
      console.log("mutations", Object.fromEntries(mutations));
      console.log("outcomes", Object.fromEntries(sorted));
      console.log("features", Object.fromEntries([...features.entries()].sort()));
      console.log("gas (max per kind)");
      for (const [kind, g] of [...gas.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
        console.log(
          `  ${kind.padEnd(28)} ${String(g.max).padStart(8)}  ${String(g.witnessBytes).padStart(6)} B  ${g.label}`,
        );
      }
    }
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${steps} steps disagree`);
    assert.ok(steps >= TARGET_STEPS);
    // Coverage: every kind of step and outcome the generator aims at showed up.
    for (const label of [
      "block",
      "end",
      "noop",
      "queue:eth-deposit:applied",
      "queue:eth-deposit:skipped",
      "queue:erc20-deposit:applied",
      "queue:forced:succeeded",
      "queue:forced:invalid:nonce-mismatch",
      "queue:forced:invalid:insufficient-funds",
      "queue:forced:invalid:max-fee-below-base-fee",
      "tx:eth-transfer:succeeded",
      "tx:eth-transfer:failed:data-to-plain-address",
      "tx:eth-withdrawal:succeeded",
      "tx:eth-withdrawal:failed:zero-withdrawal",
      "tx:eth-withdrawal:failed:withdrawal-with-data",
      "tx:token-transfer:succeeded",
      "tx:token-transfer:failed:insufficient-token-balance",
      "tx:token-transfer:failed:transfer-to-zero-address",
      "tx:token-transfer:failed:value-to-token",
      "tx:token-withdraw:succeeded",
      "tx:token-withdraw:failed:zero-token-withdrawal",
      "tx:token-withdraw:failed:insufficient-token-balance",
      "tx:token-withdraw:failed:token-not-registered",
      "tx:token-other:failed:unknown-token-call",
      "tx:invalid:bad-signature",
      "tx:invalid:nonce-mismatch",
      "tx:invalid:gas-limit-too-low",
      "tx:invalid:tip-above-max-fee",
      "tx:invalid:max-fee-below-base-fee",
      "tx:invalid:insufficient-funds",
      "tx:invalid:unknown-account-index",
    ]) {
      assert.ok((labels.get(label) ?? 0) > 0, `no step with outcome ${label}`);
    }
    assert.ok(
      [...labels.keys()].some((l) => l.startsWith("halt:")),
      "no halted batch",
    );
    for (const feature of [
      "legacy",
      "eip1559",
      "maxFee=priceBase",
      "tip=0",
      "exact-balance",
      "one-wei-short",
      "new-account",
      "token-registration",
      "queue-capped",
      "fee-index-escape",
      "window-spans-chunks",
    ]) {
      assert.ok((features.get(feature) ?? 0) > 0, `no step with feature ${feature}`);
    }
  });
});
