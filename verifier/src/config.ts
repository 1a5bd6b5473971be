import {
  type ConfigOf,
  type ConfigSchema,
  LOG_LEVELS,
  type LoadConfigOptions,
  loadConfig,
} from "@halcyon/node-common";

/**
 * The verifier's configuration: command-line flags override environment variables, which override
 * the defaults. `--help` lists them all. It needs nothing from the sequencer: an L1 RPC and the
 * deployment file.
 */
export const VERIFIER_CONFIG = {
  l1RpcUrl: {
    type: "url",
    env: "L1_RPC_URL",
    protocols: ["http:", "https:"],
    required: true,
    description:
      "L1 JSON-RPC endpoint (HTTP); debug_traceTransaction only if batches are appended through contracts",
  },
  deployment: {
    type: "string",
    env: "HALCYON_DEPLOYMENT",
    required: true,
    description: "the deployment file written by scripts/deploy.ts",
  },
  privateKey: {
    type: "privateKey",
    env: "VERIFIER_PRIVATE_KEY",
    description:
      "L1 key that posts challenger bonds and moves; without it the verifier only watches and reports",
  },
  databaseUrl: {
    type: "url",
    env: "DATABASE_URL",
    protocols: ["postgres:", "postgresql:"],
    secret: true,
    description:
      "PostgreSQL URL (a database of the verifier's own); without it an embedded PGlite in --data-dir",
  },
  dataDir: {
    type: "string",
    env: "VERIFIER_DATA_DIR",
    default: ".halcyon/verifier",
    description: "directory of the embedded database (used when DATABASE_URL is not set)",
  },
  redisUrl: {
    type: "url",
    env: "REDIS_URL",
    protocols: ["redis:", "rediss:"],
    secret: true,
    description: "Redis for the durable queue of L1 moves (BullMQ); in-process without it",
  },
  queuePrefix: {
    type: "string",
    env: "VERIFIER_QUEUE_PREFIX",
    default: "halcyon-verifier",
    description: "Redis key prefix of the move queue (one per challenger key)",
  },
  confirmations: {
    type: "int",
    env: "VERIFIER_CONFIRMATIONS",
    default: 6,
    min: 0,
    max: 10_000,
    description: "L1 blocks on top of a block before its logs are derived",
  },
  pollInterval: {
    type: "duration",
    env: "VERIFIER_POLL_INTERVAL",
    default: 2_000,
    min: 10,
    max: 600_000,
    description: "pause between L1 polls once caught up",
  },
  progressInterval: {
    type: "duration",
    env: "VERIFIER_PROGRESS_INTERVAL",
    default: 5_000,
    min: 100,
    max: 600_000,
    description: "how often sync progress (blocks and batches per second, ETA) is logged while behind L1",
  },
  maxBlockRange: {
    type: "int",
    env: "VERIFIER_MAX_BLOCK_RANGE",
    default: 2_000,
    min: 1,
    max: 100_000,
    description: "most L1 blocks per log query (halved automatically when a query fails)",
  },
  statusHost: {
    type: "string",
    env: "VERIFIER_STATUS_HOST",
    default: "127.0.0.1",
    description: "listen address of the status endpoint",
  },
  statusPort: {
    type: "int",
    env: "VERIFIER_STATUS_PORT",
    default: 7300,
    min: 0,
    max: 65_535,
    description: "port of the status endpoint (/status, /metrics, /healthz)",
  },
  recoveryThreads: {
    type: "int",
    env: "VERIFIER_RECOVERY_THREADS",
    default: 2,
    min: 1,
    max: 64,
    description: "worker threads for sender recovery",
  },
  maxFeePerGas: {
    type: "bigint",
    env: "VERIFIER_MAX_FEE_PER_GAS",
    min: 1n,
    description: "cap on the L1 fee per gas of the challenger's transactions, in wei",
  },
  logLevel: {
    type: "string",
    env: "LOG_LEVEL",
    default: "info",
    choices: LOG_LEVELS,
    description: "log level",
  },
} as const satisfies ConfigSchema;

export type VerifierConfig = ConfigOf<typeof VERIFIER_CONFIG>;

export function loadVerifierConfig(options: LoadConfigOptions = {}): VerifierConfig {
  return loadConfig(VERIFIER_CONFIG, options);
}
