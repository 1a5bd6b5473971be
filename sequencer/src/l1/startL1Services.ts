import { type Database, type Logger, type Metrics, openJobQueue } from "@halcyon/node-common";
import type { BatchLimits } from "../batcher/batchBuilder.ts";
import { Batcher } from "../batcher/batcher.ts";
import { Defender, type DefenderJob } from "../defender/defender.ts";
import type { FaultMode } from "../faults/faultMode.ts";
import type { Sequencer } from "../sequencer.ts";
import { readBatchGeneration } from "../store/batchDeletions.ts";
import { type BatchJob, BatchSubmitter } from "../submitter/batchSubmitter.ts";
import { DeletionRecovery } from "../submitter/deletionRecovery.ts";
import { ensureProposerBond } from "../submitter/proposerBond.ts";
import type { L1Connection } from "./openL1.ts";

export type L1ServicesOptions = {
  readonly db: Database;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  readonly confirmations: number;
  readonly pollIntervalMs: number;
  readonly stuckAfterMs: number;
  readonly logRange: number;
  readonly batchLimits: BatchLimits;
  readonly batchMaxAgeMs: number;
  /** Redis for the job queue; in-process without it. */
  readonly redisUrl?: string | undefined;
  readonly jobQueuePrefix?: string;
  readonly submitterConcurrency: number;
  readonly resubmitIntervalMs: number;
  /** Test-only fault mode (devnet only): rewrites batches on purpose and defends their lies. */
  readonly faults?: FaultMode;
};

export type L1Services = {
  readonly batcher: Batcher;
  readonly submitter: BatchSubmitter;
  readonly defender: Defender;
  /** Stops cutting and posting batches and following L1 (jobs in flight are finished or left to a restart). */
  close(): Promise<void>;
};

/**
 * Starts the sequencer's L1 side around a running sequencer: the follower, the proposer bond (deposited
 * if missing), the batch submitter with its job queue, the batcher, the defender of its batches (a job
 * queue of its own) and the finality tracker.
 */
export async function startL1Services(
  l1: L1Connection,
  sequencer: Sequencer,
  options: L1ServicesOptions,
): Promise<L1Services> {
  const { db, logger, metrics } = options;
  const optionalMetrics = metrics === undefined ? {} : { metrics };
  const { faults } = options;
  l1.follower.start();
  const ensureBond = (purpose?: string) =>
    ensureProposerBond({
      publicClient: l1.publicClient,
      sender: l1.sender,
      rollup: l1.deployment.addresses.rollup,
      logger,
      stuckAfterMs: options.stuckAfterMs,
      pollMs: options.pollIntervalMs,
      ...(purpose === undefined ? {} : { purpose }),
    });
  // After a lost game the bond was slashed: a deposit of its own name, so that the first deposit's
  // transaction (recorded under the same starting amount) is not taken for it.
  const generation = await readBatchGeneration(db);
  await ensureBond(generation === 0 ? undefined : `rebond-g${generation}`);
  const queue = openJobQueue<BatchJob>("sequencer-batches", {
    redisUrl: options.redisUrl,
    prefix: options.jobQueuePrefix,
    logger,
  });
  const submitter = new BatchSubmitter({
    db,
    publicClient: l1.publicClient,
    sender: l1.sender,
    deployment: l1.deployment,
    follower: l1.follower,
    queue,
    confirmations: options.confirmations,
    pollIntervalMs: options.pollIntervalMs,
    stuckAfterMs: options.stuckAfterMs,
    logRange: options.logRange,
    concurrency: options.submitterConcurrency,
    resubmitIntervalMs: options.resubmitIntervalMs,
    logger: logger.child({ part: "submitter" }),
    ...optionalMetrics,
    ...(faults === undefined
      ? {}
      : { faults: { hold: (b) => faults.hold(b), refused: (b, reason) => faults.refused(b, reason) } }),
  });
  await submitter.start();
  const batcher = new Batcher({
    db,
    events: sequencer.events,
    head: () => sequencer.chain.head.number,
    chainId: sequencer.chain.config.chainId,
    limits: options.batchLimits,
    maxAgeMs: options.batchMaxAgeMs,
    forceInclusionDelay: l1.deployment.parameters.forceInclusionDelay,
    onBatch: (batch) => submitter.enqueue(batch.index),
    logger: logger.child({ part: "batcher" }),
    ...optionalMetrics,
    ...(faults === undefined ? {} : { rewrite: (batch, blocks) => faults.rewrite(batch, blocks) }),
  });
  // After a lost game L1 deletes batches; the follower records it and the recovery cuts them again.
  const recovery = new DeletionRecovery({
    db,
    batcher,
    submitter,
    rebond: (purpose) => ensureBond(purpose),
    logger: logger.child({ part: "recovery" }),
  });
  l1.follower.onBatchesDeleted(() => void recovery.recover());
  await recovery.recover();
  await batcher.start();
  const defender = new Defender({
    db,
    publicClient: l1.publicClient,
    sender: l1.sender,
    deployment: l1.deployment,
    chainConfig: sequencer.chain.config,
    queue: openJobQueue<DefenderJob>("sequencer-defender", {
      redisUrl: options.redisUrl,
      prefix: options.jobQueuePrefix,
      logger,
    }),
    pollIntervalMs: options.pollIntervalMs,
    stuckAfterMs: options.stuckAfterMs,
    logRange: options.logRange,
    reorgMargin: options.confirmations,
    logger: logger.child({ part: "defender" }),
    ...optionalMetrics,
    ...(faults === undefined ? {} : { lieOf: (batch) => faults.lieOf(batch) }),
  });
  defender.start();
  l1.finality.start();
  logger.info({ queue: queue.kind, nextBatch: batcher.nextIndex.toString() }, "L1 services started");
  return {
    batcher,
    submitter,
    defender,
    async close() {
      await batcher.stop();
      await defender.stop();
      await submitter.stop();
      await l1.finality.stop();
      await l1.follower.stop();
    },
  };
}
