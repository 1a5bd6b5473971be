import { setTimeout as sleep } from "node:timers/promises";
import {
  assertL1ChainId,
  type Database,
  type Deployment,
  type JobQueue,
  type L1PublicClient,
  type L1WalletClient,
  type Logger,
  type Metrics,
  migrate,
  openJobQueue,
} from "@halcyon/node-common";
import {
  bytesToHex,
  type ChainConfig,
  createChainConfig,
  createSenderRecoveryPool,
  type SenderRecoveryPool,
} from "@halcyon/protocol";
import { Challenger, type ChallengerStatus } from "./challenge/challenger.ts";
import { L1Sender } from "./challenge/l1Sender.ts";
import type { MoveJob } from "./challenge/moveJobs.ts";
import { DerivationPipeline } from "./derive/derivationPipeline.ts";
import { type CriticalError, describeError, type ErrorGrade, gradeOf } from "./errors.ts";
import { Replayer } from "./replay/replayer.ts";
import { SyncProgress, type SyncSnapshot } from "./status/syncProgress.ts";
import { createVerifierMetrics, type VerifierMetrics } from "./status/verifierMetrics.ts";
import { createDerivationStore, type DerivationStore } from "./store/derivationStore.ts";
import { createGameStore } from "./store/gameStore.ts";
import { VERIFIER_MIGRATIONS } from "./store/migrations.ts";
import { createReplayStore, type ReplayStore } from "./store/replayStore.ts";

// The verifier: derivation from L1, replay in its own store, the challenger, and their status. One
// loop runs the three in turn; every error it meets is graded (errors.ts): temporary ones are retried
// with a growing pause, a reorg is handled inside the derivation, a critical one stops the loop with
// a log line that says why, and the status endpoint keeps reporting it.

export type VerifierOptions = {
  readonly deployment: Deployment;
  readonly client: L1PublicClient;
  /** Signs the challenger's transactions. Without it the verifier only watches and reports. */
  readonly wallet?: L1WalletClient | undefined;
  /** The verifier's own database (its migrations are applied here). */
  readonly db: Database;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** BullMQ on this Redis for the challenger's moves; in-process without it. */
  readonly redisUrl?: string | undefined;
  /** Redis key prefix of the move queue (default "halcyon-verifier"). */
  readonly queuePrefix?: string | undefined;
  /** L1 blocks on top of a block before it is derived. */
  readonly confirmations: number;
  /** Pause between polls once caught up. */
  readonly pollIntervalMs: number;
  /** Most L1 blocks per log query. */
  readonly maxBlockRange: number;
  /** Worker threads for sender recovery (default 2). */
  readonly recoveryThreads?: number | undefined;
  readonly maxFeePerGas?: bigint | undefined;
  readonly receiptTimeoutMs?: number | undefined;
  /** How often sync progress is logged while behind (default 5,000 ms). */
  readonly progressIntervalMs?: number | undefined;
  /** First retry delay of a move job (default 1,000 ms). */
  readonly jobBackoffMs?: number | undefined;
};

export type TickSummary = {
  /** Nothing new on L1 and nothing left to replay. */
  readonly caughtUp: boolean;
  readonly derivedRanges: number;
  readonly reorgs: number;
  readonly replayedBatches: number;
  readonly disputed: number;
  readonly gamesInProgress: number;
};

export type VerifierStatus = {
  readonly state: "running" | "syncing" | "halted" | "stopped";
  readonly halted: { readonly message: string; readonly details: Record<string, unknown> } | null;
  readonly l1: {
    readonly head: string | null;
    readonly confirmed: string | null;
    readonly derived: string;
    readonly confirmations: number;
  };
  readonly derivation: {
    readonly liveBatches: string;
    readonly queueEntries: string;
    readonly deletions: string;
  };
  readonly replay: {
    readonly lastVerifiedBatch: string | null;
    readonly lastVerifiedRoot: string | null;
    readonly lastResult: "agreed" | "disputed" | null;
    readonly rootsAgreed: string;
    readonly rootsDisputed: string;
    readonly transactions: string;
  };
  readonly sync: SyncSnapshot;
  readonly challenger: ChallengerStatus;
};

export type Verifier = {
  /** One pass: derive up to the confirmed head (bounded), replay what is new, play the games. */
  runOnce(): Promise<TickSummary>;
  /** Runs passes until stop() or a critical error; resolves when the loop ends. */
  run(): Promise<void>;
  /** Stops the loop after the pass in progress, waits for a move being sent, releases threads. */
  stop(): Promise<void>;
  status(): Promise<VerifierStatus>;
  /** The critical error that stopped the loop, if any. */
  readonly halted: CriticalError | Error | undefined;
  readonly challenger: Challenger;
  readonly derivation: DerivationPipeline;
  readonly replayer: Replayer;
  readonly stores: { readonly derivation: DerivationStore; readonly replay: ReplayStore };
};

/** Ranges derived per pass before the pass replays and plays (keeps a long sync responsive). */
const RANGES_PER_PASS = 20;

export async function createVerifier(options: VerifierOptions): Promise<Verifier> {
  const { deployment, client, db, logger } = options;
  await assertL1ChainId(client, deployment.l1ChainId);
  await migrate(db, VERIFIER_MIGRATIONS, { logger });
  const config: ChainConfig = createChainConfig({
    chainId: deployment.parameters.l2ChainId,
    feeVault: deployment.parameters.feeVault,
  });
  const metrics: VerifierMetrics = createVerifierMetrics(options.metrics);
  const derivationStore = createDerivationStore(db);
  const replayStore = createReplayStore(db);
  const derivation = await DerivationPipeline.open({
    client,
    deployment,
    store: derivationStore,
    logger: logger.child({ part: "derive" }),
    confirmations: options.confirmations,
    maxBlockRange: options.maxBlockRange,
  });
  const pool: SenderRecoveryPool = createSenderRecoveryPool({ threads: options.recoveryThreads ?? 2 });
  const progress = new SyncProgress({
    logger: logger.child({ part: "sync" }),
    ...(options.progressIntervalMs === undefined ? {} : { intervalMs: options.progressIntervalMs }),
  });
  let replayer: Replayer;
  try {
    replayer = await Replayer.open({
      derivation: derivationStore,
      store: replayStore,
      pool,
      config,
      logger: logger.child({ part: "replay" }),
      onReplayed: (outcome) => {
        metrics.batchesReplayed.inc({ result: outcome.agreed ? "agreed" : "disputed" });
        metrics.transactionsReplayed.inc(outcome.txCount);
        metrics.lastVerifiedBatch.set(Number(outcome.index));
        progress.onReplayed(1, outcome.txCount);
      },
    });
  } catch (error) {
    await pool.close();
    throw error;
  }
  let queue: JobQueue<MoveJob> | undefined;
  let sender: L1Sender | undefined;
  if (options.wallet !== undefined) {
    sender = new L1Sender({
      client,
      wallet: options.wallet,
      logger: logger.child({ part: "l1-sender" }),
      ...(options.maxFeePerGas === undefined ? {} : { maxFeePerGas: options.maxFeePerGas }),
      ...(options.receiptTimeoutMs === undefined ? {} : { receiptTimeoutMs: options.receiptTimeoutMs }),
    });
    queue = openJobQueue<MoveJob>("verifier-moves", {
      redisUrl: options.redisUrl,
      prefix: options.queuePrefix ?? "halcyon-verifier",
      logger,
    });
  }
  const challenger = new Challenger({
    client,
    sender,
    queue,
    deployment,
    derivation: derivationStore,
    replayStore,
    replayer,
    games: createGameStore(db),
    config,
    logger: logger.child({ part: "challenger" }),
    metrics,
    ...(options.jobBackoffMs === undefined ? {} : { jobBackoffMs: options.jobBackoffMs }),
  });
  challenger.start();
  logger.info(
    {
      mode: challenger.watchOnly ? "watch-only" : "challenger",
      challenger: sender?.address ?? null,
      rollup: deployment.addresses.rollup,
      derivedThrough: derivation.cursor.number,
      confirmations: options.confirmations,
    },
    "verifier ready",
  );

  let halted: Error | undefined;
  let stopping = false;
  let running: Promise<void> | undefined;
  const wake = new AbortController();

  async function runOnce(): Promise<TickSummary> {
    let derivedRanges = 0;
    let reorgs = 0;
    let derivationIdle = false;
    for (let i = 0; i < RANGES_PER_PASS; i++) {
      const outcome = await derivation.step();
      const t = derivation.traversal;
      if (t.head !== undefined) metrics.l1Head.set(Number(t.head));
      if (t.confirmed !== undefined) metrics.l1Confirmed.set(Number(t.confirmed));
      if (outcome.kind === "idle") {
        derivationIdle = true;
        progress.onHead(derivation.cursor.number, t.confirmed);
        break;
      }
      if (outcome.kind === "reset") {
        reorgs++;
        metrics.reorgs.inc();
        continue;
      }
      derivedRanges++;
      metrics.l1Derived.set(Number(outcome.to.number));
      metrics.batchesDerived.inc(outcome.batches);
      metrics.queueEntriesDerived.inc(outcome.queueEntries);
      metrics.deletions.inc(outcome.deletions);
      progress.onDerived(outcome.from, outcome.to.number, t.confirmed);
    }
    let replayedBatches = 0;
    for (;;) {
      const started = performance.now();
      const step = await replayer.step();
      if (step.replayed > 0)
        metrics.replaySeconds.observe((performance.now() - started) / 1000 / step.replayed);
      replayedBatches += step.replayed;
      if (step.replayed === 0 || step.blockedOn !== undefined) break;
    }
    const played = await challenger.tick();
    progress.tick();
    return {
      caughtUp: derivationIdle && replayedBatches === 0,
      derivedRanges,
      reorgs,
      replayedBatches,
      disputed: played.disputed,
      gamesInProgress: played.gamesInProgress,
    };
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      let pause = 0;
      try {
        const summary = await runOnce();
        failures = 0;
        if (summary.caughtUp) pause = options.pollIntervalMs;
      } catch (error) {
        const grade: ErrorGrade = gradeOf(error);
        metrics.errors.inc({ grade });
        if (grade === "critical") {
          halted = error instanceof Error ? error : new Error(String(error));
          logger.fatal(
            { error: describeError(error), details: (error as { details?: unknown }).details },
            "verifier halted: a critical error needs an operator (the status endpoint reports it)",
          );
          return;
        }
        failures++;
        pause = Math.min(options.pollIntervalMs * 2 ** Math.min(failures, 6), 60_000);
        logger.warn(
          { error: describeError(error), grade, failures, retryInMs: pause },
          "pass failed; retrying",
        );
      }
      if (pause > 0 && !stopping) {
        await sleep(pause, undefined, { signal: wake.signal }).catch(() => {});
      }
    }
  }

  async function status(): Promise<VerifierStatus> {
    const [counts, stats, challengerStatus] = await Promise.all([
      derivationStore.counts(),
      replayStore.stats(),
      challenger.status(),
    ]);
    const t = derivation.traversal;
    const last = replayer.last;
    const sync = progress.snapshot();
    const details = (halted as { details?: Record<string, unknown> } | undefined)?.details ?? {};
    return {
      state:
        halted !== undefined ? "halted" : stopping ? "stopped" : progress.behind > 0n ? "syncing" : "running",
      halted: halted === undefined ? null : { message: halted.message, details: jsonSafe(details) },
      l1: {
        head: t.head?.toString() ?? null,
        confirmed: t.confirmed?.toString() ?? null,
        derived: derivation.cursor.number.toString(),
        confirmations: options.confirmations,
      },
      derivation: {
        liveBatches: counts.liveBatches.toString(),
        queueEntries: counts.queueEntries.toString(),
        deletions: counts.deletions.toString(),
      },
      replay: {
        lastVerifiedBatch: last?.index.toString() ?? null,
        lastVerifiedRoot: last === undefined ? null : bytesToHex(last.computedRoot),
        lastResult: last === undefined ? null : last.agreed ? "agreed" : "disputed",
        rootsAgreed: stats.agreed.toString(),
        rootsDisputed: stats.disputed.toString(),
        transactions: stats.transactions.toString(),
      },
      sync,
      challenger: challengerStatus,
    };
  }

  return {
    runOnce,
    run() {
      running ??= loop();
      return running;
    },
    async stop() {
      stopping = true;
      wake.abort();
      await running;
      await queue?.close();
      await pool.close();
      logger.info("verifier stopped");
    },
    status,
    get halted() {
      return halted;
    },
    challenger,
    derivation,
    replayer,
    stores: { derivation: derivationStore, replay: replayStore },
  };
}

function jsonSafe(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]),
  );
}
