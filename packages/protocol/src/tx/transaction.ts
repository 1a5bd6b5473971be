import type { Address, Hex } from "../bytes.ts";

// The transactions Halcyon accepts: EIP-1559 (type 2) with an empty access list, and legacy EIP-155
// (type 0, replay-protected). Both are plain calls/transfers: contract creation is not accepted.

/** 0: legacy EIP-155; 2: EIP-1559. */
export type TransactionType = 0 | 2;

/** The fields a sender signs. For a legacy transaction, both fee fields hold its gasPrice. */
export type TransactionFields = {
  readonly type: TransactionType;
  readonly chainId: bigint;
  readonly nonce: bigint;
  readonly maxPriorityFeePerGas: bigint;
  readonly maxFeePerGas: bigint;
  readonly gasLimit: bigint;
  /** Lower-case 0x-prefixed 20-byte address. */
  readonly to: Address;
  readonly value: bigint;
  readonly data: Uint8Array;
};

/** An ECDSA signature in EIP-1559 form; a legacy `v` is `chainId * 2 + 35 + yParity`. */
export type TransactionSignature = {
  readonly yParity: 0 | 1;
  readonly r: bigint;
  readonly s: bigint;
};

/** A decoded, well-formed signed transaction. `hash` is keccak256 of its raw envelope. */
export type SignedTransaction = TransactionFields &
  TransactionSignature & {
    readonly hash: Hex;
  };

/** Order of the secp256k1 group. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** Largest `s` accepted (EIP-2 low-s rule): floor(n / 2). */
export const SECP256K1_HALF_N = SECP256K1_N >> 1n;
