import type { BatchRecord } from "@halcyon/node-common";
import { bytesToBigint, bytesToHex, hexToBytes, type StateHeader } from "@halcyon/protocol";
import { encodeAbiParameters, type Hex, keccak256 } from "viem";

// Batch records and state headers between their L1 (ABI) and protocol (bytes) forms.

const RECORD_ABI = [
  {
    type: "tuple",
    components: [
      { name: "index", type: "uint64" },
      { name: "epoch", type: "uint64" },
      { name: "dataRoot", type: "bytes32" },
      { name: "parentStateRoot", type: "bytes32" },
      { name: "stateRoot", type: "bytes32" },
      { name: "steps", type: "uint32" },
      { name: "queueStart", type: "uint64" },
      { name: "queueLimit", type: "uint64" },
      { name: "queueApplied", type: "uint64" },
      { name: "appendedAt", type: "uint64" },
      { name: "proposer", type: "address" },
    ],
  },
] as const;

/** keccak256(abi.encode(record)): the value the Rollup stores for a batch (docs/protocol.md §6.1). */
export function hashBatchRecord(record: BatchRecord): Hex {
  return keccak256(encodeAbiParameters(RECORD_ABI, [record]));
}

/** A StateHeader as viem decodes it from an event or calldata. */
export type AbiStateHeader = {
  readonly treeRoot: Hex;
  readonly withdrawalsRoot: Hex;
  readonly withdrawalCount: bigint;
  readonly queueApplied: bigint;
  readonly accountCount: bigint;
};

export function headerFromAbi(header: AbiStateHeader): StateHeader {
  return {
    treeRoot: hexToBytes(header.treeRoot),
    withdrawalsRoot: hexToBytes(header.withdrawalsRoot),
    withdrawalCount: header.withdrawalCount,
    queueApplied: header.queueApplied,
    accountCount: header.accountCount,
  };
}

export function headerToAbi(header: StateHeader): AbiStateHeader {
  return {
    treeRoot: bytesToHex(header.treeRoot),
    withdrawalsRoot: bytesToHex(header.withdrawalsRoot),
    withdrawalCount: header.withdrawalCount,
    queueApplied: header.queueApplied,
    accountCount: header.accountCount,
  };
}

/** The inverse of encodeStateHeader (abi.encode of the five words). */
export function decodeStateHeader(bytes: Uint8Array): StateHeader {
  return {
    treeRoot: bytes.slice(0, 32),
    withdrawalsRoot: bytes.slice(32, 64),
    withdrawalCount: bytesToBigint(bytes, 64, 96),
    queueApplied: bytesToBigint(bytes, 96, 128),
    accountCount: bytesToBigint(bytes, 128, 160),
  };
}

export function sameHex(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
