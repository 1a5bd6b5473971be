import { BaseError } from "../errors.ts";

// Recursive Length Prefix (Ethereum yellow paper, appendix B) with a strict decoder: every input has
// exactly one accepted encoding, so two nodes can never disagree on what a byte string means.
//
// The decoder refuses, each with its own `reason`:
// - "empty-input": no bytes at all;
// - "truncated": an item (or a length prefix) runs past the end of its parent;
// - "trailing-bytes": bytes left after the top-level item;
// - "non-canonical-single-byte": one byte below 0x80 wrapped in a string header (0x81 0x05);
// - "non-canonical-length": a long-form header (0xb8.., 0xf8..) for a payload of 55 bytes or fewer;
// - "leading-zero-length": a long-form length whose first byte is zero.
// Integer helpers add "leading-zero-integer" (zero is the empty string) and "integer-too-wide";
// schema checks by callers use "expected-string" and "expected-list" (an item of the wrong kind).

export type RlpErrorReason =
  | "empty-input"
  | "truncated"
  | "trailing-bytes"
  | "non-canonical-single-byte"
  | "non-canonical-length"
  | "leading-zero-length"
  | "leading-zero-integer"
  | "integer-too-wide"
  | "expected-string"
  | "expected-list";

export class RlpError extends BaseError {
  override name = "RlpError";
  readonly reason: RlpErrorReason;

  constructor(reason: RlpErrorReason, offset: number) {
    super(`invalid RLP: ${reason} at byte ${offset}`, { details: { reason, offset } });
    this.reason = reason;
  }
}

/** What `encodeRlp` accepts: a byte string or a (nested) list of them. */
export type RlpInput = Uint8Array | readonly RlpInput[];
/** What `decodeRlp` returns. Byte strings are views into the input, not copies. */
export type RlpItem = Uint8Array | RlpItem[];

// ---------------------------------------------------------------------------------------------------
// Encoding

/** Bytes taken by the header of a payload of `payloadLength` bytes (string or list alike). */
export function rlpHeaderLength(payloadLength: number): number {
  if (payloadLength <= 55) return 1;
  let n = 1;
  for (let v = payloadLength; v > 255; v = Math.floor(v / 256)) n++;
  return 1 + n;
}

/** Writes a string (`base` 0x80) or list (`base` 0xc0) header; returns the offset after it. */
function writeHeader(out: Uint8Array, offset: number, payloadLength: number, base: number): number {
  if (payloadLength <= 55) {
    out[offset] = base + payloadLength;
    return offset + 1;
  }
  const lengthOfLength = rlpHeaderLength(payloadLength) - 1;
  out[offset] = base + 55 + lengthOfLength;
  let v = payloadLength;
  for (let i = lengthOfLength; i >= 1; i--) {
    out[offset + i] = v & 0xff;
    v = Math.floor(v / 256);
  }
  return offset + 1 + lengthOfLength;
}

/** Writes the header of a list whose items take `payloadLength` bytes; returns the offset after it. */
export function writeRlpListHeader(out: Uint8Array, offset: number, payloadLength: number): number {
  return writeHeader(out, offset, payloadLength, 0xc0);
}

/** Encoded length of a byte string. */
export function rlpBytesLength(bytes: Uint8Array): number {
  if (bytes.length === 1 && bytes[0]! < 0x80) return 1;
  return rlpHeaderLength(bytes.length) + bytes.length;
}

/** Writes the encoding of a byte string; returns the offset after it. */
export function writeRlpBytes(out: Uint8Array, offset: number, bytes: Uint8Array): number {
  if (bytes.length === 1 && bytes[0]! < 0x80) {
    out[offset] = bytes[0]!;
    return offset + 1;
  }
  const start = writeHeader(out, offset, bytes.length, 0x80);
  out.set(bytes, start);
  return start + bytes.length;
}

const SAFE_LIMIT = 0x20000000000000n; // 2^53: below it, integers are handled as doubles.

/** Bytes in the minimal big-endian form of a non-negative integer (0 for zero). */
export function uintByteLength(value: bigint): number {
  if (value < SAFE_LIMIT) {
    let v = Number(value);
    let n = 0;
    while (v > 0) {
      n++;
      v = Math.floor(v / 256);
    }
    return n;
  }
  return (value.toString(16).length + 1) >> 1;
}

/** Encoded length of an integer (minimal big-endian bytes, zero as the empty string). */
export function rlpUintLength(value: bigint): number {
  if (value < 0x80n) return 1;
  const n = uintByteLength(value);
  return n <= 55 ? 1 + n : rlpHeaderLength(n) + n;
}

function hexDigit(code: number): number {
  return code <= 57 ? code - 48 : code - 87; // toString(16) gives 0-9a-f only
}

/** Writes the encoding of a non-negative integer; returns the offset after it. */
export function writeRlpUint(out: Uint8Array, offset: number, value: bigint): number {
  if (value < 0x80n) {
    out[offset] = value === 0n ? 0x80 : Number(value);
    return offset + 1;
  }
  if (value < SAFE_LIMIT) {
    let v = Number(value);
    const n = uintByteLength(value);
    out[offset] = 0x80 + n;
    for (let i = n; i >= 1; i--) {
      out[offset + i] = v % 256;
      v = Math.floor(v / 256);
    }
    return offset + 1 + n;
  }
  const hex = value.toString(16);
  const n = (hex.length + 1) >> 1;
  let p = writeHeader(out, offset, n, 0x80);
  let c = 0;
  if (hex.length & 1) {
    out[p++] = hexDigit(hex.charCodeAt(0));
    c = 1;
  }
  for (; c < hex.length; c += 2)
    out[p++] = (hexDigit(hex.charCodeAt(c)) << 4) | hexDigit(hex.charCodeAt(c + 1));
  return p;
}

function encodedLength(input: RlpInput): number {
  if (input instanceof Uint8Array) return rlpBytesLength(input);
  let payload = 0;
  for (const item of input) payload += encodedLength(item);
  return rlpHeaderLength(payload) + payload;
}

function writeItem(out: Uint8Array, offset: number, input: RlpInput): number {
  if (input instanceof Uint8Array) return writeRlpBytes(out, offset, input);
  let payload = 0;
  for (const item of input) payload += encodedLength(item);
  let p = writeRlpListHeader(out, offset, payload);
  for (const item of input) p = writeItem(out, p, item);
  return p;
}

/** RLP encoding of a byte string or nested list. Integers go in as their minimal bytes. */
export function encodeRlp(input: RlpInput): Uint8Array {
  const out = new Uint8Array(encodedLength(input));
  writeItem(out, 0, input);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Strict decoding

/** Where one item lies: its payload is `bytes[start, end)`; the next sibling begins at `end`. */
export type RlpSpan = { isList: boolean; start: number; end: number };

export function createRlpSpan(): RlpSpan {
  return { isList: false, start: 0, end: 0 };
}

/**
 * Reads the header of the item at `offset`, which must end at or before `limit`, into `span`
 * (reused to keep hot loops allocation-free). Checks canonical form of this header only; a list's
 * items are checked as they are read. Throws RlpError.
 */
export function readRlpSpan(bytes: Uint8Array, offset: number, limit: number, span: RlpSpan): void {
  if (offset >= limit) throw new RlpError("truncated", offset);
  const prefix = bytes[offset]!;
  if (prefix < 0x80) {
    span.isList = false;
    span.start = offset;
    span.end = offset + 1;
    return;
  }
  const isList = prefix >= 0xc0;
  const short = prefix - (isList ? 0xc0 : 0x80);
  let start: number;
  let length: number;
  if (short <= 55) {
    start = offset + 1;
    length = short;
    if (start + length > limit) throw new RlpError("truncated", offset);
    if (!isList && length === 1 && bytes[start]! < 0x80)
      throw new RlpError("non-canonical-single-byte", offset);
  } else {
    const lengthOfLength = short - 55; // 1..8
    start = offset + 1 + lengthOfLength;
    if (start > limit) throw new RlpError("truncated", offset);
    if (bytes[offset + 1] === 0) throw new RlpError("leading-zero-length", offset);
    length = 0;
    for (let i = offset + 1; i < start; i++) {
      length = length * 256 + bytes[i]!;
      // Lengths only grow with each byte, so stopping early keeps `length` a small exact double.
      if (start + length > limit) throw new RlpError("truncated", offset);
    }
    if (length <= 55) throw new RlpError("non-canonical-length", offset);
  }
  span.isList = isList;
  span.start = start;
  span.end = start + length;
}

// Both walkers below are iterative (a stack of open lists), so nesting depth is bounded by the input
// length only, never by the call stack: a deeply nested input gets an RlpError, not a RangeError.

/**
 * Checks, without building anything, that `bytes[offset, end)` is exactly one canonical item
 * (recursively). Throws RlpError like `decodeRlp`.
 */
export function checkRlp(bytes: Uint8Array, offset = 0, end = bytes.length): void {
  if (offset >= end) throw new RlpError("empty-input", offset);
  const span = createRlpSpan();
  readRlpSpan(bytes, offset, end, span);
  const itemEnd = span.end;
  if (span.isList) {
    const open = [itemEnd];
    let p = span.start;
    while (open.length > 0) {
      const limit = open[open.length - 1]!;
      if (p === limit) {
        open.pop();
        continue;
      }
      readRlpSpan(bytes, p, limit, span);
      if (span.isList) {
        open.push(span.end);
        p = span.start;
      } else {
        p = span.end;
      }
    }
  }
  if (itemEnd !== end) throw new RlpError("trailing-bytes", itemEnd);
}

/**
 * Strictly decodes one RLP item that must fill `bytes` exactly. Byte strings in the result are views
 * into `bytes`. Throws RlpError with a `reason` for every non-canonical or malformed input.
 */
export function decodeRlp(bytes: Uint8Array): RlpItem {
  if (bytes.length === 0) throw new RlpError("empty-input", 0);
  const span = createRlpSpan();
  readRlpSpan(bytes, 0, bytes.length, span);
  const itemEnd = span.end;
  let root: RlpItem;
  if (!span.isList) {
    root = bytes.subarray(span.start, span.end);
  } else {
    root = [];
    const open: Array<{ items: RlpItem[]; end: number }> = [{ items: root, end: itemEnd }];
    let p = span.start;
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      if (p === top.end) {
        open.pop();
        continue;
      }
      readRlpSpan(bytes, p, top.end, span);
      if (span.isList) {
        const items: RlpItem[] = [];
        top.items.push(items);
        open.push({ items, end: span.end });
        p = span.start;
      } else {
        top.items.push(bytes.subarray(span.start, span.end));
        p = span.end;
      }
    }
  }
  if (itemEnd !== bytes.length) throw new RlpError("trailing-bytes", itemEnd);
  return root;
}

/**
 * The integer that RLP string payload `bytes[start, end)` spells, checked for canonical form (no
 * leading zero byte; zero is the empty string) and for width (at most `maxBytes` bytes).
 */
export function readRlpUint(bytes: Uint8Array, start: number, end: number, maxBytes: number): bigint {
  const length = end - start;
  if (length === 0) return 0n;
  if (bytes[start] === 0) throw new RlpError("leading-zero-integer", start);
  if (length > maxBytes) throw new RlpError("integer-too-wide", start);
  if (length <= 6) {
    let v = 0;
    for (let i = start; i < end; i++) v = v * 256 + bytes[i]!;
    return BigInt(v);
  }
  let v = 0n;
  let i = start;
  const head = length % 4;
  if (head > 0) {
    let w = 0;
    for (; i < start + head; i++) w = w * 256 + bytes[i]!;
    v = BigInt(w);
  }
  // 32-bit words are exact as doubles; a few bigint joins beat one per byte.
  for (; i + 8 <= end; i += 8) {
    const hi = ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
    const lo = ((bytes[i + 4]! << 24) | (bytes[i + 5]! << 16) | (bytes[i + 6]! << 8) | bytes[i + 7]!) >>> 0;
    v = (v << 64n) | (BigInt(hi) << 32n) | BigInt(lo);
  }
  for (; i < end; i += 4) {
    const w = ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
    v = (v << 32n) | BigInt(w);
  }
  return v;
}

/** A decoded item read as an integer of at most `maxBytes` bytes (see `readRlpUint`). */
export function decodeRlpInteger(item: RlpItem, maxBytes: number): bigint {
  if (!(item instanceof Uint8Array)) throw new RlpError("expected-string", 0);
  return readRlpUint(item, 0, item.length, maxBytes);
}
