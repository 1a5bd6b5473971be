import {
  BATCH_HEADER_BYTES,
  compactLength,
  type EncodableTx,
  FEE_ENTRY_BYTES,
  MAX_BATCH_BYTES,
  MAX_FEE_DICT_ENTRIES,
  planTxRecord,
  txRecordLength,
  varuintLength,
} from "@halcyon/protocol";

/**
 * The room one block takes in a batch of its own (docs/protocol.md §6.3): batch header, fee
 * dictionary, block header and transaction records, counted the way the batch encoder counts them
 * but without writing anything (the producer asks for every transaction of every block). A block
 * the producer seals always fits in one batch, so the batcher can post any block whole.
 */
export class BlockBatchSpace {
  #size: number;
  #txCount = 0;
  readonly #fees = new Map<string, number>();
  readonly #maxBytes: number;

  constructor(
    block: { readonly baseFee: bigint; readonly queueCount: bigint },
    maxBytes: number = MAX_BATCH_BYTES,
  ) {
    // Batch header, then the block: timestamp delta 0 (1 byte), base fee, queue count, tx count 0.
    this.#size = BATCH_HEADER_BYTES + 1 + compactLength(block.baseFee) + varuintLength(block.queueCount) + 1;
    this.#maxBytes = maxBytes;
  }

  /** Bytes of the batch holding this block alone, as it stands. */
  get size(): number {
    return this.#size;
  }

  /**
   * Counts `tx` in if the batch stays within the byte limit and the fee dictionary within
   * MAX_FEE_DICT_ENTRIES; returns whether it did. Throws UnencodableTransactionError like the encoder.
   */
  tryAdd(tx: EncodableTx): boolean {
    const plan = planTxRecord(tx);
    const known = this.#fees.get(plan.feeKey);
    const feeIndex = known ?? this.#fees.size;
    if (feeIndex >= MAX_FEE_DICT_ENTRIES) return false;
    const growth =
      txRecordLength(plan, feeIndex) +
      (known === undefined ? FEE_ENTRY_BYTES : 0) +
      varuintLength(BigInt(this.#txCount + 1)) -
      varuintLength(BigInt(this.#txCount));
    if (this.#size + growth > this.#maxBytes) return false;
    if (known === undefined) this.#fees.set(plan.feeKey, feeIndex);
    this.#size += growth;
    this.#txCount++;
    return true;
  }
}
