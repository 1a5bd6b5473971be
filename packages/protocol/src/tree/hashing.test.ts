import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { bytesToHex, concatBytes, hexToBytes } from "../bytes.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { internalHash, leafHash, ZERO_HASH } from "./hashing.ts";
import { wordArb } from "./treeTesting.ts";

describe("tree hashing", () => {
  it("the empty subtree hash is 32 zero bytes", () => {
    assert.deepEqual(ZERO_HASH, new Uint8Array(32));
  });

  it("leafHash is keccak256 of the 65 bytes 0x01 ‖ key ‖ value", () => {
    fc.assert(
      fc.property(wordArb, wordArb, (key, value) => {
        assert.deepEqual(leafHash(key, value), keccak256(concatBytes(Uint8Array.of(1), key, value)));
      }),
    );
  });

  it("internalHash is keccak256 of the 64 bytes left ‖ right", () => {
    fc.assert(
      fc.property(wordArb, wordArb, (left, right) => {
        assert.deepEqual(internalHash(left, right), keccak256(concatBytes(left, right)));
      }),
    );
  });

  it("matches a fixed vector", () => {
    // keccak256 of 65 bytes 0x01 ‖ 0x00*64 and of 64 zero bytes (the latter is a well-known constant).
    assert.equal(
      bytesToHex(internalHash(ZERO_HASH, ZERO_HASH)),
      "0xad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5",
    );
    assert.deepEqual(leafHash(ZERO_HASH, ZERO_HASH), keccak256(hexToBytes(`0x01${"00".repeat(64)}`)));
  });
});
