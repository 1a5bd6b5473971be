import { bytesToHex } from "../bytes.ts";
import { BATCH_VERSION, L2_BRIDGE_ADDRESS, MAX_TX_DATA_BYTES } from "../constants.ts";
import type { TransactionFields } from "../tx/transaction.ts";
import { readCompact } from "./compact.ts";
import { ByteCursor } from "./cursor.ts";
import { CodecArgumentError } from "./errors.ts";
import { Malformed } from "./malformed.ts";
import { transferCalldata } from "./tokenTransfer.ts";
import type { AddressRef, BatchHeader, BlockHeader, FeeEntry, TxRecord } from "./types.ts";
import { readVaruint, readVaruintNumber } from "./varuint.ts";

// The reading side of batch data, one function per unit that the decoding machine of
// docs/protocol.md §6.4 reads in one step: the batch header, a block header, a fee entry (when a
// transaction uses it) and a transaction record. None of them throws on any input: malformed data
// comes back as a `Malformed` value with the reason and the offset of the faulty field.

/** version (1) ‖ timestamp (8) ‖ dictCount (1). */
export const BATCH_HEADER_BYTES = 10;
/** txType (1) ‖ gasLimit (4) ‖ tip (16) ‖ maxFee (16). */
export const FEE_ENTRY_BYTES = 37;
/** Fee index value in a tag meaning "the index is in the next byte". */
export const FEE_INDEX_ESCAPE = 31;

const EMPTY = new Uint8Array(0);
const BRIDGE_REF: AddressRef = Object.freeze({ address: L2_BRIDGE_ADDRESS });

function faultOf(c: ByteCursor): Malformed {
  return new Malformed(c.reason ?? "past-end", c.at);
}

/** The batch header, checked as the machine's first step does: version, and the dictionary within the data. */
export function readBatchHeader(data: Uint8Array): BatchHeader | Malformed {
  if (data.length < 1) return new Malformed("past-end", 0);
  if (data[0] !== BATCH_VERSION) return new Malformed("bad-version", 0);
  if (data.length < BATCH_HEADER_BYTES) return new Malformed("past-end", 1);
  const c = new ByteCursor(data, 1);
  const timestamp = c.uint(8);
  const dictCount = c.u8();
  const next = BATCH_HEADER_BYTES + FEE_ENTRY_BYTES * dictCount;
  if (next > data.length) return new Malformed("past-end", BATCH_HEADER_BYTES);
  return { timestamp, dictCount, next };
}

/** A block header at `offset`. Its base fee is as declared (>= 2^128 is malformed). */
export function readBlockHeader(data: Uint8Array, offset: number): BlockHeader | Malformed {
  const c = new ByteCursor(data, offset);
  const timestampDelta = readVaruint(c);
  const baseFeeAt = c.pos;
  const baseFee = readCompact(c);
  if (c.ok && baseFee >= 1n << 128n) return new Malformed("base-fee-too-large", baseFeeAt);
  const queueCount = readVaruint(c);
  const txCount = readVaruint(c);
  if (!c.ok) return faultOf(c);
  return { timestampDelta, baseFee, queueCount, txCount, next: c.pos };
}

/**
 * Fee entry `index` of a batch whose header declares `dictCount` entries, checked as a transaction's
 * use of it requires: index < dictCount, txType 0 or 2, and for type 0 tip == maxFee.
 */
export function readFeeEntry(data: Uint8Array, dictCount: number, index: number): FeeEntry | Malformed {
  const at = BATCH_HEADER_BYTES + FEE_ENTRY_BYTES * index;
  if (!Number.isInteger(index) || index < 0 || index >= dictCount) {
    return new Malformed("fee-index-out-of-range", Math.max(0, at));
  }
  if (at + FEE_ENTRY_BYTES > data.length) return new Malformed("past-end", at);
  const type = data[at]!;
  if (type !== 0 && type !== 2) return new Malformed("fee-bad-type", at);
  const c = new ByteCursor(data, at + 1);
  const gasLimit = BigInt(c.uintNumber(4));
  const maxPriorityFeePerGas = c.uint(16);
  const maxFeePerGas = c.uint(16);
  if (type === 0 && maxPriorityFeePerGas !== maxFeePerGas)
    return new Malformed("fee-legacy-tip-mismatch", at);
  return { type, gasLimit, maxPriorityFeePerGas, maxFeePerGas };
}

function readAddressRef(c: ByteCursor): AddressRef {
  const r = readVaruint(c);
  if (r !== 0n) return { index: r };
  if (!c.has(20)) return BRIDGE_REF; // faulted: the record is malformed, the value is never used
  const address = bytesToHex(c.data.subarray(c.pos, c.pos + 20));
  c.pos += 20;
  return { address };
}

/**
 * The transaction record at `offset` of a batch whose header declares `dictCount` fee entries. Kind 2
 * comes back with `to` = L2_BRIDGE_ADDRESS and empty data; kind 1 with its recipient reference and
 * amount (its calldata needs the recipient's address: `transferCalldata`, or `txRecordToFields`).
 */
export function readTxRecord(data: Uint8Array, offset: number, dictCount: number): TxRecord | Malformed {
  const c = new ByteCursor(data, offset);
  const tag = c.u8();
  if (!c.ok) return faultOf(c);
  const yParity = (tag >>> 7) as 0 | 1;
  const kind = (tag >>> 5) & 3;
  let feeIndex = tag & 31;
  let feeIndexAt = offset;
  if (feeIndex === FEE_INDEX_ESCAPE) {
    feeIndexAt = c.pos;
    feeIndex = c.u8();
    if (!c.ok) return faultOf(c);
    if (feeIndex < FEE_INDEX_ESCAPE) return new Malformed("fee-index-not-shortest", feeIndexAt);
  }
  if (feeIndex >= dictCount) return new Malformed("fee-index-out-of-range", feeIndexAt);
  const fee = readFeeEntry(data, dictCount, feeIndex);
  if (fee instanceof Malformed) return fee;
  const nonce = readVaruint(c);

  switch (kind) {
    case 0: {
      const to = readAddressRef(c);
      const value = readCompact(c);
      const r = c.uint(32);
      const s = c.uint(32);
      if (!c.ok) return faultOf(c);
      return { kind: 0, yParity, feeIndex, fee, nonce, to, value, data: EMPTY, r, s, next: c.pos };
    }
    case 1: {
      const to = readAddressRef(c);
      const recipient = readAddressRef(c);
      const amount = readCompact(c);
      const r = c.uint(32);
      const s = c.uint(32);
      if (!c.ok) return faultOf(c);
      return { kind: 1, yParity, feeIndex, fee, nonce, to, value: 0n, recipient, amount, r, s, next: c.pos };
    }
    case 2: {
      const value = readCompact(c);
      const r = c.uint(32);
      const s = c.uint(32);
      if (!c.ok) return faultOf(c);
      return {
        kind: 2,
        yParity,
        feeIndex,
        fee,
        nonce,
        to: BRIDGE_REF,
        value,
        data: EMPTY,
        r,
        s,
        next: c.pos,
      };
    }
    default: {
      const to = readAddressRef(c);
      const value = readCompact(c);
      const lengthAt = c.pos;
      const length = readVaruintNumber(c);
      if (c.ok && length > MAX_TX_DATA_BYTES) return new Malformed("data-too-long", lengthAt);
      const callData = c.bytes(length);
      const r = c.uint(32);
      const s = c.uint(32);
      if (!c.ok) return faultOf(c);
      return { kind: 3, yParity, feeIndex, fee, nonce, to, value, data: callData, r, s, next: c.pos };
    }
  }
}

/**
 * The signed fields of a record once its address references are resolved: `to` is the address of
 * `record.to`, `recipient` that of `record.recipient` (kind 1 only; required there).
 */
export function txRecordToFields(
  record: TxRecord,
  chainId: bigint,
  to: TransactionFields["to"],
  recipient?: TransactionFields["to"],
): TransactionFields {
  let data: Uint8Array;
  if (record.kind === 1) {
    if (recipient === undefined)
      throw new CodecArgumentError("a token-transfer record needs its recipient address");
    data = transferCalldata(recipient, record.amount);
  } else {
    data = record.data;
  }
  return {
    type: record.fee.type,
    chainId,
    nonce: record.nonce,
    maxPriorityFeePerGas: record.fee.maxPriorityFeePerGas,
    maxFeePerGas: record.fee.maxFeePerGas,
    gasLimit: record.fee.gasLimit,
    to,
    value: record.value,
    data,
  };
}
