import { createRequire } from "node:module";
import { type Address, bytesToBigint, bytesToHex } from "../bytes.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { encodeSignedTransaction, signingHash } from "./signingHash.ts";
import type { SignedTransaction, TransactionFields } from "./transaction.ts";

// Test and benchmark helper, not part of the package API: signs transactions with the native
// secp256k1 binding (deterministic RFC 6979 nonces, low-s), ~50x faster than ethers or viem, for
// tests and benchmarks that need thousands of signed transactions. Cross-checks against ethers and
// viem live in the tests.

type Secp256k1Signer = {
  ecdsaSign(msg32: Uint8Array, privateKey: Uint8Array): { signature: Uint8Array; recid: number };
  publicKeyCreate(privateKey: Uint8Array, compressed: false): Uint8Array;
};

const secp256k1 = createRequire(import.meta.url)("secp256k1") as Secp256k1Signer;

/** A valid private key derived from a small integer (1-based; `i` must be below 2^32). */
export function testPrivateKey(i: number): Uint8Array {
  const key = new Uint8Array(32);
  key[0] = 0x11;
  new DataView(key.buffer).setUint32(28, i + 1);
  return key;
}

export function addressOfPrivateKey(privateKey: Uint8Array): Address {
  return bytesToHex(keccak256(secp256k1.publicKeyCreate(privateKey, false).subarray(1)).subarray(12));
}

/** Signs `fields` and returns the raw envelope with the signed transaction it decodes to. */
export function signTransactionForTest(
  fields: TransactionFields,
  privateKey: Uint8Array,
): { raw: Uint8Array; tx: SignedTransaction } {
  const { signature, recid } = secp256k1.ecdsaSign(signingHash(fields), privateKey);
  const signed = {
    ...fields,
    yParity: recid === 1 ? (1 as const) : (0 as const),
    r: bytesToBigint(signature, 0, 32),
    s: bytesToBigint(signature, 32, 64),
  };
  const raw = encodeSignedTransaction(signed);
  return { raw, tx: { ...signed, hash: bytesToHex(keccak256(raw)) } };
}
