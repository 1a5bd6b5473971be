import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { bytesToHex, hexToBytes } from "../bytes.ts";
import { MAX_UINT256 } from "../constants.ts";
import { ByteWriter } from "./byteWriter.ts";
import { compactLength, readCompact, writeCompact } from "./compact.ts";
import { ByteCursor } from "./cursor.ts";
import { ValueRangeError } from "./errors.ts";

function encode(value: bigint): string {
  const w = new ByteWriter();
  writeCompact(w, value);
  return bytesToHex(w.toBytes());
}

function read(hex: string): { value: bigint; pos: number; ok: boolean; reason: string | null; at: number } {
  const c = new ByteCursor(hexToBytes(hex));
  const value = readCompact(c);
  return { value, pos: c.pos, ok: c.ok, reason: c.reason, at: c.at };
}

const ff32 = "ff".repeat(32);

const VECTORS: [bigint, string][] = [
  [0n, "0x00"],
  [1n, "0x0101"],
  [127n, "0x017f"],
  [255n, "0x01ff"],
  [256n, "0x020100"],
  [100n, "0x0164"], // scaled 41 02 01 is longer
  [1000n, "0x0203e8"], // scaled 41 03 01 ties: plain
  [10_000n, "0x022710"], // tie again
  [100_000n, "0x410501"], // scaled is shorter
  [1_500_000n, "0x41050f"],
  [10n ** 18n, "0x411201"],
  [15n * 10n ** 17n, "0x41110f"], // 1.5 ETH: 3 bytes, as the spec says
  [123_456_789n * 10n ** 10n, "0x440a075bcd15"],
  [(1n << 64n) - 1n, "0x08ffffffffffffffff"],
  [10n ** 77n, "0x414d01"],
  [MAX_UINT256, `0x20${ff32}`],
];

describe("compact", () => {
  it("encodes and decodes the edge vectors", () => {
    for (const [value, hex] of VECTORS) {
      assert.equal(encode(value), hex, `encode ${value}`);
      assert.equal(compactLength(value), (hex.length - 2) / 2);
      const r = read(hex);
      assert.deepEqual([r.ok, r.value, r.pos], [true, value, (hex.length - 2) / 2], `decode ${hex}`);
    }
  });

  it("accepts any valid scaled form, not only the encoder's", () => {
    assert.equal(read("0x41110f").value, 15n * 10n ** 17n);
    assert.equal(read("0x411096").value, 15n * 10n ** 17n); // 150 * 10^16
    assert.equal(read("0x4101ff").value, 2550n);
    assert.equal(read("0x420205dc").value, 150_000n);
  });

  it("refuses first bytes outside 0x00, 0x01..0x20, 0x41..0x60", () => {
    for (const h of [0x21, 0x30, 0x3f, 0x40, 0x61, 0x80, 0xff]) {
      const hex = `0x${h.toString(16)}01${"01".repeat(40)}`;
      const r = read(hex);
      assert.equal(r.reason, "compact-bad-header", hex);
      assert.equal(r.at, 0);
    }
  });

  it("refuses exponents 0 and 78 and above", () => {
    for (const hex of ["0x410001", "0x414e01", "0x41ff01"])
      assert.equal(read(hex).reason, "compact-bad-exponent", hex);
    assert.equal(read("0x414d01").ok, true);
    assert.equal(read("0x410101").ok, true);
  });

  it("refuses a mantissa with a leading zero byte", () => {
    for (const hex of ["0x0100", "0x020001", `0x2000${"ff".repeat(31)}`, "0x410500", "0x42050001"]) {
      assert.equal(read(hex).reason, "compact-leading-zero", hex);
    }
  });

  it("refuses values of 2^256 and above", () => {
    // 2 * 10^77 > 2^256 - 1 (about 1.158 * 10^77).
    assert.equal(read("0x414d02").reason, "compact-overflow");
    assert.equal(read("0x414d01").value, 10n ** 77n);
    assert.equal(read(`0x604d${ff32}`).reason, "compact-overflow");
    // The largest multiple of 10 below 2^256, scaled with exponent 1.
    const m = MAX_UINT256 / 10n;
    const mHex = m.toString(16).padStart(64, "0");
    assert.equal(read(`0x6001${mHex}`).value, m * 10n);
    assert.equal(read(`0x6001${(m + 1n).toString(16).padStart(64, "0")}`).reason, "compact-overflow");
  });

  it("refuses a compact that runs past the end", () => {
    for (const hex of ["0x", "0x01", "0x02ff", "0x41", "0x4105", "0x4205ff", `0x20${"ff".repeat(31)}`]) {
      const r = read(hex);
      assert.equal(r.reason, "past-end", hex);
      assert.equal(r.pos, 0);
    }
  });

  it("refuses to write values outside 0..2^256-1", () => {
    assert.throws(() => compactLength(-1n), ValueRangeError);
    assert.throws(() => writeCompact(new ByteWriter(), MAX_UINT256 + 1n), ValueRangeError);
  });

  const valueArb = fc.oneof(
    fc.bigInt(0n, MAX_UINT256),
    fc.bigInt(0n, 1n << 64n),
    fc
      .tuple(fc.bigInt(1n, 1n << 40n), fc.integer({ min: 0, max: 77 }))
      .map(([m, e]) => m * 10n ** BigInt(e))
      .filter((v) => v <= MAX_UINT256),
    fc.constantFrom(0n, 1n, MAX_UINT256, 10n ** 77n, 10n ** 18n),
  );

  /** The shortest length over every valid encoding of `value`, by brute force. */
  function shortestLength(value: bigint): number {
    if (value === 0n) return 1;
    const bytes = (v: bigint) => (v.toString(16).length + 1) >> 1;
    let best = 1 + bytes(value);
    for (let e = 1; e <= 77; e++) {
      const p = 10n ** BigInt(e);
      if (value % p !== 0n) break;
      best = Math.min(best, 2 + bytes(value / p));
    }
    return best;
  }

  it("round-trips every 256-bit value in the shortest form, plain on a tie", () => {
    fc.assert(
      fc.property(valueArb, fc.uint8Array({ maxLength: 3 }), (value, tail) => {
        const w = new ByteWriter();
        writeCompact(w, value);
        const encoded = w.toBytes();
        assert.equal(encoded.length, shortestLength(value));
        assert.equal(encoded.length, compactLength(value));
        if (encoded.length === 1 + ((value.toString(16).length + 1) >> 1) && value !== 0n) {
          assert.ok(encoded[0]! <= 0x20, "plain on a tie");
        }
        w.bytes(tail);
        const c = new ByteCursor(w.toBytes());
        assert.equal(readCompact(c), value);
        assert.equal(c.pos, encoded.length);
      }),
    );
  });

  it("never throws on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const c = new ByteCursor(bytes);
        const value = readCompact(c);
        if (c.ok) {
          assert.ok(value <= MAX_UINT256);
          assert.ok(c.pos <= bytes.length);
        } else {
          assert.equal(value, 0n);
          assert.equal(c.pos, 0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
