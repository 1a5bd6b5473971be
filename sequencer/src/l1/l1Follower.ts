import {
  bridgeAbi,
  rollupAbi,
  type Database,
  type L1PublicClient,
  type Logger,
  type Metrics,
} from "@halcyon/node-common";
import { type Address, bytesToHex, type Hex, type QueueEntry, queueEntryDataHash } from "@halcyon/protocol";
import type { QueueEntrySource } from "../producer/queueEntrySource.ts";
import { type BatchDeletion, insertBatchDeletions } from "../store/batchDeletions.ts";
import { type L1Cursor, readL1Cursor, writeL1Cursor } from "../store/l1Cursors.ts";
import {
  insertQueueEntries,
  knownQueueLength,
  type LocatedQueueEntry,
  loadQueueEntries,
  loadUnappliedQueueEntries,
} from "../store/queueEntryTable.ts";
import { queueEntriesOfLogs } from "./bridgeQueueLogs.ts";
import { L1ServiceError, severityOf } from "./errors.ts";

export type L1FollowerOptions = {
  readonly db: Database;
  readonly publicClient: L1PublicClient;
  readonly bridge: Address;
  /** With it, the follower also records the Rollup's BatchesDeleted events (a lost game) in the same ranges. */
  readonly rollup?: Address;
  /** The deployment's first block: nothing of Halcyon's is older. */
  readonly deployBlock: bigint;
  readonly l2ChainId: bigint;
  /** A block is confirmed when it has this many blocks on top of it, itself included (>= 1). */
  readonly confirmations: number;
  /** Most blocks per eth_getLogs. */
  readonly maxLogRange: number;
  readonly pollIntervalMs: number;
  readonly logger: Logger;
  readonly metrics?: Metrics;
};

/** What the follower has seen of L1. */
export type L1FollowerStatus = {
  /** The L1 head at the last poll. */
  readonly l1Head: bigint | undefined;
  /** The last L1 block whose queue entries are in the store. */
  readonly followedBlock: bigint | undefined;
  /** Queue entries confirmed so far (the next one has this index). */
  readonly queueLength: bigint;
  /** Why the follower stopped advancing, if it did. */
  readonly halted: string | undefined;
};

const CURSOR = "bridge-queue";

/**
 * Follows L1 with a confirmation depth and keeps the Bridge's queue entries: it reads the queue
 * events of confirmed blocks in bounded ranges, rebuilds each entry (a forced transaction with the
 * protocol's decoder), checks its hash against `Bridge.queueEntry(i)` as of the range's last block, and
 * stores entries and cursor in one database transaction. Only then does the block producer see them
 * (`entriesFrom`): an entry is never applied before it is confirmed.
 *
 * Reorgs: the cursor keeps the hash of the last block read; before reading further the follower checks
 * that L1 still has that block. A reorg shallower than the confirmation depth never reaches it (it only
 * reads confirmed blocks); a deeper one changes the hash, and the follower then refuses to advance
 * (status `halted`, logged as fatal) rather than follow a chain that contradicts what the L2 chain has
 * applied. Entries already applied stay applied: nothing applied is reorged away unless L1 reorganises
 * deeper than the configured depth, which is the operator's to resolve.
 */
export class L1Follower implements QueueEntrySource {
  readonly #o: L1FollowerOptions;
  /** Confirmed entries no block has taken yet, contiguous, in queue order. */
  #entries: QueueEntry[] = [];
  #nextIndex = 0n;
  #cursor: L1Cursor | undefined;
  #l1Head: bigint | undefined;
  #halted: L1ServiceError | undefined;
  #loading: Promise<void> | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  #wake: (() => void) | undefined;
  readonly #deletionListeners: (() => void)[] = [];

  constructor(options: L1FollowerOptions) {
    if (!Number.isSafeInteger(options.confirmations) || options.confirmations < 1) {
      throw new L1ServiceError("critical", "the confirmation depth must be at least 1");
    }
    this.#o = options;
  }

  get status(): L1FollowerStatus {
    return {
      l1Head: this.#l1Head,
      followedBlock: this.#cursor?.blockNumber,
      queueLength: this.#nextIndex,
      halted: this.#halted?.message,
    };
  }

  /** Loads the cursor and the entries not applied yet from the store (once; later calls wait for it). */
  load(): Promise<void> {
    this.#loading ??= (async () => {
      const { db, l2ChainId } = this.#o;
      this.#cursor = await readL1Cursor(db, CURSOR);
      this.#entries = await loadUnappliedQueueEntries(db, l2ChainId);
      this.#nextIndex = await knownQueueLength(db);
    })();
    return this.#loading;
  }

  async entriesFrom(from: bigint, max: number): Promise<readonly QueueEntry[]> {
    await this.load();
    let drop = 0;
    while (drop < this.#entries.length && this.#entries[drop]!.queueIndex < from) drop++;
    if (drop > 0) this.#entries = this.#entries.slice(drop);
    const first = this.#entries[0];
    if (first === undefined) return [];
    if (first.queueIndex !== from) {
      this.#o.logger.error(
        { from: from.toString(), first: first.queueIndex.toString() },
        "the block producer asked for queue entries the follower does not have",
      );
      return [];
    }
    return this.#entries.slice(0, max);
  }

  /** Calls `listener` after a range with BatchesDeleted events is stored (the recovery reads them there). */
  onBatchesDeleted(listener: () => void): void {
    this.#deletionListeners.push(listener);
  }

  /** The Rollup's BatchesDeleted events in blocks `from`..`to`. */
  async #deletions(from: bigint, to: bigint): Promise<BatchDeletion[]> {
    if (this.#o.rollup === undefined) return [];
    const events = await this.#o.publicClient.getContractEvents({
      address: this.#o.rollup,
      abi: rollupAbi,
      eventName: "BatchesDeleted",
      fromBlock: from,
      toBlock: to,
    });
    return events.map((e) => ({
      epoch: e.args.epoch!,
      fromIndex: e.args.fromIndex!,
      previousCount: e.args.previousCount!,
      stateRoot: e.args.stateRoot!,
      queueApplied: e.args.queueApplied!,
      l1BlockNumber: e.blockNumber,
    }));
  }

  /** Starts following L1 in the background. */
  start(): void {
    if (this.#running !== undefined || this.#stopped) return;
    this.#running = this.#loop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#running;
  }

  async #loop(): Promise<void> {
    const { logger } = this.#o;
    while (!this.#stopped) {
      let more = false;
      try {
        more = await this.sync();
      } catch (error) {
        const severity = severityOf(error);
        if (severity === "critical") {
          if (this.#halted === undefined) logger.fatal({ err: error }, "L1 follower stopped advancing");
          this.#halted = error as L1ServiceError;
        } else {
          logger.warn({ err: error, severity }, "L1 follower: retrying after an error");
        }
      }
      if (!more && !this.#stopped) {
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          setTimeout(resolve, this.#o.pollIntervalMs);
        });
      }
    }
  }

  /**
   * Reads one range of confirmed blocks past the cursor, if there is one. Returns whether more
   * confirmed blocks remain (tests call it to step the follower deterministically).
   */
  async sync(): Promise<boolean> {
    await this.load();
    const { publicClient, db, bridge } = this.#o;
    const head = await publicClient.getBlockNumber({ cacheTime: 0 });
    this.#l1Head = head;
    this.#o.metrics?.gauge("l1_head_block", { help: "L1 head block number" }).set(Number(head));
    const confirmed = head - BigInt(this.#o.confirmations - 1);
    const cursor = this.#cursor;
    const last = cursor?.blockNumber ?? this.#o.deployBlock - 1n;
    if (confirmed <= last) return false;

    if (cursor !== undefined) {
      const still = await publicClient.getBlock({ blockNumber: cursor.blockNumber });
      if (still.hash !== cursor.blockHash) {
        throw new L1ServiceError(
          "critical",
          `L1 block ${cursor.blockNumber} changed (${cursor.blockHash} -> ${still.hash}): a reorg deeper than ${this.#o.confirmations} confirmations; refusing to advance`,
          { details: { block: cursor.blockNumber } },
        );
      }
      this.#halted = undefined;
    }

    const from = last + 1n;
    const to =
      from + BigInt(this.#o.maxLogRange - 1) < confirmed ? from + BigInt(this.#o.maxLogRange - 1) : confirmed;
    const toBlock = await publicClient.getBlock({ blockNumber: to });
    const logs = await publicClient.getLogs({ address: bridge, fromBlock: from, toBlock: to });
    const located = queueEntriesOfLogs(logs, this.#o.l2ChainId).filter(
      (l) => l.entry.queueIndex >= this.#nextIndex,
    );
    located.sort((a, b) => (a.entry.queueIndex < b.entry.queueIndex ? -1 : 1));
    let expected = this.#nextIndex;
    for (const l of located) {
      if (l.entry.queueIndex !== expected) {
        throw new L1ServiceError("temporary", `queue entry ${expected} is missing from the L1 logs`, {
          details: { expected, got: l.entry.queueIndex, from, to },
        });
      }
      expected++;
    }
    await this.#checkAgainstBridge(located, to);
    const deletions = await this.#deletions(from, to);
    // The range was read from one chain: the block that closes it must not have changed meanwhile.
    const again = await publicClient.getBlock({ blockNumber: to });
    if (again.hash !== toBlock.hash) {
      throw new L1ServiceError("reset", `L1 block ${to} changed while it was read`);
    }

    const next: L1Cursor = { blockNumber: to, blockHash: toBlock.hash };
    await db.transaction(async (tx) => {
      await insertQueueEntries(tx, located);
      await insertBatchDeletions(tx, deletions);
      await writeL1Cursor(tx, CURSOR, next);
    });
    if (deletions.length > 0) {
      this.#o.logger.warn(
        { fromIndex: deletions[0]!.fromIndex.toString(), l1Block: to.toString() },
        "L1 deleted batches after a lost game",
      );
      for (const listener of this.#deletionListeners) listener();
    }
    this.#cursor = next;
    this.#nextIndex = expected;
    for (const l of located) this.#entries.push(l.entry);
    if (located.length > 0) {
      this.#o.logger.info(
        { from: located[0]!.entry.queueIndex.toString(), count: located.length, l1Block: to.toString() },
        "confirmed L1 queue entries",
      );
    }
    this.#o.metrics
      ?.gauge("l1_followed_block", { help: "last L1 block whose queue entries are stored" })
      .set(Number(to));
    this.#o.metrics
      ?.gauge("l1_queue_length", { help: "queue entries confirmed on L1" })
      .set(Number(expected));
    return to < confirmed;
  }

  /** Each entry's hash must be the Bridge's `queueEntry(i)` as of block `at`. */
  async #checkAgainstBridge(located: readonly LocatedQueueEntry[], at: bigint): Promise<void> {
    for (const l of located) {
      const stored = await this.#o.publicClient.readContract({
        address: this.#o.bridge,
        abi: bridgeAbi,
        functionName: "queueEntry",
        args: [l.entry.queueIndex],
        blockNumber: at,
      });
      if (stored !== l.entryHash) {
        throw new L1ServiceError(
          "critical",
          `queue entry ${l.entry.queueIndex} rebuilt from its event hashes to ${l.entryHash}, the Bridge holds ${stored}`,
          { details: { queueIndex: l.entry.queueIndex } },
        );
      }
    }
  }

  /**
   * The (dataHash, timestamp) preimage of queue entry `index` as the Rollup wants it for a batch's
   * `nextEntry`, if L1 has that entry now: from the confirmed entries, else from the logs of the blocks
   * past the cursor (an entry may be on L1 before it is confirmed). Undefined if L1 has no such entry.
   */
  async entryPreimage(
    index: bigint,
    l1QueueLength: bigint,
  ): Promise<{ dataHash: Hex; timestamp: bigint } | undefined> {
    if (index >= l1QueueLength) return undefined;
    const known = this.#entries.find((e) => e.queueIndex === index);
    const entry = known ?? (await this.#findEntry(index));
    return { dataHash: bytesToHex(queueEntryDataHash(entry)), timestamp: entry.l1Timestamp };
  }

  async #findEntry(index: bigint): Promise<QueueEntry> {
    const { db, l2ChainId, publicClient, bridge } = this.#o;
    const [stored] = await loadQueueEntries(db, l2ChainId, index, index + 1n);
    if (stored !== undefined) return stored;
    const fromBlock = (this.#cursor?.blockNumber ?? this.#o.deployBlock - 1n) + 1n;
    const logs = await publicClient.getLogs({ address: bridge, fromBlock, toBlock: "latest" });
    const found = queueEntriesOfLogs(logs, l2ChainId).find((l) => l.entry.queueIndex === index);
    if (found === undefined) {
      throw new L1ServiceError("temporary", `queue entry ${index} is on L1 but its event was not found`, {
        details: { index },
      });
    }
    return found.entry;
  }
}
