import {
  BaseError,
  BatchEncoder,
  FeeDictionaryFullError,
  MAX_BATCH_BYTES,
  MAX_BATCH_STEPS,
} from "@halcyon/protocol";
import type { BatchableBlock } from "./batchableBlock.ts";

/** A block cannot go into any batch (it is larger than a batch by itself). */
export class BatchBuilderError extends BaseError {
  override name = "BatchBuilderError";
}

export type BatchLimits = {
  /** At most MAX_BATCH_BYTES. */
  readonly maxBytes: number;
  /** At most MAX_BATCH_STEPS. */
  readonly maxSteps: number;
};

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxBytes: MAX_BATCH_BYTES, maxSteps: MAX_BATCH_STEPS };

/** A closed batch's contents. */
export type BuiltBatch = {
  readonly data: Uint8Array;
  readonly steps: number;
  readonly blocks: readonly BatchableBlock[];
};

/**
 * One open batch: whole blocks, in order, encoded as they come (docs/protocol.md §6.3) with the
 * protocol's encoder. A block that would take the batch past its byte or step limit, or past the fee
 * dictionary's 255 entries, is refused and the batch is left as it was (the encoder is rebuilt without
 * it: that happens once per batch, when it closes). The first block is always taken: the block producer
 * seals only blocks that fit in a batch of their own.
 */
export class BatchBuilder {
  readonly #limits: BatchLimits;
  #blocks: BatchableBlock[] = [];
  #encoder: BatchEncoder | undefined;

  constructor(limits: BatchLimits = DEFAULT_BATCH_LIMITS) {
    this.#limits = limits;
  }

  get blocks(): readonly BatchableBlock[] {
    return this.#blocks;
  }

  get isEmpty(): boolean {
    return this.#blocks.length === 0;
  }

  get steps(): number {
    return this.#encoder?.stepCount ?? 0;
  }

  get size(): number {
    return this.#encoder?.size ?? 0;
  }

  /** Adds `block` if the batch stays within its limits; returns whether it did. */
  tryAdd(block: BatchableBlock): boolean {
    const last = this.#blocks.at(-1);
    if (last !== undefined && block.number !== last.number + 1n) {
      throw new BatchBuilderError("blocks must be consecutive", {
        details: { expected: last.number + 1n, got: block.number },
      });
    }
    const blockSteps = 1 + Number(block.queueCount) + block.txs.length;
    const first = this.#encoder === undefined;
    if (!first && this.steps + blockSteps > this.#limits.maxSteps) return false;
    const encoder = this.#encoder ?? new BatchEncoder(block.timestamp);
    let fits: boolean;
    try {
      append(encoder, block);
      fits = encoder.size <= this.#limits.maxBytes && encoder.stepCount <= this.#limits.maxSteps;
    } catch (error) {
      if (!(error instanceof FeeDictionaryFullError)) throw error;
      fits = false;
    }
    if (!fits && first && encoder.size <= MAX_BATCH_BYTES && encoder.stepCount <= MAX_BATCH_STEPS) {
      // Larger than the configured limits but within the protocol's: it goes alone.
      fits = true;
    }
    if (!fits) {
      if (first) {
        throw new BatchBuilderError("a block does not fit in a batch of its own", {
          details: { block: block.number, size: encoder.size, steps: encoder.stepCount },
        });
      }
      this.#encoder = rebuild(this.#blocks);
      return false;
    }
    this.#encoder = encoder;
    this.#blocks.push(block);
    return true;
  }

  /** Closes the batch: its data and steps, and the builder is empty again. */
  finish(): BuiltBatch {
    if (this.#encoder === undefined) throw new BatchBuilderError("an empty batch cannot be closed");
    const built = { data: this.#encoder.finish(), steps: this.#encoder.stepCount, blocks: this.#blocks };
    this.#blocks = [];
    this.#encoder = undefined;
    return built;
  }
}

function append(encoder: BatchEncoder, block: BatchableBlock): void {
  encoder.addBlock({ timestamp: block.timestamp, baseFee: block.baseFee, queueCount: block.queueCount });
  for (const tx of block.txs) encoder.addTx(tx);
}

function rebuild(blocks: readonly BatchableBlock[]): BatchEncoder {
  const encoder = new BatchEncoder(blocks[0]!.timestamp);
  for (const block of blocks) append(encoder, block);
  return encoder;
}
