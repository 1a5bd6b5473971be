// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Protocol constants shared by the L1 contracts. docs/protocol.md §1 is normative; every value here is
// named there and mirrors packages/protocol/src/constants.ts. Chain parameters (the L2 chain id, the fee
// vault, windows, bonds, clocks) are constructor arguments, not constants.

/// @dev ETH sent to this L2 address is withdrawn to L1; the L2 side of the bridge emits its events from here.
address constant L2_BRIDGE_ADDRESS = 0x4a1c000000000000000000000000000000000001;

/// @dev Every L2 address whose first 4 bytes are these is a bridged-token address (docs/protocol.md §2.2).
bytes4 constant TOKEN_PREFIX = 0x4a1c7070;

/// @dev Floor of every L2 block's base fee, and the price base of forced transactions (wei per gas).
uint256 constant MIN_BASE_FEE = 10_000_000;

/// @dev Gas used per kind of L2 transaction, before the per-byte charge for its data.
uint256 constant GAS_TRANSFER = 21_000;
uint256 constant GAS_WITHDRAWAL = 50_000;
uint256 constant GAS_TOKEN_CALL = 45_000;
uint256 constant GAS_PER_DATA_BYTE = 16;

/// @dev Largest L2 transaction data accepted anywhere (RPC, forced transactions, batch data).
uint256 constant MAX_TX_DATA_BYTES = 1024;
/// @dev Largest raw signed L2 transaction (RPC and Bridge.forceTransaction).
uint256 constant MAX_RAW_TX_BYTES = 2048;

/// @dev Batch caps: bytes of data (real L1 mempools accept a transaction this size) and steps.
uint256 constant MAX_BATCH_BYTES = 120_000;
uint256 constant MAX_BATCH_STEPS = 4096;

/// @dev Batch data is committed as a depth-7 Merkle tree of 1024-byte chunks (docs/protocol.md §6.2).
uint256 constant DATA_CHUNK_BYTES = 1024;
uint256 constant DATA_TREE_DEPTH = 7;

/// @dev Entries in a batch's fee dictionary.
uint256 constant MAX_FEE_DICT_ENTRIES = 255;

/// @dev Depth of the append-only withdrawals tree (up to 2^32 withdrawals).
uint256 constant WITHDRAWAL_TREE_DEPTH = 32;

/// @dev Batch data format version (first byte of every batch).
uint8 constant BATCH_VERSION = 1;

/// @dev Machine-state status values of the step function (docs/protocol.md §6.4).
uint8 constant STATUS_START = 0;
uint8 constant STATUS_RUNNING = 1;
uint8 constant STATUS_ENDED = 2;
uint8 constant STATUS_HALTED = 3;

/// @dev Queue entry kinds, the first field of an entry's dataHash preimage (docs/protocol.md §4).
uint8 constant QUEUE_KIND_ETH_DEPOSIT = 1;
uint8 constant QUEUE_KIND_ERC20_DEPOSIT = 2;
uint8 constant QUEUE_KIND_FORCED_TX = 3;
