import { createStateTree, L2State, WithdrawalTree } from "@halcyon/protocol";
import type { Leaf } from "../store/replayStore.ts";
import { createRecordingTree, type RecordingTree } from "./recordingTree.ts";

// Rebuilds an L2State from stored leaves: the tree from its leaves (the root depends only on the set
// of leaves), the withdrawals tree from its leaf hashes, and the header counters.

export type StateCounters = { readonly queueApplied: bigint; readonly accountCount: bigint };

export function buildState(
  leaves: readonly Leaf[],
  counters: StateCounters,
  withdrawalHashes: readonly Uint8Array[],
): L2State {
  const tree = createStateTree();
  for (const leaf of leaves) tree.set(leaf.key, leaf.value);
  return new L2State({
    tree,
    withdrawals: WithdrawalTree.fromLeaves(withdrawalHashes),
    queueApplied: counters.queueApplied,
    accountCount: counters.accountCount,
  });
}

/** The same, with a tree that records the leaves each batch changes (the replay's own state). */
export function buildRecordingState(
  leaves: readonly Leaf[],
  counters: StateCounters,
  withdrawalHashes: readonly Uint8Array[],
): { state: L2State; tree: RecordingTree } {
  const inner = createStateTree();
  for (const leaf of leaves) inner.set(leaf.key, leaf.value);
  const tree = createRecordingTree(inner);
  const state = new L2State({
    tree,
    withdrawals: WithdrawalTree.fromLeaves(withdrawalHashes),
    queueApplied: counters.queueApplied,
    accountCount: counters.accountCount,
  });
  return { state, tree };
}
