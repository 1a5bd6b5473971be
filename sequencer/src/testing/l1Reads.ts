import { type BatchRecord, rollupAbi } from "@halcyon/node-common";
import { type Address, type Hex, hexToBytes } from "@halcyon/protocol";
import { decodeFunctionData } from "viem";
import type { HalcyonL1 } from "../../../scripts/lib/harness/l1.ts";

// Test helpers that read what the sequencer put on L1 the way an independent party would: batches from
// the Rollup's events and the appendBatch calldata, withdrawal proofs turned into Bridge arguments.

/** A batch as L1 holds it: its record (from BatchAppended), data and steps (from the calldata). */
export type PostedBatch = {
  readonly record: BatchRecord;
  readonly data: Uint8Array;
  readonly steps: number;
  readonly transactionHash: Hex;
};

/** Every batch after genesis in BatchAppended order (indices are not checked: callers do). */
export async function readPostedBatches(
  l1: HalcyonL1,
): Promise<{ indices: bigint[]; batches: PostedBatch[] }> {
  const events = await l1.publicClient.getContractEvents({
    address: l1.deployment.addresses.rollup,
    abi: rollupAbi,
    eventName: "BatchAppended",
    fromBlock: l1.deployment.deployBlock,
  });
  const batches: PostedBatch[] = [];
  for (const event of events.slice(1)) {
    const tx = await l1.publicClient.getTransaction({ hash: event.transactionHash });
    const [data, steps] = decodeFunctionData({ abi: rollupAbi, data: tx.input }).args as unknown as [
      Hex,
      bigint,
    ];
    batches.push({
      record: { ...event.args.record! },
      data: hexToBytes(data),
      steps: Number(steps),
      transactionHash: event.transactionHash,
    });
  }
  return { indices: events.map((e) => e.args.index!), batches };
}

type Json = Record<string, unknown>;
type Siblings = readonly [Hex, ...Hex[]];

/** The arguments of Bridge.finalizeWithdrawal from a rollup_getWithdrawalProof answer. */
export function finalizeWithdrawalArgs(proof: Json) {
  const q = (v: unknown) => BigInt(v as string);
  const r = (proof.batch as Json).record as Json;
  const h = proof.header as Json;
  const w = proof.withdrawal as Json;
  const record: BatchRecord = {
    index: q(r.index),
    epoch: q(r.epoch),
    dataRoot: r.dataRoot as Hex,
    parentStateRoot: r.parentStateRoot as Hex,
    stateRoot: r.stateRoot as Hex,
    steps: Number(r.steps),
    queueStart: q(r.queueStart),
    queueLimit: q(r.queueLimit),
    queueApplied: q(r.queueApplied),
    appendedAt: q(r.appendedAt),
    proposer: r.proposer as Address,
  };
  const header = {
    treeRoot: h.treeRoot as Hex,
    withdrawalsRoot: h.withdrawalsRoot as Hex,
    withdrawalCount: q(h.withdrawalCount),
    queueApplied: q(h.queueApplied),
    accountCount: q(h.accountCount),
  };
  const withdrawal = {
    index: q(w.index),
    l2Sender: w.l2Sender as Address,
    l1Recipient: w.l1Recipient as Address,
    l1Token: w.l1Token as Address,
    amount: q(w.amount),
  };
  // viem types bytes32[32] as a 32-tuple; the answer holds exactly 32 siblings.
  return [record, header, withdrawal, proof.siblings as Siblings] as never;
}
