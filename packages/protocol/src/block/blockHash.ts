import { bigintToBytes, bytesToHex, concatBytes, type Hex, hexToBytes } from "../bytes.ts";
import { MIN_BASE_FEE } from "../constants.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { GENESIS_HEADER, stateRootOf } from "../state/stateHeader.ts";

// L2 block hashes (docs/protocol.md §7). Every node rebuilds the same blocks from batches, so the
// sequencer and the verifier compute block hashes here, from the same fields.

/** The fields a block hash commits to. */
export type BlockHashFields = {
  readonly number: bigint;
  readonly parentHash: Hex;
  /** Seconds. */
  readonly timestamp: bigint;
  readonly baseFee: bigint;
  /** The state root after the block. */
  readonly stateRoot: Hex;
  readonly transactionsHash: Hex;
  readonly queueStart: bigint;
  readonly queueCount: bigint;
};

/** keccak(concatenated transaction hashes): the block's commitment to its transactions. */
export function transactionsHashOf(hashes: readonly Hex[]): Hex {
  const out = new Uint8Array(32 * hashes.length);
  for (let i = 0; i < hashes.length; i++) out.set(hexToBytes(hashes[i]!), 32 * i);
  return bytesToHex(keccak256(out));
}

/**
 * keccak(abi.encode(uint64 number, bytes32 parentHash, uint256 timestamp, uint256 baseFee,
 * bytes32 stateRoot, bytes32 transactionsHash, uint64 queueStart, uint64 queueCount)).
 */
export function blockHashOf(fields: BlockHashFields): Hex {
  return bytesToHex(
    keccak256(
      concatBytes(
        bigintToBytes(fields.number, 32),
        hexToBytes(fields.parentHash),
        bigintToBytes(fields.timestamp, 32),
        bigintToBytes(fields.baseFee, 32),
        hexToBytes(fields.stateRoot),
        hexToBytes(fields.transactionsHash),
        bigintToBytes(fields.queueStart, 32),
        bigintToBytes(fields.queueCount, 32),
      ),
    ),
  );
}

/**
 * Block 0 (docs/protocol.md §7): empty, on the genesis state, with parent hash ZERO, timestamp 0,
 * base fee MIN_BASE_FEE and no queue entries.
 */
export const GENESIS_BLOCK: BlockHashFields = {
  number: 0n,
  parentHash: bytesToHex(new Uint8Array(32)),
  timestamp: 0n,
  baseFee: MIN_BASE_FEE,
  stateRoot: bytesToHex(stateRootOf(GENESIS_HEADER)),
  transactionsHash: transactionsHashOf([]),
  queueStart: 0n,
  queueCount: 0n,
};

/** The hash of block 0. */
export const GENESIS_BLOCK_HASH: Hex = blockHashOf(GENESIS_BLOCK);
