import {
  BatchEncoder,
  type BatchContext,
  bytesToHex,
  type ChainConfig,
  computeDataRoot,
  type EncodableTx,
  GAS_TRANSFER,
  type L2State,
  MAX_BATCH_BYTES,
  MAX_BATCH_STEPS,
  type QueueEntry,
  recoverTxSender,
} from "@halcyon/protocol";
import type { BatchableBlock } from "../batcher/batchableBlock.ts";
import type { NewBatch } from "../store/batchTable.ts";
import type { FaultSpec } from "./faultSpec.ts";
import type { Lie } from "./lie.ts";
import { executeWithLie, type LieChooser } from "./lyingExecution.ts";

/** What a fault needs to rewrite a batch the batcher just cut. */
export type RewriteInput = {
  readonly spec: Exclude<FaultSpec, { kind: "censor" }>;
  /** The honest batch. */
  readonly batch: NewBatch;
  readonly blocks: readonly BatchableBlock[];
  readonly config: ChainConfig;
  /** A fresh copy of the state before the batch's first block. */
  readonly preState: () => Promise<L2State>;
  /** A fresh copy of the state after the batch's last block. */
  readonly postState: () => Promise<L2State>;
  /** The queue entries the batch applies, from `batch.queueStart` on. */
  readonly entries: readonly QueueEntry[];
};

/** The batch as the faulty sequencer posts it, and the lie its defender keeps telling (none if honest). */
export type Rewritten = { readonly batch: NewBatch; readonly lie: Lie | undefined };

/** A malformed varuint: a block header starting with it halts the machine (docs/protocol.md §6.3). */
const MALFORMED_BYTE = 0xff;

/** Signature values no key of anyone's made for these fields (r below n, s at most n/2). */
const FORGED_R = 0x5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5en;
const FORGED_S = 0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdefn;

function encode(blocks: readonly BatchableBlock[], extra?: EncodableTx, queueless = false) {
  const encoder = new BatchEncoder(blocks[0]!.timestamp);
  blocks.forEach((block, i) => {
    encoder.addBlock({
      timestamp: block.timestamp,
      baseFee: block.baseFee,
      queueCount: queueless ? 0n : block.queueCount,
    });
    for (const tx of block.txs) encoder.addTx(tx);
    if (extra !== undefined && i === blocks.length - 1) encoder.addTx(extra);
  });
  return { data: encoder.finish(), steps: encoder.stepCount };
}

function withTail(data: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(data);
  out[data.length] = MALFORMED_BYTE;
  return out;
}

/**
 * Rewrites `input.batch` as `input.spec` says, or returns undefined if the batch gives the fault
 * nothing to work on (no withdrawal for a wrong withdrawal leaf, say): the fault then waits for the
 * next batch. The claimed roots are always those of an execution of the rewritten data: the
 * protocol's for the honest faults (malformed data, skipped queue entries), the liar's otherwise.
 */
export async function rewriteBatch(input: RewriteInput): Promise<Rewritten | undefined> {
  const { spec, batch, blocks, config, entries } = input;
  let data = batch.data;
  let steps = batch.steps;
  let choose: LieChooser = () => undefined;
  let prepare: Parameters<typeof executeWithLie>[4];
  let honest = false;
  const lastStep = () => steps - 1;

  switch (spec.kind) {
    case "wrong-balance":
      choose = (i) =>
        i === lastStep()
          ? { kind: "credit", step: i, account: spec.account, amount: spec.amount }
          : undefined;
      break;
    case "wrong-fee":
      choose = (i, r) =>
        r.kind === "tx" && r.outcome.status !== "invalid"
          ? { kind: "credit", step: i, account: config.feeVault, amount: spec.delta }
          : undefined;
      break;
    case "deposit-wrong-account":
      choose = (i, r) =>
        r.kind === "queue" &&
        r.entry.kind === "eth-deposit" &&
        r.outcome.kind === "deposit" &&
        r.outcome.applied
          ? { kind: "redirect-deposit", step: i, to: spec.to }
          : undefined;
      break;
    case "wrong-withdrawal":
      prepare = (state) => {
        state.rewriteWithdrawal = (leaf) => ({
          ...leaf,
          l1Recipient: spec.recipient,
          amount: leaf.amount + spec.amountDelta,
        });
      };
      choose = (i, _r, state) =>
        state.rewritten
          ? { kind: "withdrawal-leaf", step: i, l1Recipient: spec.recipient, amountDelta: spec.amountDelta }
          : undefined;
      break;
    case "forged-signature": {
      const last = blocks.at(-1)!;
      const victim = (await input.postState()).peekAccount(spec.victim);
      const fee = GAS_TRANSFER * 4n * last.baseFee;
      if (victim.balance < fee + spec.value) return undefined;
      const forged: EncodableTx = {
        type: 2,
        nonce: victim.nonce,
        maxPriorityFeePerGas: 0n,
        maxFeePerGas: 4n * last.baseFee,
        gasLimit: GAS_TRANSFER,
        to: spec.recipient,
        value: spec.value,
        data: new Uint8Array(0),
        yParity: 0,
        r: FORGED_R,
        s: FORGED_S,
      };
      ({ data, steps } = encode(blocks, forged));
      choose = (i) => (i === lastStep() ? { kind: "apply-as", step: i, sender: spec.victim } : undefined);
      break;
    }
    case "nonce-replay": {
      const replayed = [...blocks]
        .reverse()
        .find((b) => b.txs.length > 0)
        ?.txs.at(-1);
      if (replayed === undefined) return undefined;
      const sender = recoverTxSender({ ...replayed, chainId: config.chainId });
      if (sender === null) return undefined;
      ({ data, steps } = encode(blocks, replayed));
      choose = (i) => (i === lastStep() ? { kind: "replay", step: i, sender } : undefined);
      break;
    }
    case "skip-queue":
      if (!blocks.some((b) => b.queueCount > 0n)) return undefined;
      ({ data, steps } = encode(blocks, undefined, true));
      honest = true;
      break;
    case "malformed-data":
      data = withTail(batch.data, batch.data.length + 1);
      steps = batch.steps + 1;
      honest = true;
      break;
    case "lie-at-caps": {
      if (batch.data.length < spec.minBytes) return undefined;
      const dataSteps = batch.steps;
      data = withTail(batch.data, MAX_BATCH_BYTES);
      steps = MAX_BATCH_STEPS;
      const at =
        spec.position === "first" ? 0 : spec.position === "middle" ? Math.floor(dataSteps / 2) : steps - 1;
      choose = (i) =>
        i === at ? { kind: "credit", step: i, account: spec.account, amount: spec.amount } : undefined;
      break;
    }
  }

  const queueLimit = batch.queueStart + BigInt(entries.length);
  const byIndex = new Map(entries.map((e) => [e.queueIndex, e]));
  const context: BatchContext = {
    data,
    queueLimit,
    config,
    queueEntry: (queueIndex) => byIndex.get(queueIndex)!,
  };
  const outcome = executeWithLie(await input.preState(), context, steps, choose, prepare);
  if (!honest && outcome.lie === undefined) return undefined;
  return {
    batch: {
      ...batch,
      data,
      dataRoot: bytesToHex(computeDataRoot(data)),
      steps,
      stateRoot: bytesToHex(outcome.stateRoot),
      header: outcome.header,
    },
    lie: outcome.lie,
  };
}
