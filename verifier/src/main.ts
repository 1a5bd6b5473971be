import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import {
  ConfigError,
  configForLog,
  configHelp,
  createL1Clients,
  createLogger,
  createMetrics,
  openDatabase,
  readDeployment,
  wantsHelp,
} from "@halcyon/node-common";
import { loadVerifierConfig, VERIFIER_CONFIG } from "./config.ts";
import { describeError } from "./errors.ts";
import { startStatusServer } from "./status/statusServer.ts";
import { createVerifier } from "./verifier.ts";

// The verifier process: configuration, database, L1 clients, the verifier loop and its status
// endpoint. SIGINT/SIGTERM stop it gracefully (the pass in progress and a move being sent finish,
// then everything closes); a critical error stops it with exit code 1 after saying why.

async function main(): Promise<number> {
  if (wantsHelp()) {
    process.stdout.write(
      `${configHelp(VERIFIER_CONFIG, {
        name: "verifier",
        description: "Halcyon's verifier: replays every batch from L1 data and challenges wrong state roots",
      })}\n`,
    );
    return 0;
  }
  let config: ReturnType<typeof loadVerifierConfig>;
  try {
    config = loadVerifierConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, name: "verifier" });
  logger.info(configForLog(VERIFIER_CONFIG, config), "configuration");

  const deployment = await readDeployment(config.deployment);
  const clients = createL1Clients({
    rpcUrl: config.l1RpcUrl,
    chainId: deployment.l1ChainId,
    privateKey: config.privateKey,
    pollingIntervalMs: Math.min(config.pollInterval, 1_000),
  });
  const dataDir = resolve(config.dataDir);
  if (config.databaseUrl === undefined) await mkdir(dataDir, { recursive: true });
  const db = await openDatabase({
    url: config.databaseUrl,
    dataDir,
    logger,
    applicationName: "halcyon-verifier",
  });
  const metrics = createMetrics({ prefix: "halcyon_verifier_", processMetrics: true });

  let verifier: Awaited<ReturnType<typeof createVerifier>>;
  try {
    verifier = await createVerifier({
      deployment,
      client: clients.publicClient,
      wallet: clients.walletClient,
      db,
      logger,
      metrics,
      redisUrl: config.redisUrl,
      queuePrefix: config.queuePrefix,
      confirmations: config.confirmations,
      pollIntervalMs: config.pollInterval,
      maxBlockRange: config.maxBlockRange,
      progressIntervalMs: config.progressInterval,
      recoveryThreads: config.recoveryThreads,
      maxFeePerGas: config.maxFeePerGas,
    });
  } catch (error) {
    logger.fatal(
      { error: describeError(error), details: (error as { details?: unknown }).details },
      "cannot start",
    );
    await db.close();
    return 1;
  }
  const server = await startStatusServer({
    host: config.statusHost,
    port: config.statusPort,
    logger,
    metrics,
    status: () => verifier.status(),
    healthy: () => verifier.halted === undefined,
  });

  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ reason }, "stopping");
      await verifier.stop();
      await server.close();
      await db.close();
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping !== undefined) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    void stop(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  await verifier.run();
  const halted = verifier.halted !== undefined;
  await stop(halted ? "halted" : "stopped");
  return halted ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(
      `verifier failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
