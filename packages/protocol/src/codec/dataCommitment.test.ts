import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AbiCoder, concat, keccak256 as ethersKeccak, getBytes } from "ethers";
import { bytesToHex } from "../bytes.ts";
import { MAX_BATCH_BYTES } from "../constants.ts";
import {
  chunkCount,
  chunkLeaves,
  chunkProof,
  computeChunkRoot,
  computeDataRoot,
  verifyChunk,
} from "./dataCommitment.ts";
import { BatchTooLargeError, CodecArgumentError } from "./errors.ts";

// A naive reference built on another keccak (ethers'): all 128 leaves, every level, abi.encode.
function reference(data: Uint8Array): { root: string; levels: string[][] } {
  const zero = `0x${"00".repeat(32)}`;
  const leaves: string[] = [];
  for (let j = 0; j < 128; j++) {
    const chunk = data.subarray(j * 1024, Math.min((j + 1) * 1024, data.length));
    leaves.push(j * 1024 < data.length ? ethersKeccak(chunk) : zero);
  }
  const levels = [leaves];
  while (levels.at(-1)!.length > 1) {
    const below = levels.at(-1)!;
    const above: string[] = [];
    for (let i = 0; i < below.length; i += 2) above.push(ethersKeccak(concat([below[i]!, below[i + 1]!])));
    levels.push(above);
  }
  const root = ethersKeccak(
    AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256"], [levels[7]![0]!, data.length]),
  );
  return { root, levels };
}

function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe("data commitment", () => {
  for (const length of [0, 1, 1023, 1024, 1025, 2048, 5000, 120_000]) {
    it(`commits to ${length} bytes as §6.2 says, with proofs for every chunk`, () => {
      const data = pseudoRandomBytes(length, length + 7);
      const ref = reference(data);
      const dataRoot = computeDataRoot(data);
      assert.equal(bytesToHex(dataRoot), ref.root);
      assert.equal(bytesToHex(computeChunkRoot(data)), ref.levels[7]![0]);
      assert.equal(chunkLeaves(data).length, chunkCount(length));
      assert.equal(chunkCount(length), Math.ceil(length / 1024));
      for (let j = 0; j < chunkCount(length); j++) {
        const proof = chunkProof(data, j);
        assert.equal(proof.length, 7);
        // Bottom-up: proof[d] is the sibling of the path node at level d.
        for (const [d, p] of proof.entries()) assert.equal(bytesToHex(p), ref.levels[d]![(j >> d) ^ 1]);
        const chunk = data.slice(j * 1024, Math.min((j + 1) * 1024, length));
        assert.ok(verifyChunk(dataRoot, length, j, chunk, proof));
        // Tampering with anything fails.
        const flipped = chunk.slice();
        flipped[flipped.length - 1]! ^= 1;
        assert.equal(verifyChunk(dataRoot, length, j, flipped, proof), false);
        assert.equal(verifyChunk(dataRoot, length + 1, j, chunk, proof), false);
        assert.equal(verifyChunk(dataRoot, length, j ^ 1, chunk, proof), false);
        assert.equal(verifyChunk(dataRoot, length, j, chunk, proof.slice(0, 6)), false);
        const badProof = proof.map((p) => p.slice());
        badProof[6]![0]! ^= 1;
        assert.equal(verifyChunk(dataRoot, length, j, chunk, badProof), false);
        if (chunk.length < 1024) {
          const padded = new Uint8Array(1024);
          padded.set(chunk);
          assert.equal(
            verifyChunk(dataRoot, length, j, padded, proof),
            false,
            "the last chunk is not padded",
          );
        }
      }
      assert.throws(() => chunkProof(data, chunkCount(length)), CodecArgumentError);
      const zeros = Array.from({ length: 7 }, () => new Uint8Array(32));
      assert.equal(verifyChunk(dataRoot, length, chunkCount(length), new Uint8Array(0), zeros), false);
    });
  }

  it("roots the empty data in the all-zero tree", () => {
    const zero = new Uint8Array(32);
    let node: Uint8Array = zero;
    for (let d = 0; d < 7; d++) node = getBytes(ethersKeccak(concat([node, node])));
    assert.equal(bytesToHex(computeChunkRoot(new Uint8Array(0))), bytesToHex(node));
  });

  it("refuses data longer than MAX_BATCH_BYTES", () => {
    const data = new Uint8Array(MAX_BATCH_BYTES + 1);
    assert.throws(() => computeDataRoot(data), BatchTooLargeError);
    assert.throws(() => chunkLeaves(data), BatchTooLargeError);
    assert.throws(() => chunkProof(data, 0), BatchTooLargeError);
    assert.equal(verifyChunk(new Uint8Array(32), MAX_BATCH_BYTES + 1, 0, data.subarray(0, 1024), []), false);
  });
});
