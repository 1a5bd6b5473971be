import {
  type ConfigOf,
  type ConfigSchema,
  LOG_LEVELS,
  type LoadConfigOptions,
  loadConfig,
} from "@halcyon/node-common";
import { DEVNET_L2_CHAIN_ID, MIN_BASE_FEE } from "@halcyon/protocol";

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
  return loadConfig(SEQUENCER_CONFIG, options);
}
