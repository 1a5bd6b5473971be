import type { Address } from "./bytes.ts";

// Protocol constants. docs/protocol.md is normative; every value here is named there.
// Chain parameters (the L2 chain id and the fee vault) are not here: see ChainConfig in config.ts.

/** Receives ETH sent to it as a withdrawal to L1, and emits the bridge's L2 events. */
export const L2_BRIDGE_ADDRESS: Address = "0x4a1c000000000000000000000000000000000001";

/** Every address whose first 4 bytes are these is a bridged-token address (docs/protocol.md §2.2). */
export const TOKEN_PREFIX = 0x4a1c7070n;

/** The lowest base fee a block may have, and the price base of forced transactions (wei per gas). */
export const MIN_BASE_FEE = 10_000_000n;

/** Gas used per kind of transaction, before the per-byte charge for its data. */
export const GAS_TRANSFER = 21_000n;
export const GAS_WITHDRAWAL = 50_000n;
export const GAS_TOKEN_CALL = 45_000n;
/** Gas per byte of transaction data: every byte is posted to L1. */
export const GAS_PER_DATA_BYTE = 16n;

/** Largest transaction data accepted anywhere (RPC, forced transactions, batch data). */
export const MAX_TX_DATA_BYTES = 1024;
/** Largest raw signed transaction accepted (RPC and the Bridge's forceTransaction). */
export const MAX_RAW_TX_BYTES = 2048;

/** Batch caps: bytes of data (real L1 mempools accept this) and steps (bounds the dispute). */
export const MAX_BATCH_BYTES = 120_000;
export const MAX_BATCH_STEPS = 4096;

/** Batch data is committed as a Merkle tree of fixed-size chunks, so a step proof carries a few. */
export const DATA_CHUNK_BYTES = 1024;
export const DATA_TREE_DEPTH = 7; // 2^7 chunks x 1024 bytes = 131,072 >= MAX_BATCH_BYTES

/** Fee dictionary limits: entries per batch, and the ranges an entry can hold. */
export const MAX_FEE_DICT_ENTRIES = 255;
export const MAX_ENCODABLE_GAS_LIMIT = (1n << 32n) - 1n;
export const MAX_ENCODABLE_FEE = (1n << 128n) - 1n;

/** ETH balances are 128-bit in the account leaf; token balances and supplies are 256-bit. */
export const MAX_ETH_BALANCE = (1n << 128n) - 1n;
export const MAX_UINT256 = (1n << 256n) - 1n;
export const MAX_NONCE = (1n << 64n) - 1n;

/** Depth of the append-only withdrawals tree (up to 2^32 withdrawals). */
export const WITHDRAWAL_TREE_DEPTH = 32;

/** Batch data format version (first byte of every batch). */
export const BATCH_VERSION = 1;

/** The L2 chain id of the local devnet. */
export const DEVNET_L2_CHAIN_ID = 424242n;
