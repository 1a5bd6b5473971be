import type { EncodableTx, Hex, StateHeader } from "@halcyon/protocol";
import type { SealedBlock } from "../chain/sealedBlock.ts";

/** What the batcher needs of a sealed block: its batch header fields, transactions and post-state. */
export type BatchableBlock = {
  readonly number: bigint;
  /** Seconds. */
  readonly timestamp: bigint;
  readonly baseFee: bigint;
  readonly queueStart: bigint;
  readonly queueCount: bigint;
  readonly stateRoot: Hex;
  /** The state header after the block. */
  readonly state: StateHeader;
  /** The transactions with the address hints the block producer used (so the encoding matches its count). */
  readonly txs: readonly EncodableTx[];
  /** The L1 timestamp of the oldest queue entry the block applies (force-inclusion deadlines). */
  readonly oldestEntryTimestamp: bigint | undefined;
};

/** A block sealed by this process, as the batcher takes it. */
export function batchableOfSealed(block: SealedBlock): BatchableBlock {
  const h = block.header;
  return {
    number: h.number,
    timestamp: h.timestamp,
    baseFee: h.baseFee,
    queueStart: h.queueStart,
    queueCount: h.queueCount,
    stateRoot: h.stateRoot,
    state: h.state,
    txs: block.transactions.map((t) => {
      const { chainId: _chainId, hash: _hash, ...fields } = t.tx;
      return { ...fields, ...t.hints };
    }),
    oldestEntryTimestamp: block.queueEntries[0]?.entry.l1Timestamp,
  };
}
