import { keccak256 } from "../crypto/keccak.ts";

/** Hash of an empty subtree (and root of the empty tree): 32 zero bytes. Never mutate it. */
export const ZERO_HASH: Uint8Array = new Uint8Array(32);

// Reused input buffers: one keccak256 over a filled buffer measured ~30% faster here than keccak256Pair's
// two updates. Each call fills and hashes synchronously, so sharing them is safe.
const leafInput = new Uint8Array(65);
leafInput[0] = 0x01;
const internalInput = new Uint8Array(64);

/** leafHash(key, value) = keccak256(0x01 ‖ key ‖ value): the hash of any subtree holding exactly this one leaf. */
export function leafHash(key: Uint8Array, value: Uint8Array): Uint8Array {
  leafInput.set(key, 1);
  leafInput.set(value, 33);
  return keccak256(leafInput);
}

/** internal(left, right) = keccak256(left ‖ right): the hash of a subtree holding two or more leaves. */
export function internalHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  internalInput.set(left, 0);
  internalInput.set(right, 32);
  return keccak256(internalInput);
}
