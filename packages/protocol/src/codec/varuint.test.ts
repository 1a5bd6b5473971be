import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { bytesToHex, hexToBytes } from "../bytes.ts";
import { ByteWriter } from "./byteWriter.ts";
import { ByteCursor } from "./cursor.ts";
import { ValueRangeError } from "./errors.ts";
import { MAX_VARUINT, readVaruint, readVaruintNumber, varuintLength, writeVaruint } from "./varuint.ts";

function encode(value: bigint): string {
  const w = new ByteWriter();
  writeVaruint(w, value);
  return bytesToHex(w.toBytes());
}

function read(hex: string): { value: bigint; pos: number; ok: boolean; reason: string | null; at: number } {
  const c = new ByteCursor(hexToBytes(hex));
  const value = readVaruint(c);
  return { value, pos: c.pos, ok: c.ok, reason: c.reason, at: c.at };
}

const VECTORS: [bigint, string][] = [
  [0n, "0x00"],
  [1n, "0x01"],
  [127n, "0x7f"],
  [128n, "0x8080"],
  [300n, "0x812c"],
  [16383n, "0xbfff"],
  [16384n, "0xc04000"],
  [(1n << 21n) - 1n, "0xdfffff"],
  [1n << 21n, "0xe0200000"],
  [(1n << 28n) - 1n, "0xefffffff"],
  [1n << 28n, "0xf010000000"],
  [(1n << 35n) - 1n, "0xf7ffffffff"],
  [1n << 35n, "0xf80000000800000000"],
  [(1n << 53n) + 1n, "0xf80020000000000001"],
  [MAX_VARUINT, "0xf8ffffffffffffffff"],
];

describe("varuint", () => {
  it("encodes and decodes the boundary vectors", () => {
    for (const [value, hex] of VECTORS) {
      assert.equal(encode(value), hex, `encode ${value}`);
      assert.equal(varuintLength(value), (hex.length - 2) / 2);
      const r = read(hex);
      assert.deepEqual([r.ok, r.value, r.pos], [true, value, (hex.length - 2) / 2], `decode ${hex}`);
    }
  });

  it("reads exact numbers below 2^53 with readVaruintNumber", () => {
    for (const [value, hex] of VECTORS) {
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) continue;
      const c = new ByteCursor(hexToBytes(hex));
      assert.equal(readVaruintNumber(c), Number(value));
      assert.ok(c.ok);
    }
    const c = new ByteCursor(hexToBytes("0xf8ffffffffffffffff"));
    assert.ok(readVaruintNumber(c) >= 2 ** 63);
  });

  it("refuses forms longer than the value needs", () => {
    for (const hex of [
      "0x8000",
      "0x807f",
      "0xc00000",
      "0xc03fff",
      "0xe0000000",
      "0xe01fffff",
      "0xf000000000",
      "0xf00fffffff",
      "0xf80000000000000000",
      "0xf800000007ffffffff",
    ]) {
      const r = read(hex);
      assert.equal(r.ok, false, hex);
      assert.equal(r.reason, "varuint-not-shortest", hex);
      assert.equal(r.at, 0);
      assert.equal(r.pos, 0, "a failed read does not advance");
      const c = new ByteCursor(hexToBytes(hex));
      readVaruintNumber(c);
      assert.equal(c.reason, "varuint-not-shortest", hex);
    }
  });

  it("refuses first bytes 0xF9..0xFF", () => {
    for (let b = 0xf9; b <= 0xff; b++) {
      const hex = `0x${b.toString(16)}0000000000000000`;
      assert.equal(read(hex).reason, "varuint-bad-prefix", hex);
    }
  });

  it("refuses a varuint that runs past the end", () => {
    for (const hex of ["0x", "0x80", "0xc040", "0xe02000", "0xf0100000", "0xf8000000080000"]) {
      const r = read(hex);
      assert.equal(r.reason, "past-end", hex);
      assert.equal(r.at, 0);
    }
    // The cursor's end bounds the read, not the array.
    const c = new ByteCursor(hexToBytes("0xc04000"), 0, 2);
    readVaruint(c);
    assert.equal(c.reason, "past-end");
  });

  it("keeps the first fault and reads zero afterwards", () => {
    const c = new ByteCursor(hexToBytes("0xff0102"));
    assert.equal(readVaruint(c), 0n);
    c.pos = 1;
    assert.equal(readVaruint(c), 0n);
    assert.equal(c.reason, "varuint-bad-prefix");
    assert.equal(c.at, 0);
  });

  it("refuses to write values outside 0..2^64-1", () => {
    assert.throws(() => varuintLength(-1n), ValueRangeError);
    assert.throws(() => writeVaruint(new ByteWriter(), MAX_VARUINT + 1n), ValueRangeError);
  });

  it("round-trips every 64-bit value in its shortest form", () => {
    const arb = fc.oneof(
      fc.bigInt(0n, MAX_VARUINT),
      fc.integer({ min: 0, max: 70 }).map((k) => (1n << BigInt(Math.min(k, 64))) - 1n),
      fc.integer({ min: 0, max: 63 }).map((k) => 1n << BigInt(k)),
    );
    fc.assert(
      fc.property(arb, fc.uint8Array({ maxLength: 4 }), (value, tail) => {
        const w = new ByteWriter();
        writeVaruint(w, value);
        const length = w.length;
        w.bytes(tail);
        const c = new ByteCursor(w.toBytes());
        assert.equal(readVaruint(c), value);
        assert.equal(c.pos, length);
        assert.equal(length, varuintLength(value));
        // Shortest: the next-smaller form cannot hold the value.
        const smallest = new Map([
          [1, 0n],
          [2, 1n << 7n],
          [3, 1n << 14n],
          [4, 1n << 21n],
          [5, 1n << 28n],
          [9, 1n << 35n],
        ]).get(length);
        assert.ok(smallest !== undefined && value >= smallest);
      }),
    );
  });

  it("never throws and never reads past the end on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.nat(12), (bytes, end) => {
        const c = new ByteCursor(bytes, 0, end);
        const value = readVaruint(c);
        if (c.ok) {
          assert.ok(c.pos <= Math.min(end, bytes.length));
          const w = new ByteWriter();
          writeVaruint(w, value);
          assert.equal(
            bytesToHex(w.toBytes()),
            bytesToHex(bytes.subarray(0, c.pos)),
            "only canonical forms are read",
          );
        } else {
          assert.equal(value, 0n);
          assert.equal(c.pos, 0);
        }
      }),
    );
  });
});
