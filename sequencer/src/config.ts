import {
  ConfigError,
  type ConfigOf,
  type ConfigSchema,
  LOG_LEVELS,
  type LoadConfigOptions,
  loadConfig,
} from "@halcyon/node-common";
import { DEVNET_L2_CHAIN_ID, MAX_BATCH_BYTES, MAX_BATCH_STEPS, MIN_BASE_FEE } from "@halcyon/protocol";

/**
 * The sequencer's configuration: command-line flags override environment variables, which override
 * the defaults. `--help` lists them all.
 */
export const SEQUENCER_CONFIG = {
  databaseUrl: {
    type: "url",
    env: "DATABASE_URL",
    protocols: ["postgres:", "postgresql:"],
    secret: true,
    description: "PostgreSQL URL; without it an embedded PGlite keeps the data in --data-dir",
  },
  dataDir: {
    type: "string",
    env: "SEQUENCER_DATA_DIR",
    default: ".halcyon/sequencer",
    description: "directory of the embedded database (used when DATABASE_URL is not set)",
  },
  chainId: {
    type: "bigint",
    env: "HALCYON_CHAIN_ID",
    default: DEVNET_L2_CHAIN_ID,
    min: 1n,
    max: (1n << 64n) - 1n,
    description: "the L2 chain id (docs/protocol.md §1)",
  },
  feeVault: {
    type: "address",
    env: "HALCYON_FEE_VAULT",
    required: true,
    description: "the L2 account that receives every transaction fee (docs/protocol.md §1)",
  },
  rpcHost: {
    type: "string",
    env: "SEQUENCER_RPC_HOST",
    default: "127.0.0.1",
    description: "JSON-RPC listen address",
  },
  rpcPort: {
    type: "int",
    env: "SEQUENCER_RPC_PORT",
    default: 8547,
    min: 0,
    max: 65535,
    description: "JSON-RPC port (HTTP and WebSocket)",
  },
  corsOrigin: {
    type: "string",
    env: "SEQUENCER_CORS_ORIGIN",
    default: "*",
    description: "Access-Control-Allow-Origin",
  },
  maxRequestBytes: {
    type: "int",
    env: "SEQUENCER_MAX_REQUEST_BYTES",
    default: 1024 * 1024,
    min: 4096,
    description: "largest JSON-RPC request body or WebSocket message",
  },
  blockTime: {
    type: "duration",
    env: "SEQUENCER_BLOCK_TIME",
    default: 200,
    min: 10,
    max: 60_000,
    description: "time between blocks",
  },
  maxTransactionsPerBlock: {
    type: "int",
    env: "SEQUENCER_MAX_TXS_PER_BLOCK",
    default: 4095,
    min: 1,
    max: 4095,
    description: "transactions per block (a block must also fit in one batch)",
  },
  trailingBlock: {
    type: "boolean",
    env: "SEQUENCER_TRAILING_BLOCK",
    default: true,
    description:
      "follow a block that holds something with one more, even empty, so that clients waiting for a receipt by watching for new blocks see one",
  },
  produceEmptyBlocks: {
    type: "boolean",
    env: "SEQUENCER_EMPTY_BLOCKS",
    default: false,
    description: "seal blocks with no transaction and no queue entry",
  },
  baseFee: {
    type: "bigint",
    env: "SEQUENCER_BASE_FEE",
    default: MIN_BASE_FEE,
    min: MIN_BASE_FEE,
    description: "the base fee of every block, in wei (constant policy)",
  },
  suggestedTip: {
    type: "bigint",
    env: "SEQUENCER_SUGGESTED_TIP",
    default: 0n,
    min: 0n,
    description: "what eth_maxPriorityFeePerGas suggests, in wei",
  },
  mempoolMaxTransactions: {
    type: "int",
    env: "MEMPOOL_MAX_TRANSACTIONS",
    default: 100_000,
    min: 1,
    description: "transactions in the pool, all senders together",
  },
  mempoolMaxPerSender: {
    type: "int",
    env: "MEMPOOL_MAX_PER_SENDER",
    default: 64,
    min: 1,
    description: "transactions in the pool per sender",
  },
  mempoolMaxNonceAhead: {
    type: "int",
    env: "MEMPOOL_MAX_NONCE_AHEAD",
    default: 16,
    min: 0,
    description: "how far above the account's nonce a pooled transaction's nonce may be",
  },
  recoveryThreads: {
    type: "int",
    env: "SEQUENCER_RECOVERY_THREADS",
    default: 2,
    min: 1,
    max: 64,
    description: "worker threads for sender recovery",
  },
  deployment: {
    type: "string",
    env: "HALCYON_DEPLOYMENT",
    description:
      "the deployment file scripts/deploy.ts wrote; with it the sequencer follows L1 (deposits, forced transactions) and posts batches; without it, no L1 at all",
  },
  l1RpcUrl: {
    type: "url",
    env: "L1_RPC_URL",
    protocols: ["http:", "https:"],
    description: "L1 JSON-RPC endpoint (required with --deployment)",
  },
  l1PrivateKey: {
    type: "privateKey",
    env: "SEQUENCER_L1_PRIVATE_KEY",
    description:
      "key of the deployment's sequencer account, which appends batches and holds the proposer bond (required with --deployment)",
  },
  l1Confirmations: {
    type: "int",
    env: "L1_CONFIRMATIONS",
    default: 3,
    min: 1,
    max: 1000,
    description:
      "blocks on top of an L1 block (itself included) before its queue entries are applied and a batch in it counts as posted",
  },
  l1PollInterval: {
    type: "duration",
    env: "L1_POLL_INTERVAL",
    default: 1000,
    min: 10,
    max: 600_000,
    description: "how often the L1 follower, submitter and defender look at L1",
  },
  l1LogRange: {
    type: "int",
    env: "L1_LOG_RANGE",
    default: 2000,
    min: 1,
    max: 1_000_000,
    description: "most L1 blocks per eth_getLogs request",
  },
  l1StuckAfter: {
    type: "duration",
    env: "L1_STUCK_AFTER",
    default: 60_000,
    min: 100,
    description: "an L1 transaction not mined after this long is replaced with higher fees",
  },
  l1MaxFeePerGas: {
    type: "bigint",
    env: "L1_MAX_FEE_PER_GAS",
    min: 1n,
    description: "never offer more than this per gas on L1, in wei (default: no cap)",
  },
  batchMaxAge: {
    type: "duration",
    env: "BATCH_MAX_AGE",
    default: 5_000,
    min: 0,
    description: "a batch that is not full closes this long after its first block",
  },
  batchMaxBytes: {
    type: "int",
    env: "BATCH_MAX_BYTES",
    default: MAX_BATCH_BYTES,
    min: 1_000,
    max: MAX_BATCH_BYTES,
    description: "batch data size at which a batch closes (a block larger than this goes alone)",
  },
  batchMaxSteps: {
    type: "int",
    env: "BATCH_MAX_STEPS",
    default: MAX_BATCH_STEPS,
    min: 2,
    max: MAX_BATCH_STEPS,
    description: "steps (blocks, queue entries, transactions) at which a batch closes",
  },
  redisUrl: {
    type: "url",
    env: "REDIS_URL",
    protocols: ["redis:", "rediss:"],
    secret: true,
    description: "Redis for the batch-submission job queue (BullMQ); without it the queue runs in-process",
  },
  jobQueuePrefix: {
    type: "string",
    env: "SEQUENCER_QUEUE_PREFIX",
    default: "halcyon",
    description: "namespace of the job queue's Redis keys",
  },
  submitterConcurrency: {
    type: "int",
    env: "SUBMITTER_CONCURRENCY",
    default: 4,
    min: 1,
    max: 64,
    description: "batch jobs run at once (a batch is sent once its parent is in an L1 block)",
  },
  batchResubmitInterval: {
    type: "duration",
    env: "BATCH_RESUBMIT_INTERVAL",
    default: 5_000,
    min: 50,
    description: "how often every batch not yet posted gets its job again (idempotent)",
  },
  finalizeBatches: {
    type: "boolean",
    env: "SEQUENCER_FINALIZE_BATCHES",
    default: true,
    description: "call Rollup.finalizeBatches once a posted batch's challenge window has passed",
  },
  faults: {
    type: "boolean",
    env: "SEQUENCER_FAULTS",
    default: false,
    description:
      "TEST ONLY: the fault mode (halcyon_armFault posts wrong batches on purpose); refused unless L1 is a local devnet (chain id 31337)",
  },
  logLevel: {
    type: "string",
    env: "LOG_LEVEL",
    default: "info",
    choices: LOG_LEVELS,
    description: "log level",
  },
} as const satisfies ConfigSchema;

export type SequencerConfig = ConfigOf<typeof SEQUENCER_CONFIG>;

/** Reads and checks the configuration once, at startup; throws ConfigError listing every problem. */
export function loadSequencerConfig(options: LoadConfigOptions = {}): SequencerConfig {
  const config = loadConfig(SEQUENCER_CONFIG, options);
  const problems: string[] = [];
  if (config.deployment !== undefined) {
    if (config.l1RpcUrl === undefined) problems.push("L1_RPC_URL (--l1-rpc-url): required with --deployment");
    if (config.l1PrivateKey === undefined) {
      problems.push("SEQUENCER_L1_PRIVATE_KEY (--l1-private-key): required with --deployment");
    }
  }
  if (config.faults && config.deployment === undefined) {
    problems.push(
      "SEQUENCER_FAULTS (--faults): test-only, needs --deployment on a local devnet (L1 chain id 31337)",
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
