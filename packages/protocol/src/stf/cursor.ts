import { bigintToBytes } from "../bytes.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { type StateHeader, stateRootOf } from "../state/stateHeader.ts";

// The decoding half of the machine state (docs/protocol.md §6.4): where the next step reads, and
// what the current block still owes.

export const STATUS_START = 0;
export const STATUS_RUNNING = 1;
export const STATUS_ENDED = 2;
export const STATUS_HALTED = 3;
export type CursorStatus = 0 | 1 | 2 | 3;

export type Cursor = {
  readonly offset: number;
  readonly status: CursorStatus;
  readonly dictCount: number;
  /** The current block's price base: max(declared base fee, MIN_BASE_FEE). */
  readonly baseFee: bigint;
  readonly queueLeft: bigint;
  readonly txLeft: bigint;
};

export const INITIAL_CURSOR: Cursor = {
  offset: 0,
  status: STATUS_START,
  dictCount: 0,
  baseFee: 0n,
  queueLeft: 0n,
  txLeft: 0n,
};

/** keccak(abi.encode(stateRoot, uint32 offset, uint8 status, uint8 dictCount, uint128 baseFee, uint64 queueLeft, uint64 txLeft)). */
export function commitmentOf(stateRoot: Uint8Array, cursor: Cursor): Uint8Array {
  const buf = new Uint8Array(224);
  buf.set(stateRoot, 0);
  buf.set(bigintToBytes(BigInt(cursor.offset), 32), 32);
  buf.set(bigintToBytes(BigInt(cursor.status), 32), 64);
  buf.set(bigintToBytes(BigInt(cursor.dictCount), 32), 96);
  buf.set(bigintToBytes(cursor.baseFee, 32), 128);
  buf.set(bigintToBytes(cursor.queueLeft, 32), 160);
  buf.set(bigintToBytes(cursor.txLeft, 32), 192);
  return keccak256(buf);
}

/** The step commitment of a machine state. */
export function stepCommitment(header: StateHeader, cursor: Cursor): Uint8Array {
  return commitmentOf(stateRootOf(header), cursor);
}
