import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeAbiParameters, type Hex, keccak256 } from "viem";
import { bytesToHex } from "../bytes.ts";
import { MIN_BASE_FEE } from "../constants.ts";
import { GENESIS_HEADER, stateRootOf } from "../state/stateHeader.ts";
import { blockHashOf, GENESIS_BLOCK, GENESIS_BLOCK_HASH, transactionsHashOf } from "./blockHash.ts";

// Checked against viem's ABI encoder and keccak: an independent implementation of docs/protocol.md §7.

describe("block hash", () => {
  const fields = {
    number: 7n,
    parentHash: `0x${"11".repeat(32)}` as Hex,
    timestamp: 1_700_000_123n,
    baseFee: 10_000_000n,
    stateRoot: `0x${"22".repeat(32)}` as Hex,
    transactionsHash: `0x${"33".repeat(32)}` as Hex,
    queueStart: 5n,
    queueCount: 2n,
  };

  it("is keccak(abi.encode(number, parentHash, timestamp, baseFee, stateRoot, transactionsHash, queueStart, queueCount))", () => {
    const expected = keccak256(
      encodeAbiParameters(
        [
          { type: "uint64" },
          { type: "bytes32" },
          { type: "uint256" },
          { type: "uint256" },
          { type: "bytes32" },
          { type: "bytes32" },
          { type: "uint64" },
          { type: "uint64" },
        ],
        [
          fields.number,
          fields.parentHash,
          fields.timestamp,
          fields.baseFee,
          fields.stateRoot,
          fields.transactionsHash,
          fields.queueStart,
          fields.queueCount,
        ],
      ),
    );
    assert.equal(blockHashOf(fields), expected);
  });

  it("commits to the transactions as keccak of their concatenated hashes", () => {
    const a = `0x${"aa".repeat(32)}` as Hex;
    const b = `0x${"bb".repeat(32)}` as Hex;
    assert.equal(transactionsHashOf([a, b]), keccak256(`0x${"aa".repeat(32)}${"bb".repeat(32)}`));
    assert.equal(transactionsHashOf([]), keccak256("0x"));
  });

  it("pins block 0: parent ZERO, timestamp 0, base fee MIN_BASE_FEE, no entries, the genesis state", () => {
    assert.deepEqual(GENESIS_BLOCK, {
      number: 0n,
      parentHash: `0x${"00".repeat(32)}`,
      timestamp: 0n,
      baseFee: MIN_BASE_FEE,
      stateRoot: bytesToHex(stateRootOf(GENESIS_HEADER)),
      transactionsHash: keccak256("0x"),
      queueStart: 0n,
      queueCount: 0n,
    });
    assert.equal(GENESIS_BLOCK_HASH, blockHashOf(GENESIS_BLOCK));
  });
});
