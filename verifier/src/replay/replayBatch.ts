import {
  type BatchContext,
  type ChainConfig,
  equalBytes,
  executeBatch,
  type L2State,
  type QueueEntry,
  type StateHeader,
  type WithdrawalLeaf,
} from "@halcyon/protocol";
import type { Hex } from "viem";
import type { LeafChange, RecordingTree } from "./recordingTree.ts";
import type { PrerecoveredSenders } from "./senderPrerecovery.ts";

// One batch through the protocol's state transition (docs/protocol.md §6.4), on the verifier's state:
// executeBatch with the batch's data, declared steps and queueLimit, queue entries by index from the
// derived queue, senders recovered in advance where possible. The outcome holds what the replay
// persists: the leaves the batch changed (with their previous values), its withdrawals, its computed
// post-state root and whether it equals the claimed one.

export type ReplayInput = {
  readonly index: bigint;
  readonly recordHash: Hex;
  readonly data: Uint8Array;
  readonly steps: number;
  readonly queueLimit: bigint;
  readonly claimedRoot: Uint8Array;
  readonly queueEntry: (queueIndex: bigint) => QueueEntry;
};

export type ReplayOutcome = {
  readonly index: bigint;
  readonly recordHash: Hex;
  readonly claimedRoot: Uint8Array;
  readonly computedRoot: Uint8Array;
  readonly agreed: boolean;
  readonly header: StateHeader;
  /** Transaction steps run, and those included (succeeded or failed, not invalid). */
  readonly txCount: number;
  readonly includedCount: number;
  readonly queueEntriesApplied: number;
  /** How decoding ended within the declared steps. */
  readonly stop: "running" | "ended" | "halted";
  readonly withdrawals: readonly WithdrawalLeaf[];
  readonly changes: readonly LeafChange[];
};

export function replayBatch(
  state: L2State,
  tree: RecordingTree,
  input: ReplayInput,
  config: ChainConfig,
  senders?: PrerecoveredSenders,
): ReplayOutcome {
  const context: BatchContext = {
    data: input.data,
    queueLimit: input.queueLimit,
    config,
    queueEntry: input.queueEntry,
    ...(senders === undefined
      ? {}
      : {
          senderAt: (offset: number) => senders.senders.get(offset),
          recordAt: (offset: number) => senders.records.get(offset),
        }),
  };
  const execution = executeBatch(state, context, input.steps);
  let txCount = 0;
  let includedCount = 0;
  let queueEntriesApplied = 0;
  let stop: ReplayOutcome["stop"] = "running";
  const withdrawals: WithdrawalLeaf[] = [];
  for (const result of execution.results) {
    if (result.kind === "tx") {
      txCount++;
      if (result.outcome.status !== "invalid") {
        includedCount++;
        if (result.outcome.withdrawal !== undefined) withdrawals.push(result.outcome.withdrawal);
      }
    } else if (result.kind === "queue") {
      queueEntriesApplied++;
      const outcome = result.outcome;
      if (outcome.kind === "forced-transaction" && outcome.outcome.status !== "invalid") {
        if (outcome.outcome.withdrawal !== undefined) withdrawals.push(outcome.outcome.withdrawal);
      }
    } else if (result.kind === "end") {
      stop = "ended";
    } else if (result.kind === "halt") {
      stop = "halted";
    }
  }
  return {
    index: input.index,
    recordHash: input.recordHash,
    claimedRoot: input.claimedRoot,
    computedRoot: execution.stateRoot,
    agreed: equalBytes(execution.stateRoot, input.claimedRoot),
    header: state.header(),
    txCount,
    includedCount,
    queueEntriesApplied,
    stop,
    withdrawals,
    changes: tree.takeChanges(),
  };
}
