import type { EncodableTx, Hex, SignedTransaction, StateHeader } from "@halcyon/protocol";
import type { AddressHints, BlockHeader, SealedBlock } from "../chain/sealedBlock.ts";

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

/** A block as the batcher takes it, from its header, its transactions and its oldest entry's time. */
export function batchableBlock(
  h: BlockHeader,
  txs: readonly EncodableTx[],
  oldestEntryTimestamp: bigint | undefined,
): BatchableBlock {
  return {
    number: h.number,
    timestamp: h.timestamp,
    baseFee: h.baseFee,
    queueStart: h.queueStart,
    queueCount: h.queueCount,
    stateRoot: h.stateRoot,
    state: h.state,
    txs,
    oldestEntryTimestamp,
  };
}

/** A transaction as the encoder takes it, with the address hints the producer used. */
export function encodableTx(tx: SignedTransaction, hints: AddressHints): EncodableTx {
  const { chainId: _chainId, hash: _hash, ...fields } = tx;
  return { ...fields, ...hints };
}

/** A block sealed by this process, as the batcher takes it. */
export function batchableOfSealed(block: SealedBlock): BatchableBlock {
  return batchableBlock(
    block.header,
    block.transactions.map((t) => encodableTx(t.tx, t.hints)),
    block.queueEntries[0]?.entry.l1Timestamp,
  );
}
