import { bytesToBigint } from "../bytes.ts";
import { MAX_UINT256 } from "../constants.ts";
import type { ByteWriter } from "./byteWriter.ts";
import type { ByteCursor } from "./cursor.ts";
import { ValueRangeError } from "./errors.ts";

// compact (docs/protocol.md §6.3): an exact unsigned integer below 2^256, short for round amounts.
// First byte h:
//   0x00            zero
//   0x01..0x20      h mantissa bytes follow; value = mantissa
//   0x41..0x60      an exponent byte e (1..77), then h - 0x40 mantissa bytes; value = mantissa * 10^e
// Anything else, a mantissa whose first byte is 0, e outside 1..77 or a value >= 2^256 is malformed.
// The writer picks the shorter form (plain on a tie); in the scaled form it uses the largest exponent
// (the mantissa has no trailing decimal zero), which is also the shortest scaled form.

export const COMPACT_MAX_EXPONENT = 77;

const POW10: bigint[] = [1n];
for (let e = 1; e <= COMPACT_MAX_EXPONENT; e++) POW10.push(POW10[e - 1]! * 10n);

/** Bytes of the minimal big-endian form of a positive integer. */
function byteLength(value: bigint): number {
  return (value.toString(16).length + 1) >> 1;
}

type CompactForm = { exponent: number; mantissa: bigint; mantissaLength: number };

function compactForm(value: bigint): CompactForm {
  if (value < 0n || value > MAX_UINT256) {
    throw new ValueRangeError("compact out of range", { details: { value } });
  }
  if (value === 0n) return { exponent: 0, mantissa: 0n, mantissaLength: 0 };
  const plainLength = byteLength(value);
  if (value % 10n !== 0n) return { exponent: 0, mantissa: value, mantissaLength: plainLength };
  let mantissa = value;
  let exponent = 0;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const mantissaLength = byteLength(mantissa);
  // Scaled costs one more byte (the exponent) than plain for the same mantissa length.
  if (mantissaLength + 1 < plainLength) return { exponent, mantissa, mantissaLength };
  return { exponent: 0, mantissa: value, mantissaLength: plainLength };
}

/** Bytes of the compact encoding of `value`; throws ValueRangeError outside 0..2^256-1. */
export function compactLength(value: bigint): number {
  const form = compactForm(value);
  if (form.mantissaLength === 0) return 1;
  return (form.exponent === 0 ? 1 : 2) + form.mantissaLength;
}

/** Writes the compact encoding of `value`; throws ValueRangeError outside 0..2^256-1. */
export function writeCompact(out: ByteWriter, value: bigint): void {
  const form = compactForm(value);
  if (form.mantissaLength === 0) {
    out.u8(0);
    return;
  }
  if (form.exponent === 0) {
    out.u8(form.mantissaLength);
  } else {
    out.u8(0x40 + form.mantissaLength);
    out.u8(form.exponent);
  }
  out.uint(form.mantissa, form.mantissaLength);
}

/** Reads a compact. On malformed data: 0n, and the cursor's fault is set. */
export function readCompact(c: ByteCursor): bigint {
  if (!c.has(1)) return 0n;
  const data = c.data;
  const start = c.pos;
  const h = data[start]!;
  if (h === 0) {
    c.pos = start + 1;
    return 0n;
  }
  let length: number;
  let exponent = 0;
  let mantissaStart: number;
  if (h <= 0x20) {
    length = h;
    mantissaStart = start + 1;
  } else if (h >= 0x41 && h <= 0x60) {
    length = h - 0x40;
    mantissaStart = start + 2;
    if (mantissaStart > c.end) {
      c.fail("past-end", start);
      return 0n;
    }
    exponent = data[start + 1]!;
    if (exponent < 1 || exponent > COMPACT_MAX_EXPONENT) {
      c.fail("compact-bad-exponent", start);
      return 0n;
    }
  } else {
    c.fail("compact-bad-header", start);
    return 0n;
  }
  const end = mantissaStart + length;
  if (end > c.end) {
    c.fail("past-end", start);
    return 0n;
  }
  if (data[mantissaStart] === 0) {
    c.fail("compact-leading-zero", start);
    return 0n;
  }
  const mantissa = bytesToBigint(data, mantissaStart, end);
  if (exponent === 0) {
    c.pos = end;
    return mantissa;
  }
  const value = mantissa * POW10[exponent]!;
  if (value > MAX_UINT256) {
    c.fail("compact-overflow", start);
    return 0n;
  }
  c.pos = end;
  return value;
}
