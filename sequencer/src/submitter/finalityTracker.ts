import {
  type Database,
  type Deployment,
  type L1PublicClient,
  type Logger,
  type Metrics,
  rollupAbi,
} from "@halcyon/node-common";
import { encodeFunctionData, formatEther } from "viem";
import type { FinalityView } from "../rpc/context.ts";
import { lastBlockWithStatus, markBatchesFinal, readBatch } from "../store/batchTable.ts";
import type { L1Sender } from "./l1Sender.ts";

export type FinalityTrackerOptions = {
  readonly db: Database;
  readonly publicClient: L1PublicClient;
  readonly deployment: Deployment;
  /** Without a sender the tracker only reads; with one it also calls finalizeBatches when it can. */
  readonly sender?: L1Sender;
  readonly pollIntervalMs: number;
  readonly stuckAfterMs: number;
  /** The L2 head's number (for the batch-lag metric). */
  readonly head: () => bigint;
  readonly logger: Logger;
  readonly metrics?: Metrics;
};

/**
 * The L2 blocks the `safe` and `finalized` tags name: `safe` is the last block of the last batch posted
 * (confirmed on L1), `finalized` the last block of the last batch the Rollup counts final
 * (`finalizedCount`). It polls the Rollup, marks final batches in the store, and, with a sender, advances
 * the Rollup's finality itself (`finalizeBatches`, which is lazy and permissionless) once a posted batch's
 * challenge window has passed, so the `finalized` tag moves without waiting for someone's withdrawal.
 */
export class FinalityTracker implements FinalityView {
  readonly #o: FinalityTrackerOptions;
  #safe = 0n;
  #finalized = 0n;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #refreshing: Promise<void> = Promise.resolve();

  constructor(options: FinalityTrackerOptions) {
    this.#o = options;
  }

  safeBlock(): bigint {
    return this.#safe;
  }

  finalizedBlock(): bigint {
    return this.#finalized;
  }

  /** Reads the tags from the store (before the sequencer serves them). */
  async load(): Promise<void> {
    this.#safe = await lastBlockWithStatus(this.#o.db, ["posted", "final"]);
    this.#finalized = await lastBlockWithStatus(this.#o.db, ["final"]);
  }

  start(): void {
    const loop = async () => {
      await this.refresh();
      if (!this.#stopped) this.#timer = setTimeout(loop, this.#o.pollIntervalMs);
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#refreshing;
  }

  /** One look at the Rollup (serialized; errors are logged, the next look tries again). */
  refresh(): Promise<void> {
    this.#refreshing = this.#refreshing.then(() =>
      this.#refresh().catch((error) => this.#o.logger.warn({ err: error }, "finality refresh failed")),
    );
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    const { db, publicClient, deployment, metrics } = this.#o;
    const rollup = deployment.addresses.rollup;
    const count = await publicClient.readContract({
      address: rollup,
      abi: rollupAbi,
      functionName: "finalizedCount",
    });
    if ((await markBatchesFinal(db, count)) > 0)
      this.#o.logger.info({ finalizedCount: count.toString() }, "batches final");
    await this.load();
    if (this.#o.sender !== undefined) await this.#advance(count);
    metrics
      ?.gauge("batch_lag_blocks", { help: "L2 blocks after the last block in a posted batch" })
      .set(Number(this.#o.head() - this.#safe));
    metrics
      ?.gauge("l2_safe_block", { help: "last L2 block in a batch confirmed on L1" })
      .set(Number(this.#safe));
    metrics
      ?.gauge("l2_finalized_block", { help: "last L2 block in a final batch" })
      .set(Number(this.#finalized));
    if (this.#o.sender !== undefined) {
      const balance = await publicClient.getBalance({ address: this.#o.sender.address });
      metrics
        ?.gauge("l1_balance_eth", { help: "ETH held by the sequencer's L1 account" })
        .set(Number(formatEther(balance)));
    }
  }

  /** Calls finalizeBatches up to the last posted batch whose challenge window has passed. */
  async #advance(finalizedCount: bigint): Promise<void> {
    const { db, publicClient, deployment } = this.#o;
    const now = (await publicClient.getBlock()).timestamp;
    const { rows } = await db.query<{ batch_index: bigint }>(
      `SELECT batch_index FROM batches WHERE status = 'posted' AND batch_index >= $1 AND appended_at + $2 <= $3
       ORDER BY batch_index DESC LIMIT 1`,
      [finalizedCount, deployment.parameters.challengeWindow, now],
    );
    const index = rows[0]?.batch_index;
    if (index === undefined) return;
    const batch = await readBatch(db, index, { withData: false });
    if (batch?.inclusion === undefined) return;
    const sender = this.#o.sender!;
    // finalizeBatches stops at the first batch a game holds, so what a call would reach decides both
    // whether to send and the purpose: one purpose per advance (finalizedCount only grows), so a call
    // that advanced only part of the way, or not at all, never stands for a later one that can go further.
    const { result: reachable } = await publicClient.simulateContract({
      address: deployment.addresses.rollup,
      abi: rollupAbi,
      functionName: "finalizeBatches",
      args: [batch.inclusion.record],
      account: sender.address,
    });
    if (reachable <= finalizedCount) return;
    await sender.execute(
      `finalize-${finalizedCount}-${reachable}`,
      {
        to: deployment.addresses.rollup,
        data: encodeFunctionData({
          abi: rollupAbi,
          functionName: "finalizeBatches",
          args: [batch.inclusion.record],
        }),
      },
      { stuckAfterMs: this.#o.stuckAfterMs, pollMs: this.#o.pollIntervalMs },
    );
    // The next look reads the new finalizedCount.
  }
}
