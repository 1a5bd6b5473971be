import type { Database, Logger, Metrics } from "@halcyon/node-common";
import { bytesToHex, computeDataRoot, GENESIS_BLOCK } from "@halcyon/protocol";
import type { ChainEvents } from "../chain/chainEvents.ts";
import { insertBatch, type NewBatch, readLastBatch } from "../store/batchTable.ts";
import { type BatchableBlock, batchableOfSealed } from "./batchableBlock.ts";
import { BatchBuilder, type BatchLimits } from "./batchBuilder.ts";
import { loadBatchableBlocks } from "./blockLoader.ts";

export type BatcherOptions = {
  readonly db: Database;
  readonly events: ChainEvents;
  /** The number of the last persisted block (the chain's head). */
  readonly head: () => bigint;
  readonly chainId: bigint;
  readonly limits: BatchLimits;
  /** A batch closes at the latest this long after its first block's timestamp. */
  readonly maxAgeMs: number;
  /**
   * The Rollup's FORCE_INCLUSION_DELAY (seconds): a batch applying a queue entry closes at the latest
   * half of it after the entry's L1 timestamp, so that it is appended long before the deadline.
   */
  readonly forceInclusionDelay: bigint;
  /** Called with every batch once it is stored (the submitter adds its job). */
  readonly onBatch: (batch: NewBatch) => Promise<void>;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** Milliseconds since the epoch (default Date.now). */
  readonly now?: () => number;
  /** How often the batcher checks whether the open batch is due (default 100 ms). */
  readonly tickMs?: number;
  /**
   * Test-only fault mode (faults/): may rewrite a batch before it is stored. `stored` is what is stored
   * and posted; the next batch chains from `parent` (the stored batch, unless L1 will refuse it).
   */
  readonly rewrite?: (
    batch: NewBatch,
    blocks: readonly BatchableBlock[],
  ) => Promise<{ readonly stored: NewBatch; readonly parent: NewBatch } | undefined>;
};

/** Blocks read from the store at a time when catching up. */
const LOAD_BLOCKS = 64;
/** Blocks kept from the producer's announcements before the batcher reads them back from the store. */
const MAX_BUFFERED = 512;

/**
 * Cuts sealed blocks, in order, into batches: whole blocks, encoded with the protocol's encoder, until
 * the next block would take the batch past MAX_BATCH_BYTES (or `limits.maxBytes`), its step limit or
 * the fee dictionary's size. A batch that is not full closes by age (`maxAgeMs` after its first block)
 * or before a queue entry it applies gets near the Rollup's force-inclusion deadline; both only once the
 * batcher has caught up with the head, so a backlog after a restart becomes full batches. Each batch is
 * stored (index, blocks, data, steps, post-state header) before `onBatch` adds its job.
 *
 * Blocks come from the producer's announcements (`ChainEvents.onBlock`, durable blocks in order), or
 * from the store after a restart or a gap. The open batch is never stored: after a restart it is cut
 * again from the blocks after the last stored batch.
 */
export class Batcher {
  readonly #o: BatcherOptions;
  readonly #now: () => number;
  #builder: BatchBuilder;
  /** The index the next batch gets, its first block, and its parent's state root and queue position. */
  #next = { index: 1n, block: 1n, parentStateRoot: GENESIS_BLOCK.stateRoot, queueStart: 0n };
  #buffer: BatchableBlock[] = [];
  #unsubscribe: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #work: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(options: BatcherOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#builder = new BatchBuilder(options.limits);
  }

  /** The index the next batch will get. */
  get nextIndex(): bigint {
    return this.#next.index;
  }

  /** Picks up after the last stored batch and starts cutting batches. */
  async start(): Promise<void> {
    await this.#resume();
    this.#unsubscribe = this.#o.events.onBlock((block) => {
      if (this.#buffer.length >= MAX_BUFFERED) return;
      const expected = (this.#buffer.at(-1)?.number ?? this.#o.head() - 1n) + 1n;
      if (block.header.number === expected) this.#buffer.push(batchableOfSealed(block));
      this.tick();
    });
    const tickMs = this.#o.tickMs ?? 100;
    const loop = () => {
      if (this.#stopped) return;
      this.tick();
      this.#timer = setTimeout(loop, tickMs);
    };
    loop();
    await this.#work;
  }

  /** Continues after the last stored batch (genesis if none). */
  async #resume(): Promise<void> {
    const last = await readLastBatch(this.#o.db);
    this.#next =
      last === undefined
        ? { index: 1n, block: 1n, parentStateRoot: GENESIS_BLOCK.stateRoot, queueStart: 0n }
        : {
            index: last.index + 1n,
            block: last.lastBlock + 1n,
            parentStateRoot: last.stateRoot,
            queueStart: last.header.queueApplied,
          };
  }

  /**
   * Runs `change` (which removes stored batches: L1 deleted them) between two steps, drops the open
   * batch, and continues after the last batch still stored: the same blocks are cut again.
   */
  rewind(change: () => Promise<void>): Promise<void> {
    const run = this.#work.then(async () => {
      await change();
      this.#builder = new BatchBuilder(this.#o.limits);
      this.#buffer = [];
      await this.#resume();
      this.#o.logger.info(
        { nextBatch: this.#next.index.toString(), block: this.#next.block.toString() },
        "rewound",
      );
    });
    this.#work = run.catch(() => undefined);
    return run;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#work;
  }

  /** Takes the blocks that are durable and closes the open batch if it is due (serialized). */
  tick(): Promise<void> {
    this.#work = this.#work
      .then(() => this.#step())
      .catch((error) => this.#o.logger.error({ err: error }, "batcher step failed; retrying"));
    return this.#work;
  }

  /**
   * Closes the open batch now if it holds any block (tests; and a graceful stop may want it).
   * Resolves once it is stored.
   */
  flush(): Promise<void> {
    this.#work = this.#work.then(async () => {
      await this.#step();
      if (!this.#builder.isEmpty) await this.#close();
    });
    return this.#work;
  }

  async #step(): Promise<void> {
    if (this.#stopped) return;
    const head = this.#o.head();
    for (;;) {
      const wanted = this.#next.block + BigInt(this.#builder.blocks.length);
      if (wanted > head) break;
      const block = await this.#take(wanted, head);
      if (block === undefined) break;
      if (!this.#builder.tryAdd(block)) {
        await this.#close();
        // An empty batch takes any block the producer sealed (or throws BatchBuilderError).
        this.#builder.tryAdd(block);
      }
    }
    if (!this.#builder.isEmpty && this.#now() >= this.#deadline()) await this.#close();
  }

  /** Block `number` from the producer's announcements, or else from the store. */
  async #take(number: bigint, head: bigint): Promise<BatchableBlock | undefined> {
    while (this.#buffer.length > 0 && this.#buffer[0]!.number < number) this.#buffer.shift();
    if (this.#buffer[0]?.number === number) return this.#buffer.shift();
    this.#buffer = [];
    const to = number + BigInt(LOAD_BLOCKS - 1) < head ? number + BigInt(LOAD_BLOCKS - 1) : head;
    const loaded = await loadBatchableBlocks(this.#o.db, this.#o.chainId, number, to);
    if (loaded[0]?.number !== number) return undefined;
    this.#buffer = loaded.slice(1);
    return loaded[0];
  }

  /** When the open batch must close: its age limit, or half the force-inclusion delay of an entry in it. */
  #deadline(): number {
    const blocks = this.#builder.blocks;
    let deadline = Number(blocks[0]!.timestamp) * 1000 + this.#o.maxAgeMs;
    const halfDelayMs = (Number(this.#o.forceInclusionDelay) * 1000) / 2;
    for (const block of blocks) {
      if (block.oldestEntryTimestamp === undefined) continue;
      const due = Number(block.oldestEntryTimestamp) * 1000 + halfDelayMs;
      if (due < deadline) deadline = due;
    }
    return deadline;
  }

  async #close(): Promise<void> {
    const built = this.#builder.finish();
    const first = built.blocks[0]!;
    const last = built.blocks.at(-1)!;
    const honest: NewBatch = {
      index: this.#next.index,
      firstBlock: first.number,
      lastBlock: last.number,
      data: built.data,
      dataRoot: bytesToHex(computeDataRoot(built.data)),
      steps: built.steps,
      parentStateRoot: this.#next.parentStateRoot,
      stateRoot: last.stateRoot,
      header: last.state,
      queueStart: this.#next.queueStart,
    };
    const rewritten = await this.#o.rewrite?.(honest, built.blocks);
    const batch = rewritten?.stored ?? honest;
    const parent = rewritten?.parent ?? batch;
    await insertBatch(this.#o.db, batch);
    this.#next = {
      index: batch.index + 1n,
      block: batch.lastBlock + 1n,
      parentStateRoot: parent.stateRoot,
      queueStart: parent.header.queueApplied,
    };
    const txs = built.blocks.reduce((n, b) => n + b.txs.length, 0);
    this.#o.logger.info(
      {
        index: batch.index.toString(),
        blocks: `${batch.firstBlock}-${batch.lastBlock}`,
        txs,
        steps: batch.steps,
        bytes: batch.data.length,
      },
      "cut a batch",
    );
    const m = this.#o.metrics;
    m?.counter("batches_total", { help: "batches cut" }).inc();
    m?.histogram("batch_bytes", {
      help: "batch data bytes",
      buckets: [1_000, 10_000, 30_000, 60_000, 90_000, 120_000],
    }).observe(batch.data.length);
    m?.gauge("batch_last_index", { help: "index of the last batch cut" }).set(Number(batch.index));
    try {
      await this.#o.onBatch(batch);
    } catch (error) {
      // The batch is stored: the submitter's supervisor adds its job again from the table.
      this.#o.logger.warn(
        { err: error, index: batch.index.toString() },
        "could not hand a batch to the submitter",
      );
    }
  }
}
