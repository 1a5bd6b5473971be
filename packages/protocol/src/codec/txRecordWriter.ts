import { hexToBytes } from "../bytes.ts";
import {
  L2_BRIDGE_ADDRESS,
  MAX_ENCODABLE_FEE,
  MAX_ENCODABLE_GAS_LIMIT,
  MAX_NONCE,
  MAX_TX_DATA_BYTES,
  MAX_UINT256,
} from "../constants.ts";
import { isTokenAddress } from "../tokenAddress.ts";
import type { TransactionFields, TransactionSignature } from "../tx/transaction.ts";
import { FEE_INDEX_ESCAPE } from "./batchReader.ts";
import type { ByteWriter } from "./byteWriter.ts";
import { compactLength, writeCompact } from "./compact.ts";
import { UnencodableTransactionError } from "./errors.ts";
import { parseTransferCalldata } from "./tokenTransfer.ts";
import type { AddressRef, FeeEntry, TxKind } from "./types.ts";
import { MAX_VARUINT, varuintLength, writeVaruint } from "./varuint.ts";

// The writing side of one transaction record (docs/protocol.md §6.3).

/**
 * A signed transaction as the encoder takes it, with the encoder's hints: `toIndex` is the state
 * index of `to` (of the token, for a token transfer) and `recipientIndex` that of a token transfer's
 * recipient, when that account existed before this step. Without a hint the full address is written.
 */
export type EncodableTx = Omit<TransactionFields, "chainId"> &
  TransactionSignature & {
    readonly toIndex?: bigint | undefined;
    readonly recipientIndex?: bigint | undefined;
  };

/** What the encoder writes for one transaction, checked and classified. */
export type TxRecordPlan = {
  readonly kind: TxKind;
  readonly yParity: 0 | 1;
  readonly fee: FeeEntry;
  /** The fee dictionary key of `fee`. */
  readonly feeKey: string;
  readonly nonce: bigint;
  /** null for kind 2 (the bridge is implied). */
  readonly to: AddressRef | null;
  /** Kind 1 only. */
  readonly recipient: AddressRef | null;
  /** The value, or for kind 1 the token amount. */
  readonly amount: bigint;
  /** Kind 3 only (empty otherwise). */
  readonly data: Uint8Array;
  readonly r: bigint;
  readonly s: bigint;
};

function refuse(message: string, field: string): never {
  throw new UnencodableTransactionError(message, { details: { field } });
}

function checkRange(value: unknown, max: bigint, field: string): void {
  if (typeof value !== "bigint" || value < 0n || value > max) refuse(`${field} out of range`, field);
}

function checkIndex(index: bigint | undefined, field: string): void {
  if (index === undefined) return;
  if (typeof index !== "bigint" || index < 1n || index > MAX_VARUINT)
    refuse(`${field} must be 1..2^64-1`, field);
}

function addressRef(address: string, index: bigint | undefined): AddressRef {
  return index === undefined ? { address: address.toLowerCase() as `0x${string}` } : { index };
}

/** The record kind the encoder picks for `tx` (assumed encodable). */
export function txRecordKind(tx: Pick<EncodableTx, "to" | "value" | "data">): TxKind {
  const to = tx.to.toLowerCase() as `0x${string}`;
  if (tx.data.length === 0) return to === L2_BRIDGE_ADDRESS ? 2 : 0;
  if (tx.value === 0n && isTokenAddress(to) && parseTransferCalldata(tx.data) !== null) return 1;
  return 3;
}

/**
 * Checks that `tx` can be written into batch data and plans its record. Throws
 * UnencodableTransactionError if a field is outside what the encoding holds: type not 0 or 2,
 * gasLimit >= 2^32, a fee >= 2^128, a type-0 tip != maxFee, nonce >= 2^64, data longer than
 * MAX_TX_DATA_BYTES, r or s >= 2^256, a malformed address, or an index hint outside 1..2^64-1.
 */
export function planTxRecord(tx: EncodableTx): TxRecordPlan {
  if (tx.type !== 0 && tx.type !== 2) refuse("transaction type must be 0 or 2", "type");
  if (tx.yParity !== 0 && tx.yParity !== 1) refuse("yParity must be 0 or 1", "yParity");
  checkRange(tx.nonce, MAX_NONCE, "nonce");
  checkRange(tx.gasLimit, MAX_ENCODABLE_GAS_LIMIT, "gasLimit");
  checkRange(tx.maxPriorityFeePerGas, MAX_ENCODABLE_FEE, "maxPriorityFeePerGas");
  checkRange(tx.maxFeePerGas, MAX_ENCODABLE_FEE, "maxFeePerGas");
  if (tx.type === 0 && tx.maxPriorityFeePerGas !== tx.maxFeePerGas) {
    refuse("a legacy transaction's two fee fields must both hold its gas price", "maxPriorityFeePerGas");
  }
  checkRange(tx.value, MAX_UINT256, "value");
  checkRange(tx.r, MAX_UINT256, "r");
  checkRange(tx.s, MAX_UINT256, "s");
  if (typeof tx.to !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(tx.to))
    refuse("to must be a 20-byte address", "to");
  if (!(tx.data instanceof Uint8Array)) refuse("data must be bytes", "data");
  if (tx.data.length > MAX_TX_DATA_BYTES) refuse("data longer than MAX_TX_DATA_BYTES", "data");
  checkIndex(tx.toIndex, "toIndex");
  checkIndex(tx.recipientIndex, "recipientIndex");

  const fee: FeeEntry = {
    type: tx.type,
    gasLimit: tx.gasLimit,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    maxFeePerGas: tx.maxFeePerGas,
  };
  const feeKey = `${tx.type}:${tx.gasLimit}:${tx.maxPriorityFeePerGas}:${tx.maxFeePerGas}`;
  const common = { yParity: tx.yParity, fee, feeKey, nonce: tx.nonce, r: tx.r, s: tx.s };
  const empty = new Uint8Array(0);
  const kind = txRecordKind(tx);
  switch (kind) {
    case 0:
      return {
        ...common,
        kind,
        to: addressRef(tx.to, tx.toIndex),
        recipient: null,
        amount: tx.value,
        data: empty,
      };
    case 1: {
      const transfer = parseTransferCalldata(tx.data)!;
      return {
        ...common,
        kind,
        to: addressRef(tx.to, tx.toIndex),
        recipient: addressRef(transfer.recipient, tx.recipientIndex),
        amount: transfer.amount,
        data: empty,
      };
    }
    case 2:
      return { ...common, kind, to: null, recipient: null, amount: tx.value, data: empty };
    default:
      return {
        ...common,
        kind,
        to: addressRef(tx.to, tx.toIndex),
        recipient: null,
        amount: tx.value,
        data: tx.data,
      };
  }
}

function addressRefLength(ref: AddressRef): number {
  return "index" in ref ? varuintLength(ref.index) : 21;
}

function writeAddressRef(out: ByteWriter, ref: AddressRef): void {
  if ("index" in ref) {
    writeVaruint(out, ref.index);
  } else {
    out.u8(0);
    out.bytes(hexToBytes(ref.address));
  }
}

/** Bytes of the record of `plan` with fee index `feeIndex`. */
export function txRecordLength(plan: TxRecordPlan, feeIndex: number): number {
  let n = (feeIndex >= FEE_INDEX_ESCAPE ? 2 : 1) + varuintLength(plan.nonce);
  if (plan.to !== null) n += addressRefLength(plan.to);
  if (plan.recipient !== null) n += addressRefLength(plan.recipient);
  n += compactLength(plan.amount);
  if (plan.kind === 3) n += varuintLength(BigInt(plan.data.length)) + plan.data.length;
  return n + 64;
}

/** Writes the record of `plan` with fee index `feeIndex` (0..254). */
export function writeTxRecord(out: ByteWriter, plan: TxRecordPlan, feeIndex: number): void {
  const escaped = feeIndex >= FEE_INDEX_ESCAPE;
  out.u8((plan.yParity << 7) | (plan.kind << 5) | (escaped ? FEE_INDEX_ESCAPE : feeIndex));
  if (escaped) out.u8(feeIndex);
  writeVaruint(out, plan.nonce);
  if (plan.to !== null) writeAddressRef(out, plan.to);
  if (plan.recipient !== null) writeAddressRef(out, plan.recipient);
  writeCompact(out, plan.amount);
  if (plan.kind === 3) {
    writeVaruint(out, BigInt(plan.data.length));
    out.bytes(plan.data);
  }
  out.uint(plan.r, 32);
  out.uint(plan.s, 32);
}
