import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Hex, hexToBytes, keccak256 } from "viem";
import { bloomMayContain, logsBloomOf } from "./logsBloom.ts";

// A second formulation of the yellow paper's bloom (§4.3.1), as one 2048-bit integer: bit
// (first three 11-bit values of keccak) set, counting from the least significant bit.
function referenceBloom(items: Hex[]): Hex {
  let bloom = 0n;
  for (const item of items) {
    const hash = hexToBytes(keccak256(item));
    for (let i = 0; i < 6; i += 2) bloom |= 1n << BigInt(((hash[i]! << 8) | hash[i + 1]!) % 2048);
  }
  return `0x${bloom.toString(16).padStart(512, "0")}`;
}

describe("logs bloom", () => {
  const transfer: { address: Hex; topics: Hex[] } = {
    address: "0x4a1c70700102030405060708090a0b0c0d0e0f10",
    topics: [
      "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
      `0x${"00".repeat(12)}${"ab".repeat(20)}`,
      `0x${"00".repeat(12)}${"cd".repeat(20)}`,
    ],
  };

  it("sets the three bits of the address and of each topic", () => {
    assert.equal(logsBloomOf([transfer]), referenceBloom([transfer.address, ...transfer.topics]));
  });

  it("is empty without logs and accumulates over several", () => {
    assert.equal(logsBloomOf([]), `0x${"00".repeat(256)}`);
    const other = { address: "0x4a1c000000000000000000000000000000000001" as Hex, topics: [] };
    assert.equal(
      logsBloomOf([transfer, other]),
      referenceBloom([transfer.address, ...transfer.topics, other.address]),
    );
  });

  it("answers membership without false negatives", () => {
    const bloom = hexToBytes(logsBloomOf([transfer]));
    assert.ok(bloomMayContain(bloom, transfer.address));
    for (const t of transfer.topics) assert.ok(bloomMayContain(bloom, t));
  });
});
