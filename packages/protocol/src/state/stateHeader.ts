import { bigintToBytes } from "../bytes.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { EMPTY_WITHDRAWALS_ROOT } from "./withdrawalTree.ts";

/** The state header (docs/protocol.md §2.4); its hash is the state root. */
export type StateHeader = {
  readonly treeRoot: Uint8Array;
  readonly withdrawalsRoot: Uint8Array;
  readonly withdrawalCount: bigint;
  readonly queueApplied: bigint;
  readonly accountCount: bigint;
};

export const GENESIS_HEADER: StateHeader = {
  treeRoot: new Uint8Array(32),
  withdrawalsRoot: EMPTY_WITHDRAWALS_ROOT,
  withdrawalCount: 0n,
  queueApplied: 0n,
  accountCount: 0n,
};

/** abi.encode(treeRoot, withdrawalsRoot, withdrawalCount, queueApplied, accountCount). */
export function encodeStateHeader(header: StateHeader): Uint8Array {
  const buf = new Uint8Array(160);
  buf.set(header.treeRoot, 0);
  buf.set(header.withdrawalsRoot, 32);
  buf.set(bigintToBytes(header.withdrawalCount, 32), 64);
  buf.set(bigintToBytes(header.queueApplied, 32), 96);
  buf.set(bigintToBytes(header.accountCount, 32), 128);
  return buf;
}

export function stateRootOf(header: StateHeader): Uint8Array {
  return keccak256(encodeStateHeader(header));
}
