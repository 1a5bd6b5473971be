import type { Logger } from "@halcyon/node-common";
import {
  bytesToHex,
  type ChainConfig,
  equalBytes,
  GENESIS_HEADER,
  hexToBytes,
  L2State,
  type QueueEntry,
  type SenderRecoveryPool,
  stateRootOf,
  WithdrawalTree,
  withdrawalLeafHash,
} from "@halcyon/protocol";
import { CriticalError } from "../errors.ts";
import type { DerivationStore, StoredBatch } from "../store/derivationStore.ts";
import type { ReplayedBatch, ReplayStore } from "../store/replayStore.ts";
import type { RecordingTree } from "./recordingTree.ts";
import type { ReplayInput, ReplayOutcome } from "./replayBatch.ts";
import { type ReplayEngine, replayInOrder } from "./replayPipeline.ts";
import { buildRecordingState, buildState } from "./stateLoader.ts";
import { WriteBehind } from "./writeBehind.ts";

// The replay: re-executes every live batch, in order, on the verifier's own state, and stores per
// batch what it changed and whether its computed root equals the claimed one.
//
// - It resumes where it stopped: at open, the stored leaves must hash (with the stored counters and
//   withdrawals) to the stored root of the last replayed batch, or it refuses to start.
// - Batches that L1 no longer has (deleted by a lost game, or reorged out) are unwound first, back to
//   the parent of the first of them, by writing the previous leaf values back.
// - After a disputed batch it stops: later batches build on a root the verifier rejects, so there is
//   nothing meaningful to compare until the dispute deletes the batch (then the chain continues from
//   the parent, which the verifier agrees with).

export type ReplayStepResult = {
  readonly replayed: number;
  readonly transactions: number;
  /** The first batch unwound this step, if any. */
  readonly unwoundFrom?: bigint;
  /** The disputed batch replay waits on. */
  readonly blockedOn?: bigint;
};

export type ReplayerOptions = {
  readonly derivation: DerivationStore;
  readonly store: ReplayStore;
  readonly pool: SenderRecoveryPool;
  readonly config: ChainConfig;
  readonly logger: Logger;
  /** Most batches per step (default 32). */
  readonly maxBatchesPerStep?: number;
  /** Called after each batch is stored. */
  readonly onReplayed?: (outcome: ReplayOutcome) => void;
};

const GENESIS_ROOT = stateRootOf(GENESIS_HEADER);

function emptyOutcome(batch: StoredBatch): ReplayOutcome {
  const claimedRoot = hexToBytes(batch.record.stateRoot);
  return {
    index: 0n,
    recordHash: batch.recordHash,
    claimedRoot,
    computedRoot: GENESIS_ROOT,
    agreed: equalBytes(claimedRoot, GENESIS_ROOT),
    header: GENESIS_HEADER,
    txCount: 0,
    includedCount: 0,
    queueEntriesApplied: 0,
    stop: "ended",
    withdrawals: [],
    changes: [],
  };
}

export class Replayer {
  readonly #options: ReplayerOptions;
  readonly #store: ReplayStore;
  readonly #logger: Logger;
  #engine: ReplayEngine;
  #last: ReplayedBatch | undefined;

  private constructor(options: ReplayerOptions, engine: ReplayEngine, last: ReplayedBatch | undefined) {
    this.#options = options;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#engine = engine;
    this.#last = last;
  }

  /** Loads the stored state and checks it against the stored root of the last replayed batch. */
  static async open(options: ReplayerOptions): Promise<Replayer> {
    const { engine, last } = await Replayer.#load(options);
    const replayer = new Replayer(options, engine, last);
    options.logger.info(
      {
        lastReplayed: last?.index ?? null,
        root: bytesToHex(engine.state.stateRoot()),
        accounts: engine.state.accountCount,
        queueApplied: engine.state.queueApplied,
      },
      last === undefined ? "replay starts from genesis" : "replay resumes",
    );
    return replayer;
  }

  static async #load(
    options: ReplayerOptions,
  ): Promise<{ engine: ReplayEngine; last: ReplayedBatch | undefined }> {
    const { store } = options;
    const last = await store.lastReplayed();
    const header = last?.header ?? GENESIS_HEADER;
    const [leaves, withdrawals] = await Promise.all([
      store.leaves(),
      store.withdrawalHashes(header.withdrawalCount),
    ]);
    const { state, tree } = buildRecordingState(leaves, header, withdrawals);
    const root = state.stateRoot();
    const expected = last?.computedRoot ?? GENESIS_ROOT;
    if (!equalBytes(root, expected)) {
      throw new CriticalError(
        "the stored state does not hash to the stored root of the last replayed batch: refusing to start",
        {
          details: {
            batch: last?.index ?? "none",
            stored: bytesToHex(expected),
            recomputed: bytesToHex(root),
            leaves: leaves.length,
          },
        },
      );
    }
    return { engine: { state, tree, pool: options.pool, config: options.config }, last };
  }

  /** The last replayed batch, if any. */
  get last(): ReplayedBatch | undefined {
    return this.#last;
  }

  /** The replay's current state (read it, never change it). */
  get state(): L2State {
    return this.#engine.state;
  }

  /** Unwinds what L1 no longer has, then replays the next live batches. */
  async step(): Promise<ReplayStepResult> {
    const stale = await this.#store.firstStale();
    if (stale !== undefined) await this.#unwindFrom(stale);
    const unwound = stale === undefined ? {} : { unwoundFrom: stale };
    const last = this.#last;
    if (last !== undefined && !last.agreed)
      return { replayed: 0, transactions: 0, ...unwound, blockedOn: last.index };

    const next = last === undefined ? 0n : last.index + 1n;
    const batches = await this.#options.derivation.liveBatches(next, this.#options.maxBatchesPerStep ?? 32);
    let expectedIndex = next;
    const contiguous: StoredBatch[] = [];
    for (const batch of batches) {
      if (batch.record.index !== expectedIndex) break;
      contiguous.push(batch);
      expectedIndex++;
    }
    if (contiguous.length === 0) return { replayed: 0, transactions: 0, ...unwound };

    let replayed = 0;
    let transactions = 0;
    if (contiguous[0]!.record.index === 0n) {
      const outcome = emptyOutcome(contiguous.shift()!);
      await this.#persist(outcome);
      replayed++;
      if (!outcome.agreed) return { replayed, transactions, ...unwound, blockedOn: 0n };
    }
    const inputs = await this.#inputs(contiguous);
    const writer = new WriteBehind<ReplayOutcome>((outcome) => this.#persist(outcome));
    try {
      replayed += await replayInOrder(this.#engine, inputs, async (outcome) => {
        await writer.push(outcome);
        transactions += outcome.txCount;
        return outcome.agreed;
      });
      await writer.flush();
    } catch (error) {
      // The in-memory state may be ahead of the stored one: load it again before anything else.
      await writer.settle();
      await this.#reload();
      throw error;
    }
    const blocked = this.#last !== undefined && !this.#last.agreed ? { blockedOn: this.#last.index } : {};
    return { replayed, transactions, ...unwound, ...blocked };
  }

  /** The state right before batch `index` (a fresh object: the challenger's to use and change). */
  async preStateOf(index: bigint): Promise<L2State> {
    const parent = await this.#store.replayed(index - 1n);
    if (parent === undefined) {
      throw new CriticalError("no replayed parent for the pre-state", { details: { batch: index } });
    }
    const [leaves, withdrawals] = await Promise.all([
      this.#store.leavesBefore(index),
      this.#store.withdrawalHashes(parent.header.withdrawalCount),
    ]);
    const state = buildState(leaves, parent.header, withdrawals);
    if (!equalBytes(state.stateRoot(), parent.computedRoot)) {
      throw new CriticalError("the rebuilt pre-state does not hash to the parent's root", {
        details: {
          batch: index,
          parent: bytesToHex(parent.computedRoot),
          rebuilt: bytesToHex(state.stateRoot()),
        },
      });
    }
    return state;
  }

  /** Queue entries by index for a run of batches, all derived up front. */
  async #inputs(batches: readonly StoredBatch[]): Promise<ReplayInput[]> {
    let from: bigint | undefined;
    let to = 0n;
    for (const b of batches) {
      if (from === undefined || b.record.queueStart < from) from = b.record.queueStart;
      if (b.record.queueLimit > to) to = b.record.queueLimit;
    }
    const entries = new Map<bigint, QueueEntry>();
    if (from !== undefined && to > from) {
      for (const entry of await this.#options.derivation.queueEntries(
        from,
        to,
        this.#options.config.chainId,
      )) {
        entries.set(entry.queueIndex, entry);
      }
      if (BigInt(entries.size) !== to - from) {
        throw new CriticalError(
          "queue entries below a batch's queueLimit are missing from the derived queue",
          {
            details: { from, to, found: entries.size },
          },
        );
      }
    }
    const queueEntry = (queueIndex: bigint): QueueEntry => {
      const entry = entries.get(queueIndex);
      if (entry === undefined)
        throw new CriticalError("queue entry not derived", { details: { queueIndex } });
      return entry;
    };
    let parentRoot = this.#last?.claimedRoot;
    return batches.map((b) => {
      if (parentRoot !== undefined && !equalBytes(hexToBytes(b.record.parentStateRoot), parentRoot)) {
        throw new CriticalError("a batch's parent root is not the previous batch's root", {
          details: {
            batch: b.record.index,
            parent: b.record.parentStateRoot,
            previous: bytesToHex(parentRoot),
          },
        });
      }
      parentRoot = hexToBytes(b.record.stateRoot);
      return {
        index: b.record.index,
        recordHash: b.recordHash,
        data: b.data,
        steps: b.record.steps,
        queueLimit: b.record.queueLimit,
        claimedRoot: hexToBytes(b.record.stateRoot),
        queueEntry,
      };
    });
  }

  async #persist(outcome: ReplayOutcome): Promise<void> {
    await this.#store.save(outcome, outcome.withdrawals.map(withdrawalLeafHash));
    this.#last = {
      index: outcome.index,
      recordHash: outcome.recordHash,
      claimedRoot: outcome.claimedRoot,
      computedRoot: outcome.computedRoot,
      agreed: outcome.agreed,
      header: outcome.header,
      txCount: outcome.txCount,
      includedCount: outcome.includedCount,
    };
    const fields = {
      batch: outcome.index,
      txs: outcome.txCount,
      included: outcome.includedCount,
      queueEntries: outcome.queueEntriesApplied,
      decoding: outcome.stop,
      computedRoot: bytesToHex(outcome.computedRoot),
    };
    if (outcome.agreed) {
      this.#logger.info(fields, "batch verified: the computed state root equals the claimed one");
    } else {
      this.#logger.error(
        { ...fields, claimedRoot: bytesToHex(outcome.claimedRoot) },
        "batch DISPUTED: the claimed state root differs from the computed one; replay waits on this batch",
      );
    }
    this.#options.onReplayed?.(outcome);
  }

  async #unwindFrom(index: bigint): Promise<void> {
    const undo = await this.#store.unwindFrom(index);
    const tree: RecordingTree = this.#engine.tree;
    for (const { key, previous } of undo) {
      if (previous === undefined) tree.delete(key);
      else tree.set(key, previous);
    }
    tree.discardChanges();
    const last = await this.#store.lastReplayed();
    const header = last?.header ?? GENESIS_HEADER;
    const state = new L2State({
      tree,
      withdrawals: WithdrawalTree.fromLeaves(await this.#store.withdrawalHashes(header.withdrawalCount)),
      queueApplied: header.queueApplied,
      accountCount: header.accountCount,
    });
    const expected = last?.computedRoot ?? GENESIS_ROOT;
    if (!equalBytes(state.stateRoot(), expected)) {
      throw new CriticalError("the state after an unwind does not hash to the stored root", {
        details: {
          unwoundFrom: index,
          expected: bytesToHex(expected),
          actual: bytesToHex(state.stateRoot()),
        },
      });
    }
    this.#engine = { ...this.#engine, state };
    this.#last = last;
    this.#logger.warn(
      { fromBatch: index, leavesRestored: undo.length, resumeAfter: last?.index ?? null },
      "replay unwound: batches no longer on L1 (deleted by a game or reorged out)",
    );
  }

  async #reload(): Promise<void> {
    const { engine, last } = await Replayer.#load(this.#options);
    this.#engine = engine;
    this.#last = last;
  }
}
