import { type Address, bytesToHex, hexToBytes } from "../bytes.ts";
import { ValueRangeError } from "./errors.ts";

// The token-transfer calldata that a kind-1 record stands for: transfer(address,uint256), ABI-encoded
// canonically (68 bytes: selector, the address left-padded with 12 zero bytes, the amount).

/** keccak("transfer(address,uint256)")[0..4]. */
export const TRANSFER_SELECTOR = 0xa9059cbb;
export const TRANSFER_CALLDATA_BYTES = 68;

/** The 68-byte calldata of transfer(recipient, amount). */
export function transferCalldata(recipient: Address, amount: bigint): Uint8Array {
  if (amount < 0n || amount >= 1n << 256n) {
    throw new ValueRangeError("transfer amount out of range", { details: { amount } });
  }
  const out = new Uint8Array(TRANSFER_CALLDATA_BYTES);
  out[0] = TRANSFER_SELECTOR >>> 24;
  out[1] = (TRANSFER_SELECTOR >>> 16) & 0xff;
  out[2] = (TRANSFER_SELECTOR >>> 8) & 0xff;
  out[3] = TRANSFER_SELECTOR & 0xff;
  out.set(hexToBytes(recipient), 16);
  let v = amount;
  for (let i = TRANSFER_CALLDATA_BYTES - 1; i >= 36; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * The recipient and amount of canonical transfer(address,uint256) calldata, or null if `data` is
 * anything else (another length or selector, or nonzero bytes above the 20-byte address).
 */
export function parseTransferCalldata(data: Uint8Array): { recipient: Address; amount: bigint } | null {
  if (data.length !== TRANSFER_CALLDATA_BYTES) return null;
  const selector = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
  if (selector !== TRANSFER_SELECTOR) return null;
  for (let i = 4; i < 16; i++) if (data[i] !== 0) return null;
  let amount = 0n;
  for (let i = 36; i < TRANSFER_CALLDATA_BYTES; i++) amount = (amount << 8n) | BigInt(data[i]!);
  return { recipient: bytesToHex(data.subarray(16, 36)), amount };
}
