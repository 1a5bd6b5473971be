import { BaseError } from "./errors.ts";

export type Hex = `0x${string}`;
export type Address = `0x${string}`;

export class HexError extends BaseError {
  override name = "HexError";
}

const HEX_CHARS = "0123456789abcdef";
const BYTE_TO_HEX: string[] = Array.from({ length: 256 }, (_, i) => HEX_CHARS[i >> 4]! + HEX_CHARS[i & 15]!);

/** Lower-case 0x-prefixed hex of the bytes. */
export function bytesToHex(bytes: Uint8Array): Hex {
  let out = "0x";
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_HEX[bytes[i]!]!;
  return out as Hex;
}

function hexNibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Bytes of a 0x-prefixed hex string with an even number of digits; throws HexError otherwise. */
export function hexToBytes(hex: string): Uint8Array {
  if (typeof hex !== "string" || !hex.startsWith("0x") || hex.length % 2 !== 0) {
    throw new HexError("expected 0x-prefixed hex with an even number of digits");
  }
  const out = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexNibble(hex.charCodeAt(2 + 2 * i));
    const lo = hexNibble(hex.charCodeAt(3 + 2 * i));
    if (hi < 0 || lo < 0) throw new HexError("invalid hex digit", { details: { position: 2 + 2 * i } });
    out[i] = (hi << 4) | lo;
  }
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Big-endian bytes of a non-negative integer, left-padded to `length` bytes. */
export function bigintToBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  writeBigint(out, 0, value, length);
  return out;
}

/** Writes `value` big-endian into `out[offset .. offset+length)`; throws if it does not fit. */
export function writeBigint(out: Uint8Array, offset: number, value: bigint, length: number): void {
  if (value < 0n) throw new HexError("negative integer");
  let v = value;
  let i = offset + length;
  // Eight bytes per BigInt operation: this runs for every state write on the hot path.
  while (i - 8 >= offset && v !== 0n) {
    const lo = BigInt.asUintN(64, v);
    v >>= 64n;
    const hi32 = Number(lo >> 32n);
    const lo32 = Number(lo & 0xffffffffn);
    out[i - 1] = lo32 & 0xff;
    out[i - 2] = (lo32 >>> 8) & 0xff;
    out[i - 3] = (lo32 >>> 16) & 0xff;
    out[i - 4] = lo32 >>> 24;
    out[i - 5] = hi32 & 0xff;
    out[i - 6] = (hi32 >>> 8) & 0xff;
    out[i - 7] = (hi32 >>> 16) & 0xff;
    out[i - 8] = hi32 >>> 24;
    i -= 8;
  }
  while (i > offset && v !== 0n) {
    out[--i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new HexError("integer does not fit", { details: { length } });
  out.fill(0, offset, i);
}

/** The integer that big-endian bytes spell. */
export function bytesToBigint(bytes: Uint8Array, start = 0, end = bytes.length): bigint {
  let v = 0n;
  let i = start;
  // Eight bytes at a time keeps this fast for 32-byte words.
  for (; i + 8 <= end; i += 8) {
    const hi = ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
    const lo = ((bytes[i + 4]! << 24) | (bytes[i + 5]! << 16) | (bytes[i + 6]! << 8) | bytes[i + 7]!) >>> 0;
    v = (v << 64n) | (BigInt(hi) << 32n) | BigInt(lo);
  }
  for (; i < end; i++) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

/** Minimal big-endian bytes of a non-negative integer (zero is the empty string), as RLP wants. */
export function bigintToMinimalBytes(value: bigint): Uint8Array {
  if (value < 0n) throw new HexError("negative integer");
  if (value === 0n) return new Uint8Array(0);
  let length = 0;
  for (let v = value; v > 0n; v >>= 8n) length++;
  return bigintToBytes(value, length);
}

export function bigintToHex32(value: bigint): Hex {
  return bytesToHex(bigintToBytes(value, 32));
}

/** Checksum-free lower-case form of an address, checked for shape. */
export function normalizeAddress(address: string): Address {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new HexError("expected a 20-byte address");
  return address.toLowerCase() as Address;
}
