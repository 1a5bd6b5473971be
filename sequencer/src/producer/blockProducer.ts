import type { Logger } from "@halcyon/node-common";
import { BaseError, type Hex, MAX_BATCH_STEPS, type QueueEntry } from "@halcyon/protocol";
import type { ChainState } from "../chain/chainState.ts";
import type { BlockHeader, BlockWrites, SealedBlock } from "../chain/sealedBlock.ts";
import type { Mempool, PoolTransaction } from "../mempool/mempool.ts";
import type { BaseFeePolicy } from "./baseFeePolicy.ts";
import { buildBlock } from "./buildBlock.ts";
import type { QueueEntrySource } from "./queueEntrySource.ts";

/** Block production stopped for good: the chain cannot advance without an operator. */
export class BlockProductionHaltedError extends BaseError {
  override name = "BlockProductionHaltedError";
}

export type BlockProducerOptions = {
  readonly chain: ChainState;
  readonly mempool: Mempool;
  readonly queue: QueueEntrySource;
  readonly baseFee: BaseFeePolicy;
  /** Persists a block atomically (store/blockWriter.ts). */
  readonly persistBlock: (writes: BlockWrites) => Promise<void>;
  /** Deletes mempool rows of transactions dropped when no block is made. */
  readonly deleteFromMempool: (hashes: readonly Hex[]) => Promise<void>;
  readonly blockTimeMs: number;
  readonly maxTransactionsPerBlock: number;
  readonly maxQueueEntriesPerBlock: number;
  /** Seal blocks with nothing in them (default: only when there is a transaction or a queue entry). */
  readonly produceEmptyBlocks: boolean;
  /** Seal one more block, even empty, after a block that holds something (see #build). */
  readonly trailingBlock: boolean;
  readonly logger: Logger;
  /** Blocks built but not yet persisted, at most (default 2): building overlaps persisting. */
  readonly maxInFlight?: number;
  /** Milliseconds since the epoch (default Date.now). */
  readonly now?: () => number;
  /** Called after each block is durable, in block order. */
  readonly onSealed?: (block: SealedBlock) => void;
  /** Called once if production halts (a block could not be persisted). */
  readonly onHalt?: (error: BlockProductionHaltedError) => void;
  /** Attempts at persisting a block before halting (default 5), with a growing pause between. */
  readonly persistAttempts?: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A block applied and ready to persist (none when there was nothing to seal), and the mempool rows to drop. */
type BuiltForPersist = { writes: BlockWrites | undefined; removed: Hex[] };

/**
 * Produces a block every block time: takes the queue entries that are due, applies them and then
 * the best executable transactions (synchronously, so nothing interleaves with a block being
 * applied), and persists the block with everything it wrote in one database transaction; only then
 * does it become the head and are subscribers told. The next block is built while the previous one
 * is being persisted (at most maxInFlight blocks ahead of the store); blocks are persisted in order.
 * A block that cannot be persisted halts production: the in-memory state is then ahead of the store,
 * and a restart resumes from the store.
 */
export class BlockProducer {
  readonly #o: BlockProducerOptions;
  readonly #now: () => number;
  readonly #maxInFlight: number;
  /** The last block built (the head, or a block still being persisted). */
  #tip: BlockHeader;
  #building: Promise<unknown> = Promise.resolve();
  #persisting: Promise<unknown> = Promise.resolve();
  #inFlight: Promise<unknown>[] = [];
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  #stopped = false;
  #halted: BlockProductionHaltedError | undefined;
  /** The last block had something in it: the next one is sealed even if empty (see #build). */
  #owesTrailingBlock = false;

  constructor(options: BlockProducerOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#maxInFlight = options.maxInFlight ?? 2;
    this.#tip = options.chain.head;
  }

  get halted(): BlockProductionHaltedError | undefined {
    return this.#halted;
  }

  /** Starts producing a block every block time. */
  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    this.#schedule(this.#o.blockTimeMs);
  }

  /** Stops the timer and waits for the blocks in progress to be persisted. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#building.catch(() => {});
    await this.#persisting.catch(() => {});
  }

  /**
   * Produces one block now (after any block being built). Resolves once it is persisted, with the
   * block, or with undefined when there was nothing to put in it (and empty blocks are off).
   */
  produceBlock(): Promise<SealedBlock | undefined> {
    return this.#produce(false);
  }

  /** `scheduled`: a block-time tick, which also seals the trailing block (see #build). */
  #produce(scheduled: boolean): Promise<SealedBlock | undefined> {
    const built = this.#building.catch(() => {}).then(() => this.#buildNext(scheduled));
    this.#building = built;
    return built.then((b) => b?.persisted);
  }

  #schedule(delay: number): void {
    if (this.#stopped || this.#halted !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const started = this.#now();
      const persisted = this.#produce(true);
      persisted.catch((error) => {
        if (!(error instanceof BlockProductionHaltedError))
          this.#o.logger.error({ err: error }, "block production failed");
      });
      // The next block is due a block time after this one started, once this one is built.
      this.#building
        .catch(() => {})
        .then(() => this.#schedule(Math.max(0, this.#o.blockTimeMs - (this.#now() - started))));
    }, delay);
  }

  /** Builds the next block (waiting while too many are unpersisted) and queues its persistence. */
  async #buildNext(scheduled: boolean): Promise<{ persisted: Promise<SealedBlock> } | undefined> {
    while (this.#inFlight.length >= this.#maxInFlight) await this.#inFlight[0]!.catch(() => {});
    if (this.#halted !== undefined) throw this.#halted;
    const { chain, logger } = this.#o;
    const queueApplied = chain.state.queueApplied;
    const maxEntries = Math.min(this.#o.maxQueueEntriesPerBlock, MAX_BATCH_STEPS - 1);
    const entries = await this.#o.queue.entriesFrom(queueApplied, maxEntries);
    entries.forEach((entry, i) => {
      if (entry.queueIndex !== queueApplied + BigInt(i)) {
        throw this.#halt(
          new BlockProductionHaltedError("the queue entry source returned entries out of order", {
            details: { expected: queueApplied + BigInt(i), got: entry.queueIndex },
          }),
        );
      }
    });
    if (this.#halted !== undefined) throw this.#halted;

    const started = performance.now();
    let built: BuiltForPersist;
    try {
      built = this.#build(entries, scheduled);
    } catch (error) {
      // A defect in applying a block leaves the state half-changed: nothing more can be built on it.
      throw this.#halt(
        new BlockProductionHaltedError("building a block failed: block production halted", { cause: error }),
      );
    }
    if (built.writes === undefined) {
      if (built.removed.length > 0) {
        await this.#o.deleteFromMempool(built.removed).catch((error) => {
          // Harmless: the rows are dropped again when a restart re-admits them.
          logger.warn({ err: error }, "could not delete dropped transactions from the mempool table");
        });
      }
      return undefined;
    }
    const writes = built.writes;
    const buildMs = performance.now() - started;
    const persisted = this.#persisting.then(async () => {
      if (this.#halted !== undefined) throw this.#halted;
      await this.#persist(writes);
      chain.sealOldest(writes.block.header);
      logger.debug(
        {
          number: writes.block.header.number,
          txs: writes.block.transactions.length,
          queueEntries: writes.block.queueEntries.length,
          leaves: writes.leafChanges.length,
          buildMs: Math.round(buildMs),
          sealedAfterMs: Math.round(performance.now() - started),
        },
        "sealed block",
      );
      this.#o.onSealed?.(writes.block);
      return writes.block;
    });
    this.#persisting = persisted.catch(() => {});
    this.#inFlight.push(persisted);
    void persisted
      .catch(() => {})
      .finally(() => {
        this.#inFlight.shift();
      });
    return { persisted };
  }

  /** Halts production for good and says why (once). */
  #halt(error: BlockProductionHaltedError): BlockProductionHaltedError {
    if (this.#halted !== undefined) return this.#halted;
    this.#halted = error;
    this.#o.logger.fatal({ err: error }, error.message);
    this.#o.onHalt?.(error);
    return error;
  }

  /** Applies the next block to the state and takes its transactions out of the pool (synchronous). */
  #build(entries: readonly QueueEntry[], scheduled: boolean): BuiltForPersist {
    const { chain, mempool } = this.#o;
    const allowEmpty =
      this.#o.produceEmptyBlocks || (scheduled && this.#o.trailingBlock && this.#owesTrailingBlock);
    if (entries.length === 0 && mempool.size === 0 && !allowEmpty) return { writes: undefined, removed: [] };
    const parent = this.#tip;
    const nowSeconds = BigInt(Math.floor(this.#now() / 1000));
    const timestamp = nowSeconds > parent.timestamp ? nowSeconds : parent.timestamp;
    const baseFee = this.#o.baseFee.baseFeeFor(parent);
    let stale: PoolTransaction[] = [];
    const built = buildBlock({
      state: chain.state,
      config: chain.config,
      parent,
      timestamp,
      baseFee,
      queueEntries: entries,
      maxTransactions: this.#o.maxTransactionsPerBlock,
      selectTransactions: () => {
        const picked = mempool.select((sender) => chain.state.peekAccount(sender).nonce, baseFee);
        stale = picked.stale;
        return picked.selection;
      },
    });
    const removed: Hex[] = [];
    for (const tx of [...built.included, ...built.dropped, ...stale]) {
      mempool.remove(tx.hash);
      removed.push(tx.hash);
    }
    const empty = built.block.transactions.length === 0 && built.block.queueEntries.length === 0;
    if (empty && !allowEmpty) return { writes: undefined, removed };
    // A block with something in it is followed by one more, empty if nothing arrives: clients that
    // wait for a receipt by watching for new blocks (ethers' wait, viem's waitForTransactionReceipt)
    // may start watching just after the block that holds their transaction, and on an idle chain they
    // would otherwise never see another.
    this.#owesTrailingBlock = !empty;
    chain.pushInFlight(built.journal, built.included);
    this.#tip = built.block.header;
    // The leaf values after this block must be read now, before the next block changes them.
    return {
      writes: { block: built.block, leafChanges: built.journal.changes(), removedFromMempool: removed },
      removed,
    };
  }

  async #persist(writes: BlockWrites): Promise<void> {
    const attempts = this.#o.persistAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#o.persistBlock(writes);
        return;
      } catch (error) {
        const number = writes.block.header.number;
        if (attempt >= attempts) {
          throw this.#halt(
            new BlockProductionHaltedError(
              `block ${number} could not be persisted after ${attempts} attempts: block production halted`,
              { cause: error, details: { block: number } },
            ),
          );
        }
        this.#o.logger.warn({ err: error, block: number, attempt }, "persisting a block failed; retrying");
        await sleep(50 * 2 ** attempt);
      }
    }
  }
}
