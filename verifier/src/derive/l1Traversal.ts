import type { L1PublicClient } from "@halcyon/node-common";
import { BlockNotFoundError } from "viem";
import { ResetError } from "../errors.ts";
import type { BlockHashRef } from "../store/derivationStore.ts";
import type { L1BlockRef } from "./types.ts";

// Stage 1 of the derivation: walks L1 forward in bounded ranges of confirmed blocks. A range starts
// right after the cursor, and its first block must have the cursor as its parent; while there is
// nothing new, the cursor block itself must still be on the canonical chain. Either failure means a
// reorg reached what the verifier derived: ResetError, and the pipeline rewinds.

export type L1TraversalOptions = {
  readonly client: L1PublicClient;
  /** Blocks a block must have on top of it before its logs are read. */
  readonly confirmations: number;
  /** Most blocks per range (the log query's span). */
  readonly maxBlockRange: number;
};

export type L1Range = { readonly from: L1BlockRef; readonly to: L1BlockRef };

export class L1Traversal {
  readonly #client: L1PublicClient;
  readonly #confirmations: bigint;
  readonly #maxRange: bigint;
  #range: bigint;
  #cursor: BlockHashRef;
  /** The L1 head and the highest confirmed block at the last poll. */
  head: bigint | undefined;
  confirmed: bigint | undefined;

  constructor(options: L1TraversalOptions, cursor: BlockHashRef) {
    this.#client = options.client;
    this.#confirmations = BigInt(options.confirmations);
    this.#maxRange = BigInt(options.maxBlockRange);
    this.#range = this.#maxRange;
    this.#cursor = cursor;
  }

  get cursor(): BlockHashRef {
    return this.#cursor;
  }

  /** The block at `number` on the canonical chain, or undefined if the chain has none there (yet). */
  async blockRef(number: bigint): Promise<L1BlockRef | undefined> {
    if (number < 0n) return undefined;
    try {
      const block = await this.#client.getBlock({ blockNumber: number });
      if (block.hash === null || block.number === null) return undefined;
      return {
        number: block.number,
        hash: block.hash,
        parentHash: block.parentHash,
        timestamp: block.timestamp,
      };
    } catch (error) {
      if (error instanceof BlockNotFoundError) return undefined;
      throw error;
    }
  }

  /** Polls the head; the next range of confirmed blocks to read, or null when caught up. */
  async nextRange(): Promise<L1Range | null> {
    const head = await this.#client.getBlockNumber({ cacheTime: 0 });
    const confirmed = head - this.#confirmations;
    this.head = head;
    this.confirmed = confirmed;
    const cursor = this.#cursor;
    if (confirmed <= cursor.number) {
      // Nothing to read: check that what was read is still there (a reorg of the cursor block).
      if (cursor.number >= 0n) {
        const current = await this.blockRef(cursor.number);
        if (current?.hash !== cursor.hash) {
          throw new ResetError("the last derived L1 block left the canonical chain", {
            details: { block: cursor.number, stored: cursor.hash, canonical: current?.hash ?? "none" },
          });
        }
      }
      return null;
    }
    const fromNumber = cursor.number + 1n;
    let toNumber = fromNumber + this.#range - 1n;
    if (toNumber > confirmed) toNumber = confirmed;
    const from = await this.blockRef(fromNumber);
    if (from === undefined) return null; // the head moved back meanwhile; the next poll will see why
    if (cursor.number >= 0n && from.parentHash !== cursor.hash) {
      throw new ResetError("L1 block does not build on the last derived block", {
        details: { block: from.number, parentHash: from.parentHash, stored: cursor.hash },
      });
    }
    const to = toNumber === fromNumber ? from : await this.blockRef(toNumber);
    if (to === undefined) return null;
    return { from, to };
  }

  /** The range was read and stored: continue after `to`. */
  advance(to: BlockHashRef): void {
    this.#cursor = { number: to.number, hash: to.hash };
  }

  /** After a rewind to a common ancestor. */
  resetTo(cursor: BlockHashRef): void {
    this.#cursor = cursor;
  }

  /** A log query failed (too many results, a timeout): try half the span next time. */
  shrinkRange(): void {
    this.#range = this.#range > 1n ? this.#range / 2n : 1n;
  }

  /** A range succeeded: grow the span back towards the configured maximum. */
  growRange(): void {
    const doubled = this.#range * 2n;
    this.#range = doubled > this.#maxRange ? this.#maxRange : doubled;
  }

  get rangeSize(): bigint {
    return this.#range;
  }
}
