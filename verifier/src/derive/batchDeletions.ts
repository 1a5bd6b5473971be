import type { BatchesDeletedLog } from "./l1Retrieval.ts";
import type { DerivedDeletion } from "./types.ts";

// Stage 3c of the derivation: BatchesDeleted (a game was lost) removes batch fromIndex and every later
// one; the chain continues from the parent's root and queue position. The store marks the deleted
// batches with the deleting block (a reorg of that block makes them live again), and the replay unwinds
// its state to the parent of the first deleted batch.

export class BatchDeletionStage {
  nextDeletions(logs: readonly BatchesDeletedLog[]): DerivedDeletion[] {
    return logs.map((log) => ({
      kind: "deletion",
      fromIndex: log.args.fromIndex,
      previousCount: log.args.previousCount,
      stateRoot: log.args.stateRoot,
      queueApplied: log.args.queueApplied,
      epoch: log.args.epoch,
      l1Block: log.blockNumber,
      l1BlockHash: log.blockHash,
      logIndex: log.logIndex,
    }));
  }
}
