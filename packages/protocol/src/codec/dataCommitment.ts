import { bigintToBytes, equalBytes } from "../bytes.ts";
import { DATA_CHUNK_BYTES, DATA_TREE_DEPTH, MAX_BATCH_BYTES } from "../constants.ts";
import { keccak256, keccak256Pair } from "../crypto/keccak.ts";
import { BatchTooLargeError, CodecArgumentError } from "./errors.ts";

// The batch-data commitment (docs/protocol.md §6.2). The data is cut into DATA_CHUNK_BYTES chunks
// (the last may be shorter); leaf j is keccak(chunk j) for j < chunkCount and ZERO beyond; the chunk
// root is the depth-7 Merkle root over 128 leaves with H(a, b) = keccak(a ‖ b);
// dataRoot = keccak(abi.encode(chunkRoot, uint256 dataLength)).

/** Leaves of the chunk tree. */
export const DATA_TREE_LEAVES = 1 << DATA_TREE_DEPTH;

/** ZERO_SUBTREE[d] is the root of an all-ZERO subtree of height d. */
const ZERO_SUBTREE: Uint8Array[] = [new Uint8Array(32)];
for (let d = 1; d <= DATA_TREE_DEPTH; d++) {
  ZERO_SUBTREE.push(keccak256Pair(ZERO_SUBTREE[d - 1]!, ZERO_SUBTREE[d - 1]!));
}

function checkLength(dataLength: number): void {
  if (dataLength > MAX_BATCH_BYTES) {
    throw new BatchTooLargeError("batch data longer than MAX_BATCH_BYTES", { details: { dataLength } });
  }
}

/** Chunks of data of this length: ceil(dataLength / DATA_CHUNK_BYTES). */
export function chunkCount(dataLength: number): number {
  return Math.ceil(dataLength / DATA_CHUNK_BYTES);
}

/** Bytes of chunk `chunkIndex` of data of this length (0 past the end). */
export function chunkLength(dataLength: number, chunkIndex: number): number {
  return Math.max(0, Math.min(DATA_CHUNK_BYTES, dataLength - chunkIndex * DATA_CHUNK_BYTES));
}

/** The leaves of the data's chunks (only the chunkCount non-ZERO ones). Throws BatchTooLargeError. */
export function chunkLeaves(data: Uint8Array): Uint8Array[] {
  checkLength(data.length);
  const leaves: Uint8Array[] = [];
  for (let start = 0; start < data.length; start += DATA_CHUNK_BYTES) {
    leaves.push(keccak256(data.subarray(start, Math.min(start + DATA_CHUNK_BYTES, data.length))));
  }
  return leaves;
}

/** Every level of the tree, bottom-up: levels[0] the non-ZERO leaves, levels[7] the root. */
function treeLevels(data: Uint8Array): Uint8Array[][] {
  const levels: Uint8Array[][] = [chunkLeaves(data)];
  for (let d = 0; d < DATA_TREE_DEPTH; d++) {
    const below = levels[d]!;
    const above: Uint8Array[] = [];
    for (let i = 0; i < below.length; i += 2) {
      above.push(keccak256Pair(below[i]!, below[i + 1] ?? ZERO_SUBTREE[d]!));
    }
    if (above.length === 0) above.push(ZERO_SUBTREE[d + 1]!);
    levels.push(above);
  }
  return levels;
}

/** The chunk root of the data. Throws BatchTooLargeError above MAX_BATCH_BYTES. */
export function computeChunkRoot(data: Uint8Array): Uint8Array {
  return treeLevels(data)[DATA_TREE_DEPTH]![0]!;
}

/** keccak(abi.encode(chunkRoot, uint256 dataLength)). */
export function dataRootFromChunkRoot(chunkRoot: Uint8Array, dataLength: number): Uint8Array {
  return keccak256Pair(chunkRoot, bigintToBytes(BigInt(dataLength), 32));
}

/** The data root of the data (§6.2). Throws BatchTooLargeError above MAX_BATCH_BYTES. */
export function computeDataRoot(data: Uint8Array): Uint8Array {
  return dataRootFromChunkRoot(computeChunkRoot(data), data.length);
}

/**
 * The Merkle proof of chunk `chunkIndex` (0 <= chunkIndex < chunkCount): its DATA_TREE_DEPTH siblings
 * bottom-up (proof[0] is the sibling leaf, proof[6] the sibling of the root's child). Throws
 * BatchTooLargeError above MAX_BATCH_BYTES and CodecArgumentError for an index outside the data.
 */
export function chunkProof(data: Uint8Array, chunkIndex: number): Uint8Array[] {
  checkLength(data.length);
  if (!Number.isInteger(chunkIndex) || chunkIndex < 0 || chunkIndex >= chunkCount(data.length)) {
    throw new CodecArgumentError("chunk index outside the data", {
      details: { chunkIndex, chunks: chunkCount(data.length) },
    });
  }
  const levels = treeLevels(data);
  const proof: Uint8Array[] = [];
  let index = chunkIndex;
  for (let d = 0; d < DATA_TREE_DEPTH; d++) {
    proof.push(levels[d]![index ^ 1] ?? ZERO_SUBTREE[d]!);
    index >>= 1;
  }
  return proof;
}

/** The chunk root that a leaf at `chunkIndex` and its bottom-up proof lead to. */
export function chunkRootFromProof(
  chunkIndex: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array {
  let node = leaf;
  let index = chunkIndex;
  for (let d = 0; d < DATA_TREE_DEPTH; d++) {
    const sibling = proof[d]!;
    node = (index & 1) === 0 ? keccak256Pair(node, sibling) : keccak256Pair(sibling, node);
    index >>= 1;
  }
  return node;
}

/**
 * Whether `chunkBytes` is chunk `chunkIndex` of the data committed to by (`dataRoot`, `dataLength`):
 * the index is within the data, the chunk has the length that position implies, and the proof (7
 * 32-byte siblings, bottom-up) leads to the root. Never throws; false on any malformed argument.
 */
export function verifyChunk(
  dataRoot: Uint8Array,
  dataLength: number,
  chunkIndex: number,
  chunkBytes: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isInteger(dataLength) || dataLength < 0 || dataLength > MAX_BATCH_BYTES) return false;
  if (!Number.isInteger(chunkIndex) || chunkIndex < 0 || chunkIndex >= chunkCount(dataLength)) return false;
  if (chunkBytes.length !== chunkLength(dataLength, chunkIndex)) return false;
  if (proof.length !== DATA_TREE_DEPTH || proof.some((p) => !(p instanceof Uint8Array) || p.length !== 32)) {
    return false;
  }
  if (!(dataRoot instanceof Uint8Array) || dataRoot.length !== 32) return false;
  const chunkRoot = chunkRootFromProof(chunkIndex, keccak256(chunkBytes), proof);
  return equalBytes(dataRootFromChunkRoot(chunkRoot, dataLength), dataRoot);
}
