import type { BatchRecord } from "@halcyon/node-common";
import type { QueueEntry, StateHeader } from "@halcyon/protocol";
import type { Hex } from "viem";

// What the derivation pipeline produces from L1, stage by stage, before it is stored.

/** An L1 block as the traversal knows it: enough to chain blocks by parent hash. */
export type L1BlockRef = {
  readonly number: bigint;
  readonly hash: Hex;
  readonly parentHash: Hex;
  readonly timestamp: bigint;
};

/** Where a derived item came from on L1: its block and its log's position there. */
export type L1Origin = {
  readonly l1Block: bigint;
  readonly l1BlockHash: Hex;
  readonly logIndex: number;
};

/** A Bridge queue entry, rebuilt from its event and checked against Bridge.queueEntry(i). */
export type DerivedQueueEntry = L1Origin & {
  readonly kind: "queue-entry";
  readonly entry: QueueEntry;
  /** The raw signed transaction of a forced transaction (what the event carried). */
  readonly rawTransaction?: Uint8Array;
  /** keccak(abi.encode(dataHash, uint64 l1Timestamp)), equal to the Bridge's stored hash. */
  readonly entryHash: Uint8Array;
};

/** A batch from BatchAppended, with its data rebuilt from the appendBatch calldata. */
export type DerivedBatch = L1Origin & {
  readonly kind: "batch";
  readonly recordHash: Hex;
  readonly record: BatchRecord;
  /** The claimed post-state header (its hash is record.stateRoot). */
  readonly header: StateHeader;
  readonly data: Uint8Array;
  readonly l1TxHash: Hex;
};

/** A BatchesDeleted event: batches [fromIndex, previousCount) are gone. */
export type DerivedDeletion = L1Origin & {
  readonly kind: "deletion";
  readonly fromIndex: bigint;
  readonly previousCount: bigint;
  readonly stateRoot: Hex;
  readonly queueApplied: bigint;
  readonly epoch: bigint;
};

export type DerivedItem = DerivedQueueEntry | DerivedBatch | DerivedDeletion;

/** Everything one range of L1 blocks brought, in log order, and the block the cursor moves to. */
export type DerivedRange = {
  readonly to: L1BlockRef;
  /** Blocks that carried a derived item, with their hashes (kept to detect reorgs later). */
  readonly blocks: readonly { readonly number: bigint; readonly hash: Hex }[];
  readonly items: readonly DerivedItem[];
};

/** The chain of live batches as derived so far: what the next item must continue. */
export type DerivedHead = {
  /** Live batches, genesis included (the next batch's index). */
  readonly batchCount: bigint;
  readonly lastStateRoot: Hex;
  readonly queueApplied: bigint;
  readonly epoch: bigint;
  /** Queue entries derived so far (the next entry's index). */
  readonly queueLength: bigint;
};
