import type { Database } from "@halcyon/node-common";
import {
  type BatchContext,
  type ChainConfig,
  generateStepWitness,
  type QueueEntry,
  type StepWitness,
  stepCommitments,
} from "@halcyon/protocol";
import { lyingCommitments } from "../faults/lyingExecution.ts";
import type { Lie } from "../faults/lie.ts";
import { L1ServiceError } from "../l1/errors.ts";
import type { StoredBatch } from "../store/batchTable.ts";
import { loadStateAfterBlock } from "../store/chainStore.ts";
import { loadQueueEntries } from "../store/queueEntryTable.ts";

/**
 * One of the sequencer's posted batches re-executed from its own store: its pre-state is the state after
 * the block before its first (`loadStateAfterBlock`, checked against that block's root), its context the
 * data it posted, the queue limit the Rollup recorded and the queue entries the follower stored. It gives
 * the step commitments c_0 .. c_N the defender reveals, and the one-step witness of any step.
 */
export class BatchReplay {
  readonly #db: Database;
  readonly #config: ChainConfig;
  readonly batch: StoredBatch;
  readonly #context: BatchContext;
  /** Test-only fault mode: the lie this batch tells (its commitments are the lying trace). */
  readonly lie: Lie | undefined;
  #commitments: Uint8Array[] | undefined;

  private constructor(
    db: Database,
    config: ChainConfig,
    batch: StoredBatch,
    entries: readonly QueueEntry[],
    lie: Lie | undefined,
  ) {
    this.#db = db;
    this.#config = config;
    this.batch = batch;
    this.lie = lie;
    const byIndex = new Map(entries.map((e) => [e.queueIndex, e]));
    this.#context = {
      data: batch.data,
      queueLimit: batch.inclusion!.record.queueLimit,
      config,
      queueEntry: (queueIndex) => {
        const entry = byIndex.get(queueIndex);
        if (entry === undefined) {
          throw new L1ServiceError("critical", `queue entry ${queueIndex} is not in the store`, {
            details: { queueIndex },
          });
        }
        return entry;
      },
    };
  }

  /** The replay of `batch`, which must be on L1 (its record gives the queue limit). */
  static async load(db: Database, config: ChainConfig, batch: StoredBatch, lie?: Lie): Promise<BatchReplay> {
    if (batch.inclusion === undefined) {
      throw new L1ServiceError("temporary", `batch ${batch.index} has no L1 record yet`);
    }
    const entries = await loadQueueEntries(
      db,
      config.chainId,
      batch.queueStart,
      batch.inclusion.record.queueLimit,
    );
    return new BatchReplay(db, config, batch, entries, lie);
  }

  #preState() {
    return loadStateAfterBlock(this.#db, this.batch.firstBlock - 1n);
  }

  /** c_0 .. c_N (computed once). */
  async commitments(): Promise<Uint8Array[]> {
    if (this.#commitments === undefined) {
      const pre = await this.#preState();
      this.#commitments =
        this.lie === undefined
          ? stepCommitments(pre, this.#context, this.batch.steps)
          : lyingCommitments(pre, this.#context, this.batch.steps, this.lie);
    }
    return this.#commitments;
  }

  /** The witness of step `step` (the transition step -> step + 1). */
  async witness(step: number): Promise<StepWitness> {
    return generateStepWitness(await this.#preState(), this.#context, step);
  }

  get config(): ChainConfig {
    return this.#config;
  }
}
