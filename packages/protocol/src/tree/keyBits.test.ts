import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { firstDifferingBit, keyBit, sharesPrefix } from "./keyBits.ts";
import { referenceBit, withBitFlipped, wordArb } from "./treeTesting.ts";

describe("key bits", () => {
  it("bit 0 is the most significant bit of byte 0 and bit 255 the least significant of byte 31", () => {
    const key = new Uint8Array(32);
    key[0] = 0x80;
    key[31] = 0x01;
    assert.equal(keyBit(key, 0), 1);
    assert.equal(keyBit(key, 1), 0);
    assert.equal(keyBit(key, 254), 0);
    assert.equal(keyBit(key, 255), 1);
  });

  it("keyBit agrees with the big-endian integer's bits", () => {
    fc.assert(
      fc.property(wordArb, fc.integer({ min: 0, max: 255 }), (key, i) => {
        assert.equal(keyBit(key, i), referenceBit(key, i));
      }),
    );
  });

  it("firstDifferingBit finds the flipped bit, and 256 for equal keys", () => {
    fc.assert(
      fc.property(
        wordArb,
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        (key, i, j) => {
          assert.equal(firstDifferingBit(key, key), 256);
          const other = withBitFlipped(key, i);
          assert.equal(firstDifferingBit(key, other), i);
          // A later flip does not change the first difference.
          const both = j > i ? withBitFlipped(other, j) : other;
          assert.equal(firstDifferingBit(key, both), i);
          assert.equal(sharesPrefix(key, both, i), true);
          assert.equal(sharesPrefix(key, both, i + 1), false);
        },
      ),
    );
  });
});
