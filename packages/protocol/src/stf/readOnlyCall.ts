import { type Address, bigintToBytes, bytesToHex, type Hex } from "../bytes.ts";
import type { L2State } from "../state/l2State.ts";
import { isTokenAddress } from "../tokenAddress.ts";

/**
 * What a read-only call (eth_call) answers from the state (DESIGN.md: bridged-token reads):
 * - `value`: the ABI-encoded return data;
 * - `metadata`: the token's decimals, symbol or name, which live on L1: the caller answers from the
 *   L1 token's metadata;
 * - `revert`: the call would fail (an unknown call on a token).
 */
export type ReadOnlyCallResult =
  | { readonly kind: "value"; readonly data: Hex }
  | { readonly kind: "metadata"; readonly field: "decimals" | "symbol" | "name"; readonly token: Address }
  | { readonly kind: "revert"; readonly reason: string };

const BALANCE_OF = 0x70a08231;
const TOTAL_SUPPLY = 0x18160ddd;
const DECIMALS = 0x313ce567;
const SYMBOL = 0x95d89b41;
const NAME = 0x06fdde03;

function selectorOf(data: Uint8Array): number {
  return data.length < 4 ? -1 : ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
}

function word(value: bigint): ReadOnlyCallResult {
  return { kind: "value", data: bytesToHex(bigintToBytes(value, 32)) };
}

/** Answers a read-only call to `to` with `data` from the state, without changing it. */
export function readOnlyCall(state: L2State, to: Address, data: Uint8Array): ReadOnlyCallResult {
  if (!isTokenAddress(to)) return { kind: "value", data: "0x" };
  const selector = selectorOf(data);
  if (selector === BALANCE_OF && data.length === 36) {
    for (let i = 4; i < 16; i++)
      if (data[i] !== 0) return { kind: "revert", reason: "invalid address argument" };
    const owner = bytesToHex(data.subarray(16, 36)) as Address;
    return word(state.peekWord(state.tokenBalanceKey(to, owner)));
  }
  if (selector === TOTAL_SUPPLY && data.length === 4) return word(state.peekWord(state.tokenSupplyKey(to)));
  if (data.length === 4 && (selector === DECIMALS || selector === SYMBOL || selector === NAME)) {
    const field = selector === DECIMALS ? "decimals" : selector === SYMBOL ? "symbol" : "name";
    return { kind: "metadata", field, token: to };
  }
  return { kind: "revert", reason: "unknown call to a bridged token" };
}
