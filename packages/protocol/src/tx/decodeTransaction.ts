import { type Address, bytesToHex } from "../bytes.ts";
import { MAX_RAW_TX_BYTES, MAX_TX_DATA_BYTES } from "../constants.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { BaseError } from "../errors.ts";
import { checkRlp, createRlpSpan, RlpError, type RlpErrorReason, readRlpSpan, readRlpUint } from "./rlp.ts";
import { SECP256K1_HALF_N, SECP256K1_N, type SignedTransaction } from "./transaction.ts";

/**
 * Why a raw transaction was refused. Checks run in this order, and the first failure is reported:
 * 1. "too-large": more than MAX_RAW_TX_BYTES bytes.
 * 2. "unsupported-type": a type byte (first byte below 0x80) other than 0x02, e.g. 0x01 (EIP-2930),
 *    0x03 (blob), 0x04 (set-code).
 * 3. "malformed-rlp": empty input, any non-canonical or truncated RLP, trailing bytes, the payload or
 *    a field of the wrong kind (list vs string), an integer field with a leading zero byte. The RLP
 *    rule broken is in `rlpReason`.
 * 4. "wrong-field-count": not 12 fields (EIP-1559) or 9 fields (legacy).
 * 5. Then field by field, in envelope order:
 *    - "bad-field": a value out of range (`field` names it): nonce, gasLimit and chainId over 8 bytes;
 *      fees, value, r, s over 32 bytes; `to` not 20 bytes; data over MAX_TX_DATA_BYTES; yParity not
 *      0 or 1; a legacy v that is neither 27/28 nor >= 35, or encodes a chain id over 8 bytes;
 *    - "wrong-chain-id": signed for another chain;
 *    - "pre-eip155": legacy v of 27 or 28 (no replay protection);
 *    - "tip-above-max-fee": maxPriorityFeePerGas > maxFeePerGas (checked right after maxFeePerGas);
 *    - "contract-creation": empty `to`;
 *    - "access-list-not-empty";
 *    - "bad-signature" (after r and s): r or s zero, r >= n, or s > n/2 (EIP-2 low-s).
 * Whether the signature recovers to a key is not checked here: see recoverSender.
 */
export type TransactionDecodeReason =
  | "too-large"
  | "unsupported-type"
  | "malformed-rlp"
  | "wrong-field-count"
  | "bad-field"
  | "wrong-chain-id"
  | "pre-eip155"
  | "tip-above-max-fee"
  | "contract-creation"
  | "access-list-not-empty"
  | "bad-signature";

export class TransactionDecodeError extends BaseError {
  override name = "TransactionDecodeError";
  readonly reason: TransactionDecodeReason;
  /** The RLP rule broken, for "malformed-rlp". */
  readonly rlpReason: RlpErrorReason | undefined;
  /** The field at fault, for "bad-field" and field-specific reasons. */
  readonly field: string | undefined;

  constructor(
    reason: TransactionDecodeReason,
    options: { field?: string; rlpReason?: RlpErrorReason; cause?: unknown } = {},
  ) {
    super(`invalid transaction: ${reason}${options.field === undefined ? "" : ` (${options.field})`}`, {
      details: { reason, field: options.field, rlpReason: options.rlpReason },
      cause: options.cause,
    });
    this.reason = reason;
    this.rlpReason = options.rlpReason;
    this.field = options.field;
  }
}

/** Field names in envelope order, and which fields are not integers. */
type Layout = {
  readonly names: readonly string[];
  readonly to: number;
  readonly data: number;
  readonly list: number;
};

const EIP1559: Layout = {
  names: [
    "chainId",
    "nonce",
    "maxPriorityFeePerGas",
    "maxFeePerGas",
    "gasLimit",
    "to",
    "value",
    "data",
    "accessList",
    "yParity",
    "r",
    "s",
  ],
  to: 5,
  data: 7,
  list: 8,
};
const LEGACY: Layout = {
  names: ["nonce", "gasPrice", "gasLimit", "to", "value", "data", "v", "r", "s"],
  to: 3,
  data: 5,
  list: -1,
};

const MAX_UINT64 = (1n << 64n) - 1n;

// Payload bounds of the top-level fields of the transaction being decoded. decodeTransaction is
// synchronous and calls nothing that could re-enter it, so one scratch pair per thread is safe.
const fieldStart = new Int32Array(12);
const fieldEnd = new Int32Array(12);
const span = createRlpSpan();

function fail(reason: TransactionDecodeReason, field?: string): never {
  throw new TransactionDecodeError(reason, field === undefined ? {} : { field });
}

/**
 * Structure pass: the payload at `offset` is one canonical RLP list filling `raw`, with exactly
 * `names.length` fields of the right kinds and integer fields free of leading zeros.
 */
function readFields(raw: Uint8Array, offset: number, layout: Layout): void {
  try {
    checkRlp(raw, offset, raw.length);
  } catch (error) {
    if (error instanceof RlpError) {
      throw new TransactionDecodeError("malformed-rlp", { rlpReason: error.reason, cause: error });
    }
    throw error;
  }
  readRlpSpan(raw, offset, raw.length, span);
  if (!span.isList) throw new TransactionDecodeError("malformed-rlp", { rlpReason: "expected-list" });
  const end = span.end;
  let p = span.start;
  let count = 0;
  const { names, to, data, list } = layout;
  for (; p < end; count++) {
    readRlpSpan(raw, p, end, span);
    p = span.end;
    if (count >= names.length) continue;
    fieldStart[count] = span.start;
    fieldEnd[count] = span.end;
    if (count === list) {
      if (!span.isList) malformed("expected-list", names[count]!);
    } else if (span.isList) {
      malformed("expected-string", names[count]!);
    } else if (count !== to && count !== data && span.end > span.start && raw[span.start] === 0) {
      malformed("leading-zero-integer", names[count]!);
    }
  }
  if (count !== names.length) fail("wrong-field-count");
}

function malformed(rlpReason: RlpErrorReason, field: string): never {
  throw new TransactionDecodeError("malformed-rlp", { rlpReason, field });
}

/** Integer field `i`, at most `maxBytes` wide (leading zeros were refused in the structure pass). */
function uintField(raw: Uint8Array, i: number, maxBytes: number, name: string): bigint {
  const start = fieldStart[i]!;
  const end = fieldEnd[i]!;
  if (end - start > maxBytes) fail("bad-field", name);
  return readRlpUint(raw, start, end, maxBytes);
}

function toField(raw: Uint8Array, i: number): Address {
  const start = fieldStart[i]!;
  const end = fieldEnd[i]!;
  if (end === start) fail("contract-creation", "to");
  if (end - start !== 20) fail("bad-field", "to");
  return bytesToHex(raw.subarray(start, end));
}

function dataField(raw: Uint8Array, i: number): Uint8Array {
  const start = fieldStart[i]!;
  const end = fieldEnd[i]!;
  if (end - start > MAX_TX_DATA_BYTES) fail("bad-field", "data");
  return new Uint8Array(raw.subarray(start, end)); // a copy, as a plain Uint8Array even for a Buffer
}

function checkSignature(r: bigint, s: bigint): void {
  if (r === 0n || r >= SECP256K1_N) fail("bad-signature", "r");
  if (s === 0n || s > SECP256K1_HALF_N) fail("bad-signature", "s");
}

function decodeEip1559(raw: Uint8Array, expectedChainId: bigint): SignedTransaction {
  readFields(raw, 1, EIP1559);
  const chainId = uintField(raw, 0, 8, "chainId");
  if (chainId !== expectedChainId) fail("wrong-chain-id", "chainId");
  const nonce = uintField(raw, 1, 8, "nonce");
  const maxPriorityFeePerGas = uintField(raw, 2, 32, "maxPriorityFeePerGas");
  const maxFeePerGas = uintField(raw, 3, 32, "maxFeePerGas");
  if (maxPriorityFeePerGas > maxFeePerGas) fail("tip-above-max-fee", "maxPriorityFeePerGas");
  const gasLimit = uintField(raw, 4, 8, "gasLimit");
  const to = toField(raw, EIP1559.to);
  const value = uintField(raw, 6, 32, "value");
  const data = dataField(raw, EIP1559.data);
  if (fieldEnd[EIP1559.list]! !== fieldStart[EIP1559.list]!) fail("access-list-not-empty");
  const parity = uintField(raw, 9, 1, "yParity");
  if (parity > 1n) fail("bad-field", "yParity");
  const r = uintField(raw, 10, 32, "r");
  const s = uintField(raw, 11, 32, "s");
  checkSignature(r, s);
  return {
    type: 2,
    chainId,
    nonce,
    maxPriorityFeePerGas,
    maxFeePerGas,
    gasLimit,
    to,
    value,
    data,
    yParity: parity === 0n ? 0 : 1,
    r,
    s,
    hash: bytesToHex(keccak256(raw)),
  };
}

function decodeLegacy(raw: Uint8Array, expectedChainId: bigint): SignedTransaction {
  readFields(raw, 0, LEGACY);
  const nonce = uintField(raw, 0, 8, "nonce");
  const gasPrice = uintField(raw, 1, 32, "gasPrice");
  const gasLimit = uintField(raw, 2, 8, "gasLimit");
  const to = toField(raw, LEGACY.to);
  const value = uintField(raw, 4, 32, "value");
  const data = dataField(raw, LEGACY.data);
  // v = chainId * 2 + 35 + yParity, and chainId fits in 8 bytes, so v fits in 9.
  const v = uintField(raw, 6, 9, "v");
  if (v === 27n || v === 28n) fail("pre-eip155", "v");
  if (v < 35n) fail("bad-field", "v");
  const chainId = (v - 35n) >> 1n;
  if (chainId > MAX_UINT64) fail("bad-field", "v");
  if (chainId !== expectedChainId) fail("wrong-chain-id", "v");
  const r = uintField(raw, 7, 32, "r");
  const s = uintField(raw, 8, 32, "s");
  checkSignature(r, s);
  return {
    type: 0,
    chainId,
    nonce,
    maxPriorityFeePerGas: gasPrice,
    maxFeePerGas: gasPrice,
    gasLimit,
    to,
    value,
    data,
    yParity: (v - 35n) & 1n ? 1 : 0,
    r,
    s,
    hash: bytesToHex(keccak256(raw)),
  };
}

/**
 * Decodes and checks a raw signed transaction for chain `chainId`: EIP-1559 (0x02 ‖ rlp([...12]))
 * or legacy EIP-155 (rlp([...9])). Throws only TransactionDecodeError (see TransactionDecodeReason).
 * The signature's range is checked; recovering the sender is a separate step (recoverSender).
 */
export function decodeTransaction(raw: Uint8Array, chainId: bigint): SignedTransaction {
  if (raw.length > MAX_RAW_TX_BYTES) fail("too-large");
  if (raw.length === 0) throw new TransactionDecodeError("malformed-rlp", { rlpReason: "empty-input" });
  const first = raw[0]!;
  if (first === 0x02) return decodeEip1559(raw, chainId);
  if (first < 0x80) fail("unsupported-type");
  if (first < 0xc0) throw new TransactionDecodeError("malformed-rlp", { rlpReason: "expected-list" });
  return decodeLegacy(raw, chainId);
}
