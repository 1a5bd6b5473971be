import { bytesToBigint } from "../bytes.ts";
import type { MalformedReason } from "./malformed.ts";

/**
 * A read position over batch data that never throws. A read that finds malformed data (or runs past
 * `end`) sets `ok = false` and records the first fault's `reason` and offset `at`; every later read
 * returns zero and leaves the cursor where it is, so callers can read a whole record and check `ok`
 * once. One cursor can be reused (`reset`), so the hot path allocates no per-field result objects.
 */
export class ByteCursor {
  data: Uint8Array;
  pos: number;
  end: number;
  ok: boolean;
  reason: MalformedReason | null;
  at: number;

  constructor(data: Uint8Array, offset = 0, end = data.length) {
    this.data = data;
    this.pos = 0;
    this.end = 0;
    this.ok = true;
    this.reason = null;
    this.at = 0;
    this.reset(data, offset, end);
  }

  /** Points the cursor at `data[offset..end)` and clears any fault. `end` is clamped to the data. */
  reset(data: Uint8Array, offset = 0, end = data.length): void {
    this.data = data;
    this.end = Math.min(end, data.length);
    this.pos = offset;
    this.ok = true;
    this.reason = null;
    this.at = 0;
    if (!Number.isInteger(offset) || offset < 0) {
      this.pos = 0;
      this.fail("past-end", 0);
    }
  }

  /** Records the first fault; later faults are ignored. */
  fail(reason: MalformedReason, at: number): void {
    if (!this.ok) return;
    this.ok = false;
    this.reason = reason;
    this.at = at;
  }

  /** Whether `n` more bytes are available; records "past-end" at the current offset if not. */
  has(n: number): boolean {
    if (!this.ok) return false;
    if (this.pos + n > this.end) {
      this.fail("past-end", this.pos);
      return false;
    }
    return true;
  }

  /** One byte, or 0 on a fault. */
  u8(): number {
    if (!this.has(1)) return 0;
    return this.data[this.pos++]!;
  }

  /** A big-endian unsigned integer of `n` <= 6 bytes as a number, or 0 on a fault. */
  uintNumber(n: number): number {
    if (!this.has(n)) return 0;
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + this.data[this.pos + i]!;
    this.pos += n;
    return v;
  }

  /** A big-endian unsigned integer of `n` bytes, or 0n on a fault. */
  uint(n: number): bigint {
    if (!this.has(n)) return 0n;
    const v = bytesToBigint(this.data, this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** A copy of the next `n` bytes, or an empty array on a fault. */
  bytes(n: number): Uint8Array {
    if (!this.has(n)) return new Uint8Array(0);
    const out = this.data.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

export function createCursor(data: Uint8Array, offset = 0, end = data.length): ByteCursor {
  return new ByteCursor(data, offset, end);
}
