import type { Deployment, L1PublicClient, Logger } from "@halcyon/node-common";
import type { Address } from "@halcyon/protocol";
import { zeroHash } from "viem";
import { CriticalError, ResetError } from "../errors.ts";
import type { BlockHashRef, DerivationStore } from "../store/derivationStore.ts";
import { BatchDataStage } from "./batchData.ts";
import { BatchDeletionStage } from "./batchDeletions.ts";
import { advanceHead } from "./derivedChain.ts";
import {
  type BatchAppendedLog,
  type BatchesDeletedLog,
  type BridgeLog,
  type HalcyonLog,
  isBridgeLog,
  L1Retrieval,
} from "./l1Retrieval.ts";
import { L1Traversal } from "./l1Traversal.ts";
import { QueueEntryStage } from "./queueEntries.ts";
import type { DerivedHead, DerivedItem, DerivedRange, L1BlockRef } from "./types.ts";

// The derivation pipeline, stage by stage (one file each, as op-node's rollup/derive):
//   l1Traversal    confirmed L1 blocks in bounded ranges; reorg detection by parent hash
//   l1Retrieval    the Halcyon logs of a range, each block checked canonical
//   queueEntries   Bridge events -> queue entries, checked against Bridge.queueEntry(i)
//   batchData      BatchAppended -> batch data from the appendBatch calldata, checked against dataRoot
//   batchDeletions BatchesDeleted -> deletions
//   derivedChain   every item continues the chain derived so far
// then one database transaction stores the range and moves the cursor. A ResetError (a reorg reached
// derived blocks) rewinds to the highest stored block still canonical and unwinds what later blocks
// brought; the replay notices the batches that went and unwinds its state in turn.

export type StepOutcome =
  | { readonly kind: "idle" }
  | { readonly kind: "reset"; readonly ancestor: BlockHashRef; readonly reason: string }
  | {
      readonly kind: "advanced";
      readonly from: bigint;
      readonly to: L1BlockRef;
      readonly queueEntries: number;
      readonly batches: number;
      readonly deletions: number;
    };

export type DerivationPipelineOptions = {
  readonly client: L1PublicClient;
  readonly deployment: Deployment;
  readonly store: DerivationStore;
  readonly logger: Logger;
  /** Blocks on top of a block before it is derived. */
  readonly confirmations: number;
  /** Most blocks per log query. */
  readonly maxBlockRange: number;
};

const META_KEY = "deployment";

function deploymentIdentity(deployment: Deployment): string {
  return JSON.stringify({
    l1ChainId: deployment.l1ChainId,
    rollup: deployment.addresses.rollup.toLowerCase(),
    bridge: deployment.addresses.bridge.toLowerCase(),
    deployBlock: deployment.deployBlock.toString(),
    genesis: deployment.genesis.recordHash,
  });
}

export class DerivationPipeline {
  readonly #store: DerivationStore;
  readonly #logger: Logger;
  readonly #start: BlockHashRef;
  readonly traversal: L1Traversal;
  readonly #retrieval: L1Retrieval;
  readonly #queue: QueueEntryStage;
  readonly #batches: BatchDataStage;
  readonly #deletions = new BatchDeletionStage();
  #head: DerivedHead;

  private constructor(
    options: DerivationPipelineOptions,
    start: BlockHashRef,
    cursor: BlockHashRef,
    head: DerivedHead,
  ) {
    const { client, deployment } = options;
    this.#store = options.store;
    this.#logger = options.logger;
    this.#start = start;
    this.#head = head;
    this.traversal = new L1Traversal(
      { client, confirmations: options.confirmations, maxBlockRange: options.maxBlockRange },
      cursor,
    );
    this.#retrieval = new L1Retrieval({ client, addresses: deployment.addresses, traversal: this.traversal });
    this.#queue = new QueueEntryStage({
      client,
      bridge: deployment.addresses.bridge as Address,
      chainId: deployment.parameters.l2ChainId,
    });
    this.#batches = new BatchDataStage({
      client,
      rollup: deployment.addresses.rollup,
      genesis: deployment.genesis,
    });
  }

  /**
   * Opens the pipeline on its store: checks that the store belongs to this deployment, and starts a
   * fresh store right before the deployment block.
   */
  static async open(options: DerivationPipelineOptions): Promise<DerivationPipeline> {
    const { store, deployment, client } = options;
    const identity = deploymentIdentity(deployment);
    const known = await store.readMeta(META_KEY);
    if (known !== undefined && known !== identity) {
      throw new CriticalError("this database was filled from another deployment; give the verifier its own", {
        details: { database: known, deployment: identity },
      });
    }
    const startNumber = deployment.deployBlock - 1n;
    let start: BlockHashRef = { number: startNumber, hash: zeroHash };
    if (startNumber >= 0n) {
      const block = await client.getBlock({ blockNumber: startNumber });
      start = { number: startNumber, hash: block.hash };
    }
    let cursor = await store.cursor();
    if (cursor === undefined) {
      await store.initCursor(start);
      cursor = start;
    }
    if (known === undefined) await store.writeMeta(META_KEY, identity);
    return new DerivationPipeline(options, start, cursor, await store.head());
  }

  get head(): DerivedHead {
    return this.#head;
  }

  get cursor(): BlockHashRef {
    return this.traversal.cursor;
  }

  /** The block derivation started after (the deployment block's parent). */
  get start(): BlockHashRef {
    return this.#start;
  }

  /**
   * Derives the next range of confirmed blocks, if any, and stores it. A reorg of derived blocks is
   * handled here (rewind and unwind; the outcome says so); other errors propagate, graded.
   */
  async step(): Promise<StepOutcome> {
    try {
      return await this.#advance();
    } catch (error) {
      if (!(error instanceof ResetError)) throw error;
      const ancestor = await this.reset();
      return { kind: "reset", ancestor, reason: error.message };
    }
  }

  async #advance(): Promise<StepOutcome> {
    const range = await this.traversal.nextRange();
    if (range === null) return { kind: "idle" };
    let fetched: Awaited<ReturnType<L1Retrieval["fetchLogs"]>>;
    try {
      fetched = await this.#retrieval.fetchLogs(range.from.number, range.to.number);
    } catch (error) {
      this.traversal.shrinkRange();
      throw error;
    }
    this.traversal.growRange();
    const items = await this.#derive(fetched.logs);
    let head = this.#head;
    for (const item of items) head = advanceHead(head, item);
    const derived: DerivedRange = { to: range.to, blocks: fetched.blocks, items };
    await this.#store.commitRange(derived);
    this.traversal.advance(range.to);
    this.#head = head;
    let queueEntries = 0;
    let batches = 0;
    let deletions = 0;
    for (const item of items) {
      if (item.kind === "queue-entry") queueEntries++;
      else if (item.kind === "batch") {
        batches++;
        this.#logger.info(
          {
            batch: item.record.index,
            epoch: item.record.epoch,
            steps: item.record.steps,
            bytes: item.data.length,
            claimedRoot: item.record.stateRoot,
            l1Block: item.l1Block,
          },
          "derived batch",
        );
      } else {
        deletions++;
        this.#logger.warn(
          {
            fromIndex: item.fromIndex,
            previousCount: item.previousCount,
            epoch: item.epoch,
            l1Block: item.l1Block,
          },
          "batches deleted on L1: a game against the first of them was lost",
        );
      }
    }
    return { kind: "advanced", from: range.from.number, to: range.to, queueEntries, batches, deletions };
  }

  /** Runs the stages over a range's logs and returns the items in log order. */
  async #derive(logs: readonly HalcyonLog[]): Promise<DerivedItem[]> {
    const bridgeLogs: BridgeLog[] = [];
    const appended: BatchAppendedLog[] = [];
    const deleted: BatchesDeletedLog[] = [];
    for (const log of logs) {
      if (isBridgeLog(log)) bridgeLogs.push(log);
      else if (log.eventName === "BatchAppended") appended.push(log);
      else deleted.push(log);
    }
    const [entries, batches] = await Promise.all([
      this.#queue.nextEntries(bridgeLogs),
      this.#batches.nextBatches(appended),
    ]);
    const items: DerivedItem[] = [...entries, ...batches, ...this.#deletions.nextDeletions(deleted)];
    items.sort((a, b) =>
      a.l1Block === b.l1Block ? a.logIndex - b.logIndex : a.l1Block < b.l1Block ? -1 : 1,
    );
    return items;
  }

  /**
   * Rewinds to the highest stored block that is still canonical (the cursor, then the blocks that
   * carried items, then the start) and forgets what later blocks brought. Returns the ancestor.
   */
  async reset(): Promise<BlockHashRef> {
    const from = this.traversal.cursor;
    const ancestor = await this.#findAncestor(from);
    const summary = await this.#store.unwindAbove(ancestor);
    this.traversal.resetTo(ancestor);
    this.#head = await this.#store.head();
    this.#logger.warn(
      {
        from: from.number,
        ancestor: ancestor.number,
        ancestorHash: ancestor.hash,
        queueEntriesRemoved: summary.queueEntries,
        batchesRemoved: summary.batches,
        batchesRestored: summary.restoredBatches,
      },
      "L1 reorg: rewound the derivation to a common ancestor",
    );
    return ancestor;
  }

  async #findAncestor(cursor: BlockHashRef): Promise<BlockHashRef> {
    if (await this.#isCanonical(cursor)) return cursor;
    let below = cursor.number - 1n;
    for (;;) {
      const page = await this.#store.storedBlocks(below, 64);
      for (const ref of page) {
        if (await this.#isCanonical(ref)) return ref;
      }
      if (page.length < 64) break;
      below = page[page.length - 1]!.number - 1n;
    }
    if (this.#start.number < 0n || (await this.#isCanonical(this.#start))) return this.#start;
    throw new CriticalError("the deployment's own block left the canonical chain: is this the right L1?", {
      details: { block: this.#start.number, hash: this.#start.hash },
    });
  }

  async #isCanonical(ref: BlockHashRef): Promise<boolean> {
    const block = await this.traversal.blockRef(ref.number);
    return block !== undefined && block.hash === ref.hash;
  }
}
