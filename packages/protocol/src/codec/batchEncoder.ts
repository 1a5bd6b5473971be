import { BATCH_VERSION, MAX_BATCH_BYTES, MAX_FEE_DICT_ENTRIES } from "../constants.ts";
import { BATCH_HEADER_BYTES, FEE_ENTRY_BYTES } from "./batchReader.ts";
import { ByteWriter } from "./byteWriter.ts";
import { writeCompact } from "./compact.ts";
import {
  BatchTooLargeError,
  EncoderStateError,
  FeeDictionaryFullError,
  UnencodableBlockError,
} from "./errors.ts";
import {
  type EncodableTx,
  planTxRecord,
  type TxRecordPlan,
  txRecordLength,
  writeTxRecord,
} from "./txRecordWriter.ts";
import type { FeeEntry } from "./types.ts";
import { MAX_VARUINT, varuintLength, writeVaruint } from "./varuint.ts";

// The batch encoder (docs/protocol.md §6.3). Transactions are added one by one, so the sequencer's
// batcher can ask what the batch would weigh with one more transaction (`sizeAfterTx`, `canAddTx`)
// and close the batch before it passes MAX_BATCH_BYTES or the fee dictionary fills up.

/** A block's header fields as the encoder takes them. `timestamp` is absolute (seconds). */
export type EncodableBlock = {
  readonly timestamp: bigint;
  /** The block's base fee as it will be declared (the state transition raises it to MIN_BASE_FEE). */
  readonly baseFee: bigint;
  readonly queueCount: bigint;
};

export type BatchInput = {
  readonly timestamp: bigint;
  readonly blocks: readonly (EncodableBlock & { readonly txs: readonly EncodableTx[] })[];
};

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_BASE_FEE = (1n << 128n) - 1n;

type OpenBlock = { prefix: ByteWriter; records: ByteWriter; txCount: number };

export class BatchEncoder {
  readonly timestamp: bigint;
  #lastTimestamp: bigint;
  #feeIndex = new Map<string, number>();
  #fees: FeeEntry[] = [];
  #blocks: OpenBlock[] = [];
  #blockBytes = 0; // every block's bytes, txCount varuints included
  #txCount = 0;
  #stepCount = 0;

  constructor(timestamp: bigint) {
    if (typeof timestamp !== "bigint" || timestamp < 0n || timestamp > MAX_UINT64) {
      throw new UnencodableBlockError("batch timestamp must be 0..2^64-1", { details: { timestamp } });
    }
    this.timestamp = timestamp;
    this.#lastTimestamp = timestamp;
  }

  /** Bytes of the batch data as it stands. */
  get size(): number {
    return BATCH_HEADER_BYTES + FEE_ENTRY_BYTES * this.#fees.length + this.#blockBytes;
  }

  get blockCount(): number {
    return this.#blocks.length;
  }

  get txCount(): number {
    return this.#txCount;
  }

  get feeEntryCount(): number {
    return this.#fees.length;
  }

  /**
   * Steps that apply everything in the data: one per block, per declared queue entry and per
   * transaction (the machine caps a block's queue entries by the batch's queueLimit).
   */
  get stepCount(): number {
    return this.#stepCount;
  }

  #blockPrefix(block: EncodableBlock): ByteWriter {
    const { timestamp, baseFee, queueCount } = block;
    if (typeof timestamp !== "bigint" || timestamp < this.#lastTimestamp || timestamp > MAX_UINT64) {
      throw new UnencodableBlockError("block timestamps must not decrease nor precede the batch's", {
        details: { timestamp, previous: this.#lastTimestamp },
      });
    }
    if (typeof baseFee !== "bigint" || baseFee < 0n || baseFee > MAX_BASE_FEE) {
      throw new UnencodableBlockError("block base fee must be 0..2^128-1", { details: { baseFee } });
    }
    if (typeof queueCount !== "bigint" || queueCount < 0n || queueCount > MAX_VARUINT) {
      throw new UnencodableBlockError("queue count must be 0..2^64-1", { details: { queueCount } });
    }
    const prefix = new ByteWriter(32);
    writeVaruint(prefix, timestamp - this.#lastTimestamp);
    writeCompact(prefix, baseFee);
    writeVaruint(prefix, queueCount);
    return prefix;
  }

  /** The size the batch would have after `addBlock(block)`. */
  sizeAfterBlock(block: EncodableBlock): number {
    return this.size + this.#blockPrefix(block).length + 1;
  }

  /** Opens a new block; later transactions go into it. Throws UnencodableBlockError on bad fields. */
  addBlock(block: EncodableBlock): void {
    const prefix = this.#blockPrefix(block);
    this.#blocks.push({ prefix, records: new ByteWriter(1024), txCount: 0 });
    this.#lastTimestamp = block.timestamp;
    this.#blockBytes += prefix.length + 1;
    this.#stepCount += 1 + Number(block.queueCount);
  }

  #currentBlock(): OpenBlock {
    const block = this.#blocks.at(-1);
    if (block === undefined) throw new EncoderStateError("add a block before its transactions");
    return block;
  }

  /** Bytes the record of `plan` adds to the current block, with its new fee entry if it needs one. */
  #growth(plan: TxRecordPlan, block: OpenBlock): { feeIndex: number; isNew: boolean; bytes: number } {
    const known = this.#feeIndex.get(plan.feeKey);
    const feeIndex = known ?? this.#fees.length;
    const isNew = known === undefined;
    const bytes =
      txRecordLength(plan, feeIndex) +
      (isNew ? FEE_ENTRY_BYTES : 0) +
      varuintLength(BigInt(block.txCount + 1)) -
      varuintLength(BigInt(block.txCount));
    return { feeIndex, isNew, bytes };
  }

  /**
   * The size the batch would have after `addTx(tx)`. Throws UnencodableTransactionError if `tx`
   * cannot be encoded, EncoderStateError before the first block.
   */
  sizeAfterTx(tx: EncodableTx): number {
    return this.size + this.#growth(planTxRecord(tx), this.#currentBlock()).bytes;
  }

  /**
   * Whether `tx` fits: the batch stays within `maxBytes` and the fee dictionary within
   * MAX_FEE_DICT_ENTRIES. Throws like `sizeAfterTx`.
   */
  canAddTx(tx: EncodableTx, maxBytes: number = MAX_BATCH_BYTES): boolean {
    const plan = planTxRecord(tx);
    const { feeIndex, bytes } = this.#growth(plan, this.#currentBlock());
    return feeIndex < MAX_FEE_DICT_ENTRIES && this.size + bytes <= maxBytes;
  }

  /**
   * Appends `tx` to the current block. Throws UnencodableTransactionError if it cannot be encoded,
   * FeeDictionaryFullError if it needs a 256th fee entry, EncoderStateError before the first block.
   * Does not check MAX_BATCH_BYTES (see `canAddTx`; `finish` does).
   */
  addTx(tx: EncodableTx): void {
    const plan = planTxRecord(tx);
    const block = this.#currentBlock();
    const { feeIndex, isNew, bytes } = this.#growth(plan, block);
    if (feeIndex >= MAX_FEE_DICT_ENTRIES) {
      throw new FeeDictionaryFullError("the batch's fee dictionary is full", {
        details: { entries: this.#fees.length },
      });
    }
    if (isNew) {
      this.#feeIndex.set(plan.feeKey, feeIndex);
      this.#fees.push(plan.fee);
    }
    writeTxRecord(block.records, plan, feeIndex);
    block.txCount++;
    this.#txCount++;
    this.#stepCount++;
    // The size getter counts fee entries itself.
    this.#blockBytes += bytes - (isNew ? FEE_ENTRY_BYTES : 0);
  }

  /** The batch data. Throws BatchTooLargeError above MAX_BATCH_BYTES. Can be called more than once. */
  finish(): Uint8Array {
    const size = this.size;
    if (size > MAX_BATCH_BYTES) {
      throw new BatchTooLargeError("batch data longer than MAX_BATCH_BYTES", { details: { size } });
    }
    const out = new ByteWriter(size);
    out.u8(BATCH_VERSION);
    out.uint(this.timestamp, 8);
    out.u8(this.#fees.length);
    for (const fee of this.#fees) {
      out.u8(fee.type);
      out.uint(fee.gasLimit, 4);
      out.uint(fee.maxPriorityFeePerGas, 16);
      out.uint(fee.maxFeePerGas, 16);
    }
    for (const block of this.#blocks) {
      block.prefix.copyTo(out);
      writeVaruint(out, BigInt(block.txCount));
      block.records.copyTo(out);
    }
    return out.toBytes();
  }
}

export function createBatchEncoder(timestamp: bigint): BatchEncoder {
  return new BatchEncoder(timestamp);
}

/** Encodes a whole batch. Throws as BatchEncoder's methods do. */
export function encodeBatch(input: BatchInput): Uint8Array {
  const encoder = new BatchEncoder(input.timestamp);
  for (const block of input.blocks) {
    encoder.addBlock(block);
    for (const tx of block.txs) encoder.addTx(tx);
  }
  return encoder.finish();
}
