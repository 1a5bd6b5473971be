import type { Database, Logger } from "@halcyon/node-common";
import type { Batcher } from "../batcher/batcher.ts";
import {
  applyBatchDeletion,
  type BatchDeletion,
  readBatchGeneration,
  readUnhandledDeletions,
} from "../store/batchDeletions.ts";
import { readBatch } from "../store/batchTable.ts";

export type DeletionRecoveryOptions = {
  readonly db: Database;
  readonly batcher: Pick<Batcher, "rewind">;
  readonly submitter: { setGeneration(generation: number): void };
  /** Deposits what the proposer bond lacks after a slash; `purpose` names its L1 transaction. */
  readonly rebond: (purpose: string) => Promise<void>;
  readonly logger: Logger;
};

/**
 * Recovers from a lost game: L1 deleted batches `fromIndex` and later (BatchesDeleted, recorded by the L1
 * follower). The L2 chain is kept (every block and acknowledged transaction stays): the deleted batches
 * move out of the batches table in one transaction, the batcher cuts the same blocks again from the
 * parent of the first deleted batch, the bond the slash took is deposited again, and the new batches are
 * posted as usual. Each step can be repeated: a deletion stays unhandled until its batches have moved, and
 * `recover()` at start finishes what a crash cut short.
 */
export class DeletionRecovery {
  readonly #o: DeletionRecoveryOptions;
  #running: Promise<void> = Promise.resolve();

  constructor(options: DeletionRecoveryOptions) {
    this.#o = options;
  }

  /** Handles every deletion not handled yet (serialized; errors are logged and left to the next call). */
  recover(): Promise<void> {
    this.#running = this.#running.then(() =>
      this.#recover().catch((error) =>
        this.#o.logger.error({ err: error }, "recovery from deleted batches failed; will try again"),
      ),
    );
    return this.#running;
  }

  async #recover(): Promise<void> {
    const { db, logger } = this.#o;
    const deletions = await readUnhandledDeletions(db);
    for (const deletion of deletions) await this.#handle(deletion);
    if (deletions.length === 0) return;
    const generation = await readBatchGeneration(db);
    this.#o.submitter.setGeneration(generation);
    await this.#o.rebond(`rebond-g${generation}`);
    logger.info({ generation }, "recovered from deleted batches: cutting the same blocks again");
  }

  async #handle(deletion: BatchDeletion): Promise<void> {
    const { db, logger } = this.#o;
    const parent = await readBatch(db, deletion.fromIndex - 1n, { withData: false });
    if (deletion.fromIndex > 1n && parent !== undefined && parent.stateRoot !== deletion.stateRoot) {
      // L1 continues from a root this store does not have for the parent: not a batch of ours.
      logger.error(
        { fromIndex: deletion.fromIndex.toString(), l1: deletion.stateRoot, ours: parent.stateRoot },
        "L1 deleted batches back to a parent root that is not ours",
      );
    }
    let moved = 0;
    await this.#o.batcher.rewind(async () => {
      moved = await db.transaction((tx) => applyBatchDeletion(tx, deletion));
    });
    logger.warn(
      {
        fromIndex: deletion.fromIndex.toString(),
        previousCount: deletion.previousCount.toString(),
        epoch: deletion.epoch.toString(),
        moved,
      },
      "batches deleted on L1 are marked deleted; the batcher starts again from the first",
    );
  }
}
