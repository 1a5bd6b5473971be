import { createRequire } from "node:module";
import { type Address, bytesToHex } from "../bytes.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { signingHash } from "./signingHash.ts";
import type { TransactionFields, TransactionSignature } from "./transaction.ts";

/** The part of secp256k1@5's API used here. */
type Secp256k1 = {
  ecdsaRecover(
    sig: Uint8Array,
    recid: number,
    msg32: Uint8Array,
    compressed: false,
    output?: Uint8Array,
  ): Uint8Array;
};

// The native libsecp256k1 binding (~25x faster than the pure-JS curves). The package's main entry
// silently falls back to elliptic.js when the binding fails to load; `nativeSecp256k1` says which
// one is in use, so services can warn about a slow fallback.
const require = createRequire(import.meta.url);
function loadSecp256k1(): { lib: Secp256k1; native: boolean } {
  try {
    return { lib: require("secp256k1/bindings") as Secp256k1, native: true };
  } catch {
    return { lib: require("secp256k1/elliptic") as Secp256k1, native: false };
  }
}
const { lib: secp256k1, native } = loadSecp256k1();

/** True when sender recovery runs on the native binding rather than the pure-JS fallback. */
export const nativeSecp256k1: boolean = native;

// Reused per thread: recovery is synchronous.
const signature = new Uint8Array(64);
const publicKey = new Uint8Array(65);

function nibble(code: number): number {
  return code <= 57 ? code - 48 : code - 87; // toString(16) gives 0-9a-f only
}

/** Writes `value` as a 32-byte big-endian word; false when it does not fit. */
function writeWord(out: Uint8Array, offset: number, value: bigint): boolean {
  if (value < 0n || value >= 1n << 256n) return false;
  const hex = value.toString(16);
  const pad = 64 - hex.length;
  out.fill(0, offset, offset + (pad >> 1));
  let p = offset + (pad >> 1);
  let c = 0;
  if (pad & 1) {
    out[p++] = nibble(hex.charCodeAt(0));
    c = 1;
  }
  for (; c < hex.length; c += 2) out[p++] = (nibble(hex.charCodeAt(c)) << 4) | nibble(hex.charCodeAt(c + 1));
  return true;
}

/**
 * The 20 address bytes of the key that produced `signature` (r ‖ s, 64 bytes) over the 32-byte
 * `hash`, or null when no key did. For the recovery workers, which pass signatures as bytes.
 */
export function recoverAddressBytes(
  hash: Uint8Array,
  yParity: number,
  signature: Uint8Array,
): Uint8Array | null {
  try {
    secp256k1.ecdsaRecover(signature, yParity, hash, false, publicKey);
  } catch {
    return null;
  }
  return keccak256(publicKey.subarray(1)).subarray(12);
}

/**
 * Writes r ‖ s as two 32-byte words into `out` at `offset` (64 bytes); false when either does not
 * fit in 256 bits or is negative.
 */
export function writeSignatureWords(out: Uint8Array, offset: number, r: bigint, s: bigint): boolean {
  return writeWord(out, offset, r) && writeWord(out, offset + 32, s);
}

/**
 * The address whose key produced the signature (yParity, r, s) over the 32-byte `hash`, or null
 * when no key did (r not an x coordinate on the curve, r or s out of range).
 */
export function recoverAddress(hash: Uint8Array, yParity: 0 | 1, r: bigint, s: bigint): Address | null {
  if (!writeSignatureWords(signature, 0, r, s)) return null;
  const address = recoverAddressBytes(hash, yParity, signature);
  return address === null ? null : bytesToHex(address);
}

/**
 * The sender of a transaction: ECDSA recovery over its signing hash, then the last 20 bytes of the
 * keccak256 of the 64-byte public key. Null when the signature recovers no key.
 * Assumes the signature passed decodeTransaction's checks (low-s); this does not repeat them.
 */
export function recoverSender(tx: TransactionFields & TransactionSignature): Address | null {
  return recoverAddress(signingHash(tx), tx.yParity, tx.r, tx.s);
}
