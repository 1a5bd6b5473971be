import type { Address } from "../bytes.ts";
import {
  GAS_PER_DATA_BYTE,
  GAS_TOKEN_CALL,
  GAS_TRANSFER,
  GAS_WITHDRAWAL,
  L2_BRIDGE_ADDRESS,
} from "../constants.ts";
import { isTokenAddress } from "../tokenAddress.ts";

/** The kind of call a transaction makes, decided by its recipient alone (docs/protocol.md §3.5). */
export type CallKind = "withdrawal" | "token" | "transfer";

export function callKindOf(to: Address): CallKind {
  if (to === L2_BRIDGE_ADDRESS) return "withdrawal";
  if (isTokenAddress(to)) return "token";
  return "transfer";
}

/** Gas a transaction uses: a fixed amount by kind plus 16 per byte of data. */
export function requiredGas(to: Address, dataLength: number): bigint {
  const kind = callKindOf(to);
  const base = kind === "withdrawal" ? GAS_WITHDRAWAL : kind === "token" ? GAS_TOKEN_CALL : GAS_TRANSFER;
  return base + GAS_PER_DATA_BYTE * BigInt(dataLength);
}
