import { keccak256 } from "../crypto/keccak.ts";
import { BaseError } from "../errors.ts";
import {
  rlpBytesLength,
  rlpHeaderLength,
  rlpUintLength,
  writeRlpBytes,
  writeRlpListHeader,
  writeRlpUint,
} from "./rlp.ts";
import type { TransactionFields, TransactionSignature } from "./transaction.ts";

// Envelopes rebuilt from fields, written straight into one buffer (lengths first, then bytes), since
// the batch codec rebuilds every transaction of a batch this way.
//
// EIP-1559 signing payload: 0x02 ‖ rlp([chainId, nonce, tip, maxFee, gasLimit, to, value, data, []])
// EIP-1559 signed:          0x02 ‖ rlp([...the nine above, yParity, r, s])
// Legacy signing payload:   rlp([nonce, gasPrice, gasLimit, to, value, data, chainId, 0, 0])  (EIP-155)
// Legacy signed:            rlp([nonce, gasPrice, gasLimit, to, value, data, v, r, s]), v = chainId*2+35+yParity

/** A field that cannot be encoded as a transaction Halcyon accepts (`field` names it). */
export class TransactionEncodeError extends BaseError {
  override name = "TransactionEncodeError";
  readonly field: string;

  constructor(field: string) {
    super(`cannot encode transaction: bad ${field}`, { details: { field } });
    this.field = field;
  }
}

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_UINT256 = (1n << 256n) - 1n;

function checkUint(value: bigint, max: bigint, field: string): void {
  if (typeof value !== "bigint" || value < 0n || value > max) throw new TransactionEncodeError(field);
}

function checkFields(tx: TransactionFields): void {
  if (tx.type !== 2 && tx.type !== 0) throw new TransactionEncodeError("type");
  checkUint(tx.chainId, MAX_UINT64, "chainId");
  checkUint(tx.nonce, MAX_UINT64, "nonce");
  checkUint(tx.maxPriorityFeePerGas, MAX_UINT256, "maxPriorityFeePerGas");
  checkUint(tx.maxFeePerGas, MAX_UINT256, "maxFeePerGas");
  // A legacy transaction has one gasPrice, held in both fee fields.
  if (tx.type === 0 && tx.maxPriorityFeePerGas !== tx.maxFeePerGas) {
    throw new TransactionEncodeError("maxPriorityFeePerGas");
  }
  checkUint(tx.gasLimit, MAX_UINT64, "gasLimit");
  checkUint(tx.value, MAX_UINT256, "value");
  if (typeof tx.to !== "string" || tx.to.length !== 42) throw new TransactionEncodeError("to");
}

function checkSignature(sig: TransactionSignature): void {
  if (sig.yParity !== 0 && sig.yParity !== 1) throw new TransactionEncodeError("yParity");
  checkUint(sig.r, MAX_UINT256, "r");
  checkUint(sig.s, MAX_UINT256, "s");
}

function hexNibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Writes `to` as a 20-byte RLP string; returns the offset after it. */
function writeAddress(out: Uint8Array, offset: number, to: string): number {
  if (to.charCodeAt(0) !== 48 || (to.charCodeAt(1) | 0x20) !== 120) throw new TransactionEncodeError("to");
  out[offset] = 0x80 + 20;
  for (let i = 0; i < 20; i++) {
    const hi = hexNibble(to.charCodeAt(2 + 2 * i));
    const lo = hexNibble(to.charCodeAt(3 + 2 * i));
    if (hi < 0 || lo < 0) throw new TransactionEncodeError("to");
    out[offset + 1 + i] = (hi << 4) | lo;
  }
  return offset + 21;
}

const ADDRESS_LENGTH = 21; // 0x94 ‖ 20 bytes

/** Length of the fields every envelope starts with: through `data` (legacy) or `accessList` (1559). */
function commonLength(tx: TransactionFields): number {
  let n = rlpUintLength(tx.nonce) + rlpUintLength(tx.maxFeePerGas) + rlpUintLength(tx.gasLimit);
  n += ADDRESS_LENGTH + rlpUintLength(tx.value) + rlpBytesLength(tx.data);
  if (tx.type === 2) n += rlpUintLength(tx.chainId) + rlpUintLength(tx.maxPriorityFeePerGas) + 1;
  return n;
}

function writeCommon(out: Uint8Array, offset: number, tx: TransactionFields): number {
  let p = offset;
  if (tx.type === 2) {
    p = writeRlpUint(out, p, tx.chainId);
    p = writeRlpUint(out, p, tx.nonce);
    p = writeRlpUint(out, p, tx.maxPriorityFeePerGas);
  } else {
    p = writeRlpUint(out, p, tx.nonce);
  }
  p = writeRlpUint(out, p, tx.maxFeePerGas);
  p = writeRlpUint(out, p, tx.gasLimit);
  p = writeAddress(out, p, tx.to);
  p = writeRlpUint(out, p, tx.value);
  p = writeRlpBytes(out, p, tx.data);
  if (tx.type === 2) out[p++] = 0xc0; // empty access list
  return p;
}

/** The bytes a sender signs (their keccak256 is `signingHash`). */
export function encodeSigningPayload(tx: TransactionFields): Uint8Array {
  checkFields(tx);
  let payload = commonLength(tx);
  if (tx.type === 0) payload += rlpUintLength(tx.chainId) + 2;
  const typeByte = tx.type === 2 ? 1 : 0;
  const out = new Uint8Array(typeByte + rlpHeaderLength(payload) + payload);
  if (typeByte) out[0] = 0x02;
  let p = writeRlpListHeader(out, typeByte, payload);
  p = writeCommon(out, p, tx);
  if (tx.type === 0) {
    p = writeRlpUint(out, p, tx.chainId);
    out[p] = 0x80;
    out[p + 1] = 0x80;
  }
  return out;
}

/** keccak256 of the signing payload: the message whose signature authorizes the transaction. */
export function signingHash(tx: TransactionFields): Uint8Array {
  return keccak256(encodeSigningPayload(tx));
}

/**
 * The raw signed envelope, with minimal integers: for every canonical raw transaction,
 * `encodeSignedTransaction(decodeTransaction(raw, chainId))` equals `raw`. Throws
 * TransactionEncodeError for a field out of range (signature rules such as low-s are not checked).
 */
export function encodeSignedTransaction(tx: TransactionFields & TransactionSignature): Uint8Array {
  checkFields(tx);
  checkSignature(tx);
  const v = tx.type === 2 ? BigInt(tx.yParity) : tx.chainId * 2n + 35n + BigInt(tx.yParity);
  const payload = commonLength(tx) + rlpUintLength(v) + rlpUintLength(tx.r) + rlpUintLength(tx.s);
  const typeByte = tx.type === 2 ? 1 : 0;
  const out = new Uint8Array(typeByte + rlpHeaderLength(payload) + payload);
  if (typeByte) out[0] = 0x02;
  let p = writeRlpListHeader(out, typeByte, payload);
  p = writeCommon(out, p, tx);
  p = writeRlpUint(out, p, v);
  p = writeRlpUint(out, p, tx.r);
  writeRlpUint(out, p, tx.s);
  return out;
}
