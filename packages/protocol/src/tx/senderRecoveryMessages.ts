// Messages between the sender recovery pool (senderRecoveryPool.ts) and its workers
// (senderRecoveryWorker.ts). Kept apart from the worker entry, so that importing these never
// installs the worker's message handler (which would matter if the pool ran inside a worker).
//
// Each request carries one contiguous slice of a block as transferred buffers; the answer is one
// transferred buffer of RESULT_BYTES per transaction: a status byte, then the 20 sender bytes when
// the status is STATUS_OK.

/** Raw envelopes: `bytes[offsets[i], offsets[i + 1])` is transaction i. */
export type RawRecoveryRequest = {
  readonly kind: "raw";
  readonly id: number;
  readonly chainId: bigint;
  readonly bytes: Uint8Array;
  readonly offsets: Uint32Array;
};

/** Already-hashed transactions: SIGNED_RECORD_BYTES per transaction (signing hash ‖ r ‖ s ‖ yParity). */
export type SignedRecoveryRequest = {
  readonly kind: "signed";
  readonly id: number;
  readonly records: Uint8Array;
};

export type RecoveryRequest = RawRecoveryRequest | SignedRecoveryRequest;

export type RecoveryResponse =
  | { readonly id: number; readonly results: Uint8Array }
  | { readonly id: number; readonly error: string };

export const RESULT_BYTES = 21;
export const SIGNED_RECORD_BYTES = 97;
export const STATUS_OK = 0;
/** The raw transaction did not decode (the pool's own decode says why). */
export const STATUS_UNDECODABLE = 1;
/** The signature recovers no key. */
export const STATUS_UNRECOVERABLE = 2;
