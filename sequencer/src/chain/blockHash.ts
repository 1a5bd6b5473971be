import { bigintToBytes, bytesToHex, concatBytes, type Hex, hexToBytes, keccak256 } from "@halcyon/protocol";

// L2 block hashes (docs/protocol.md §7). Every node rebuilds the same blocks from batches, so this
// belongs with the protocol; it lives here until packages/protocol exports it (see sequencer/README.md).

export type BlockHashFields = {
  readonly number: bigint;
  readonly parentHash: Hex;
  readonly timestamp: bigint;
  readonly baseFee: bigint;
  readonly stateRoot: Hex;
  readonly transactionsHash: Hex;
  readonly queueStart: bigint;
  readonly queueCount: bigint;
};

/** keccak(concatenated transaction hashes): the block's commitment to its transactions. */
export function transactionsHashOf(hashes: readonly Hex[]): Hex {
  const out = new Uint8Array(32 * hashes.length);
  for (let i = 0; i < hashes.length; i++) out.set(Buffer.from(hashes[i]!.slice(2), "hex"), 32 * i);
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
