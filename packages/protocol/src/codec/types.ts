import type { Address } from "../bytes.ts";

// The decoded shapes of batch data (docs/protocol.md §6.3). Address references are left unresolved:
// resolving an index needs the state (an index > accountCount makes the transaction invalid).

/** Record kinds: ETH transfer, token transfer, ETH withdrawal, any call. */
export const TX_KIND_ETH_TRANSFER = 0;
export const TX_KIND_TOKEN_TRANSFER = 1;
export const TX_KIND_WITHDRAWAL = 2;
export const TX_KIND_CALL = 3;
export type TxKind = 0 | 1 | 2 | 3;

/** An address reference: the account with state index `index` (>= 1), or a literal address. */
export type AddressRef = { readonly index: bigint } | { readonly address: Address };

/** A fee-dictionary entry. For type 0 (legacy) both fee fields hold the gas price. */
export type FeeEntry = {
  readonly type: 0 | 2;
  readonly gasLimit: bigint;
  readonly maxPriorityFeePerGas: bigint;
  readonly maxFeePerGas: bigint;
};

export type BatchHeader = {
  readonly timestamp: bigint;
  readonly dictCount: number;
  /** Offset of the first block: 10 + 37 * dictCount. */
  readonly next: number;
};

export type BlockHeader = {
  readonly timestampDelta: bigint;
  /** The base fee as declared; the state transition uses max(baseFee, MIN_BASE_FEE). Below 2^128. */
  readonly baseFee: bigint;
  readonly queueCount: bigint;
  readonly txCount: bigint;
  /** Offset just past the block header. */
  readonly next: number;
};

type TxRecordCommon = {
  readonly yParity: 0 | 1;
  readonly feeIndex: number;
  readonly fee: FeeEntry;
  readonly nonce: bigint;
  readonly r: bigint;
  readonly s: bigint;
  /** Offset just past the record. */
  readonly next: number;
};

/** Kind 0: `to` receives `value`; data empty. */
export type EthTransferRecord = TxRecordCommon & {
  readonly kind: 0;
  readonly to: AddressRef;
  readonly value: bigint;
  readonly data: Uint8Array;
};

/**
 * Kind 1: a call of token `to` with value 0 and data `transfer(recipient, amount)`. The data needs the
 * recipient's address, which an index reference only gives through the state: build it with
 * `transferCalldata(recipientAddress, amount)` once the reference is resolved.
 */
export type TokenTransferRecord = TxRecordCommon & {
  readonly kind: 1;
  readonly to: AddressRef;
  readonly value: 0n;
  readonly recipient: AddressRef;
  readonly amount: bigint;
};

/** Kind 2: `value` sent to L2_BRIDGE_ADDRESS (`to` is that address literally); data empty. */
export type WithdrawalRecord = TxRecordCommon & {
  readonly kind: 2;
  readonly to: AddressRef;
  readonly value: bigint;
  readonly data: Uint8Array;
};

/** Kind 3: any call. `data` is a copy of the record's data bytes. */
export type CallRecord = TxRecordCommon & {
  readonly kind: 3;
  readonly to: AddressRef;
  readonly value: bigint;
  readonly data: Uint8Array;
};

export type TxRecord = EthTransferRecord | TokenTransferRecord | WithdrawalRecord | CallRecord;
