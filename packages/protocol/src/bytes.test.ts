import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  bigintToBytes,
  bigintToMinimalBytes,
  bytesToBigint,
  bytesToHex,
  HexError,
  hexToBytes,
} from "./bytes.ts";

test("bigintToBytes and bytesToBigint are inverse for every width up to 32 bytes", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 32 }),
      fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
      (length, raw) => {
        const value = raw % (1n << BigInt(8 * length));
        const bytes = bigintToBytes(value, length);
        assert.equal(bytes.length, length);
        assert.equal(bytesToBigint(bytes), value);
        assert.equal(bytesToHex(bytes), `0x${value.toString(16).padStart(2 * length, "0")}`);
      },
    ),
  );
});

test("bigintToBytes refuses values that do not fit and negative values", () => {
  assert.throws(() => bigintToBytes(256n, 1), HexError);
  assert.throws(() => bigintToBytes(1n << 64n, 8), HexError);
  assert.throws(() => bigintToBytes(-1n, 32), HexError);
  assert.deepEqual(bigintToBytes((1n << 64n) - 1n, 8), new Uint8Array(8).fill(255));
});

test("minimal bytes strip leading zeros; zero is empty", () => {
  assert.deepEqual(bigintToMinimalBytes(0n), new Uint8Array(0));
  assert.deepEqual(bigintToMinimalBytes(0x0102n), new Uint8Array([1, 2]));
});

test("hexToBytes rejects malformed hex", () => {
  assert.throws(() => hexToBytes("12"), HexError);
  assert.throws(() => hexToBytes("0x1"), HexError);
  assert.throws(() => hexToBytes("0xzz"), HexError);
  assert.deepEqual(hexToBytes("0xAbCd"), new Uint8Array([0xab, 0xcd]));
});
