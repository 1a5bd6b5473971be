import type { ByteWriter } from "./byteWriter.ts";
import type { ByteCursor } from "./cursor.ts";
import { ValueRangeError } from "./errors.ts";

// varuint (docs/protocol.md §6.3): an unsigned integer of up to 64 bits, by its first byte:
//   0xxxxxxx                 7 bits     0 .. 2^7-1
//   10xxxxxx + 1 byte       14 bits   2^7 .. 2^14-1
//   110xxxxx + 2 bytes      21 bits  2^14 .. 2^21-1
//   1110xxxx + 3 bytes      28 bits  2^21 .. 2^28-1
//   11110xxx + 4 bytes      35 bits  2^28 .. 2^35-1
//   11111000 + 8 bytes      64 bits  2^35 .. 2^64-1
// First bytes 0xF9..0xFF are malformed, and so is any form longer than its value needs.

export const MAX_VARUINT = (1n << 64n) - 1n;

const TWO_POW_32 = 2 ** 32;

/** Bytes of the varuint encoding of `value`; throws ValueRangeError outside 0..2^64-1. */
export function varuintLength(value: bigint): number {
  if (value < 0n || value > MAX_VARUINT) {
    throw new ValueRangeError("varuint out of range", { details: { value } });
  }
  if (value < 0x80n) return 1;
  if (value < 0x4000n) return 2;
  if (value < 0x20_0000n) return 3;
  if (value < 0x1000_0000n) return 4;
  if (value < 0x8_0000_0000n) return 5;
  return 9;
}

/** Writes the shortest varuint encoding of `value`; throws ValueRangeError outside 0..2^64-1. */
export function writeVaruint(out: ByteWriter, value: bigint): void {
  const length = varuintLength(value);
  if (length === 9) {
    out.u8(0xf8);
    out.uint(value, 8);
    return;
  }
  const v = Number(value);
  switch (length) {
    case 1:
      out.u8(v);
      return;
    case 2:
      out.u8(0x80 | (v >>> 8));
      out.u8(v & 0xff);
      return;
    case 3:
      out.u8(0xc0 | (v >>> 16));
      out.u8((v >>> 8) & 0xff);
      out.u8(v & 0xff);
      return;
    case 4:
      out.u8(0xe0 | (v >>> 24));
      out.u8((v >>> 16) & 0xff);
      out.u8((v >>> 8) & 0xff);
      out.u8(v & 0xff);
      return;
    default: {
      const hi = Math.floor(v / TWO_POW_32);
      const lo = v % TWO_POW_32;
      out.u8(0xf0 | hi);
      out.u8(lo >>> 24);
      out.u8((lo >>> 16) & 0xff);
      out.u8((lo >>> 8) & 0xff);
      out.u8(lo & 0xff);
    }
  }
}

/**
 * Reads a varuint as a number. Exact below 2^53; a larger 64-bit value comes back rounded (still
 * far above any limit a caller compares it with). On malformed data: 0, and the cursor's fault is set.
 */
export function readVaruintNumber(c: ByteCursor): number {
  if (!c.has(1)) return 0;
  const data = c.data;
  const start = c.pos;
  const b0 = data[start]!;
  if (b0 < 0x80) {
    c.pos = start + 1;
    return b0;
  }
  let extra: number;
  let min: number;
  let v: number;
  if (b0 < 0xc0) {
    extra = 1;
    min = 0x80;
    v = b0 & 0x3f;
  } else if (b0 < 0xe0) {
    extra = 2;
    min = 0x4000;
    v = b0 & 0x1f;
  } else if (b0 < 0xf0) {
    extra = 3;
    min = 0x20_0000;
    v = b0 & 0x0f;
  } else if (b0 < 0xf8) {
    extra = 4;
    min = 0x1000_0000;
    v = b0 & 0x07;
  } else if (b0 === 0xf8) {
    extra = 8;
    min = 0x8_0000_0000;
    v = 0;
  } else {
    c.fail("varuint-bad-prefix", start);
    return 0;
  }
  if (start + 1 + extra > c.end) {
    c.fail("past-end", start);
    return 0;
  }
  for (let i = 1; i <= extra; i++) v = v * 256 + data[start + i]!;
  if (v < min) {
    c.fail("varuint-not-shortest", start);
    return 0;
  }
  c.pos = start + 1 + extra;
  return v;
}

/** Reads a varuint exactly, as a bigint. On malformed data: 0n, and the cursor's fault is set. */
export function readVaruint(c: ByteCursor): bigint {
  if (c.ok && c.pos < c.end && c.data[c.pos] === 0xf8) {
    const start = c.pos;
    if (start + 9 > c.end) {
      c.fail("past-end", start);
      return 0n;
    }
    const data = c.data;
    const hi =
      ((data[start + 1]! << 24) | (data[start + 2]! << 16) | (data[start + 3]! << 8) | data[start + 4]!) >>>
      0;
    const lo =
      ((data[start + 5]! << 24) | (data[start + 6]! << 16) | (data[start + 7]! << 8) | data[start + 8]!) >>>
      0;
    if (hi < 8) {
      c.fail("varuint-not-shortest", start);
      return 0n;
    }
    c.pos = start + 9;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }
  return BigInt(readVaruintNumber(c));
}
