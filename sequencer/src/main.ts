import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import {
  ConfigError,
  configForLog,
  configHelp,
  createLogger,
  openDatabase,
  wantsHelp,
} from "@halcyon/node-common";
import { createChainConfig } from "@halcyon/protocol";
import { loadSequencerConfig, SEQUENCER_CONFIG } from "./config.ts";
import { constantBaseFee } from "./producer/baseFeePolicy.ts";
import { createMemoryQueueSource } from "./producer/queueEntrySource.ts";
import { startSequencer } from "./sequencer.ts";

// The sequencer process: configuration, database, sequencer, and a graceful stop on SIGINT/SIGTERM
// (refuse new transactions, answer those in flight, finish the block in progress, close).

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

  // The L1 follower (next task) replaces this queue: until then no deposit reaches the chain.
  logger.warn("no L1 follower configured yet: the L1 queue is empty");
  const queue = createMemoryQueueSource();

  let stopping: Promise<void> | undefined;
  let onHaltStopped: (() => void) | undefined;
  let exitCode = 0;
  const sequencer = await startSequencer({
    db,
    logger,
    chainConfig: createChainConfig({ chainId: config.chainId, feeVault: config.feeVault }),
    queue,
    rpc: {
      host: config.rpcHost,
      port: config.rpcPort,
      maxBodyBytes: config.maxRequestBytes,
      corsOrigin: config.corsOrigin,
    },
    blockTimeMs: config.blockTime,
    maxTransactionsPerBlock: config.maxTransactionsPerBlock,
    produceEmptyBlocks: config.produceEmptyBlocks,
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

  function stop(reason: string): Promise<void> {
    stopping ??= (async () => {
      logger.info({ reason }, "stopping");
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
