import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import {
  ConfigError,
  configForLog,
  configHelp,
  createLogger,
  createMetrics,
  migrate,
  openDatabase,
  wantsHelp,
} from "@halcyon/node-common";
import { createChainConfig } from "@halcyon/protocol";
import { loadSequencerConfig, SEQUENCER_CONFIG } from "./config.ts";
import { armFaultMethod } from "./faults/armFaultMethod.ts";
import { assertFaultModeAllowed } from "./faults/devnetOnly.ts";
import { FaultMode } from "./faults/faultMode.ts";
import { createL1GameClockSource } from "./l1/gameClocks.ts";
import { type L1Connection, openL1 } from "./l1/openL1.ts";
import { startL1Services } from "./l1/startL1Services.ts";
import { constantBaseFee } from "./producer/baseFeePolicy.ts";
import { createMemoryQueueSource } from "./producer/queueEntrySource.ts";
import { startSequencer } from "./sequencer.ts";
import { SEQUENCER_MIGRATIONS } from "./store/migrations.ts";

// The sequencer process: configuration, database, L1 (with --deployment), sequencer, and a graceful stop
// on SIGINT/SIGTERM (refuse new transactions, answer those in flight, finish the block in progress, close).

async function main(): Promise<number> {
  if (wantsHelp()) {
    process.stdout.write(
      `${configHelp(SEQUENCER_CONFIG, { name: "sequencer", description: "Halcyon's sequencer" })}\n`,
    );
    return 0;
  }
  let config: ReturnType<typeof loadSequencerConfig>;
  try {
    config = loadSequencerConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, name: "sequencer" });
  logger.info(configForLog(SEQUENCER_CONFIG, config), "configuration");

  const dataDir = resolve(config.dataDir);
  if (config.databaseUrl === undefined) await mkdir(dataDir, { recursive: true });
  const db = await openDatabase({
    url: config.databaseUrl,
    dataDir,
    logger,
    applicationName: "halcyon-sequencer",
  });

  const chainConfig = createChainConfig({ chainId: config.chainId, feeVault: config.feeVault });
  const metrics = createMetrics({ prefix: "halcyon_sequencer_", processMetrics: true });
  let l1: L1Connection | undefined;
  // The L2 head, once the sequencer runs (the L1 side's metrics read it).
  let head = () => 0n;
  if (config.deployment === undefined) {
    logger.warn("no --deployment: the sequencer runs without L1 (no deposits, no batches)");
  } else {
    await migrate(db, SEQUENCER_MIGRATIONS, { logger });
    l1 = await openL1({
      deploymentPath: resolve(config.deployment),
      rpcUrl: config.l1RpcUrl!,
      privateKey: config.l1PrivateKey!,
      chainConfig,
      confirmations: config.l1Confirmations,
      pollIntervalMs: config.l1PollInterval,
      logRange: config.l1LogRange,
      stuckAfterMs: config.l1StuckAfter,
      maxFeePerGas: config.l1MaxFeePerGas,
      finalizeBatches: config.finalizeBatches,
      head: () => head(),
      db,
      logger,
      metrics,
    });
  }
  const queue = l1?.follower ?? createMemoryQueueSource();
  let faults: FaultMode | undefined;
  if (config.faults) {
    try {
      assertFaultModeAllowed(l1?.deployment.l1ChainId);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.message}\n`);
      await db.close();
      return 2;
    }
    const { publicClient } = l1!;
    faults = new FaultMode({
      db,
      chainConfig,
      logger: logger.child({ part: "faults" }),
      l1Time: async () => (await publicClient.getBlock({ blockTag: "latest" })).timestamp,
      forceInclusionDelay: l1!.deployment.parameters.forceInclusionDelay,
    });
    logger.warn("fault mode is on (test only): halcyon_armFault posts wrong batches on purpose");
  }

  let stopping: Promise<void> | undefined;
  let onHaltStopped: (() => void) | undefined;
  let exitCode = 0;
  const sequencer = await startSequencer({
    db,
    logger,
    chainConfig,
    queue,
    metrics,
    ...(l1 === undefined
      ? {}
      : {
          tokenMetadata: l1.tokenMetadata,
          finality: l1.finality,
          l1Status: () => l1.follower.status,
          gameClocks: createL1GameClockSource(l1.publicClient, l1.deployment.addresses.disputeGame),
        }),
    rpc: {
      host: config.rpcHost,
      port: config.rpcPort,
      maxBodyBytes: config.maxRequestBytes,
      corsOrigin: config.corsOrigin,
    },
    blockTimeMs: config.blockTime,
    maxTransactionsPerBlock: config.maxTransactionsPerBlock,
    produceEmptyBlocks: config.produceEmptyBlocks,
    trailingBlock: config.trailingBlock,
    ...(faults === undefined
      ? {}
      : { extraMethods: [armFaultMethod(faults)], censors: (sender) => faults.censors(sender) }),
    baseFee: constantBaseFee(config.baseFee),
    suggestedTip: config.suggestedTip,
    recoveryThreads: config.recoveryThreads,
    mempoolLimits: {
      maxTransactions: config.mempoolMaxTransactions,
      maxPerSender: config.mempoolMaxPerSender,
      maxNonceAhead: config.mempoolMaxNonceAhead,
    },
    onHalt: () => {
      exitCode = 1;
      void stop("block production halted").then(() => onHaltStopped?.());
    },
  });

  head = () => sequencer.chain.head.number;
  const services =
    l1 === undefined
      ? undefined
      : await startL1Services(l1, sequencer, {
          db,
          logger,
          metrics,
          confirmations: config.l1Confirmations,
          pollIntervalMs: config.l1PollInterval,
          stuckAfterMs: config.l1StuckAfter,
          logRange: config.l1LogRange,
          batchLimits: { maxBytes: config.batchMaxBytes, maxSteps: config.batchMaxSteps },
          batchMaxAgeMs: config.batchMaxAge,
          redisUrl: config.redisUrl,
          jobQueuePrefix: config.jobQueuePrefix,
          submitterConcurrency: config.submitterConcurrency,
          resubmitIntervalMs: config.batchResubmitInterval,
          ...(faults === undefined ? {} : { faults }),
        });

  function stop(reason: string): Promise<void> {
    stopping ??= (async () => {
      logger.info({ reason }, "stopping");
      await services?.close();
      await sequencer.close();
      await db.close();
    })();
    return stopping;
  }

  const done = new Promise<void>((resolveDone) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping !== undefined) {
        logger.warn({ signal }, "second signal: exiting now");
        process.exit(1);
      }
      void stop(signal).then(resolveDone);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    onHaltStopped = resolveDone;
  });

  await done;
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(
      `sequencer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
