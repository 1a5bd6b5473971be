import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesKey } from "./bytesKey.ts";

describe("bytesKey", () => {
  it("is the same for equal bytes wherever they sit, and differs for different bytes", () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const buffer = new Uint8Array(40);
    buffer.set(key, 3); // an odd offset
    assert.equal(bytesKey(buffer.subarray(3, 35)), bytesKey(key));
    const other = key.slice();
    other[31] = other[31]! ^ 1;
    assert.notEqual(bytesKey(other), bytesKey(key));
    assert.equal(bytesKey(key).length, 16);
  });
});
