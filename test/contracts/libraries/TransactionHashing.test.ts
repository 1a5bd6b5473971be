// TransactionHashing.sol against the TypeScript signing hash and sender recovery
// (packages/protocol/src/tx), cross-checked with ethers v6: random fields with zero and maximal values,
// data of 0 to 1,024 bytes (and one far longer, for 3-byte RLP lengths), and the signature rules of
// docs/protocol.md §3.4 step 1.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeAddress, SigningKey, Transaction } from "ethers";
import fc from "fast-check";
import { network } from "hardhat";
import { parseAbi } from "viem";
import type { Address } from "../../../packages/protocol/src/bytes.ts";
import { recoverAddress } from "../../../packages/protocol/src/tx/recoverSender.ts";
import { signingHash } from "../../../packages/protocol/src/tx/signingHash.ts";
import {
  SECP256K1_HALF_N,
  SECP256K1_N,
  type TransactionFields,
} from "../../../packages/protocol/src/tx/transaction.ts";
import { bytesToHex, createRng, deployHarness, type Hex, hexToBytes } from "./helpers.ts";

const abi = parseAbi([
  "struct Fields { uint8 txType; uint256 chainId; uint64 nonce; uint256 tip; uint256 maxFee; uint64 gasLimit; address to; uint256 value; bytes data; }",
  "function signingHash(Fields fields) pure returns (bytes32)",
  "function signingHashes(Fields[] fields) pure returns (bytes32[] hashes)",
  "function recover(bytes32 digest, uint256 yParity, uint256 r, uint256 s) view returns (address)",
  "function sender(Fields fields, uint256 yParity, uint256 r, uint256 s) view returns (address)",
  "function recoverWithGas(uint256 gasBudget, bytes32 digest, uint256 yParity, uint256 r, uint256 s) view returns (bool success, bytes result)",
  "function gasSigningHash(Fields fields) view returns (bytes32 hash, uint256 gasUsed)",
  "function gasSender(Fields fields, uint256 yParity, uint256 r, uint256 s) view returns (address signer, uint256 gasUsed)",
  "error UnsupportedTransactionType(uint8 txType)",
  "error EcrecoverCallFailed()",
]);

const { viem } = await network.create();
const harness = await deployHarness(viem, "TransactionHashingHarness", abi);

const MAX64 = (1n << 64n) - 1n;
const MAX256 = (1n << 256n) - 1n;

/** The Solidity struct's shape. */
type AbiFields = {
  txType: number;
  chainId: bigint;
  nonce: bigint;
  tip: bigint;
  maxFee: bigint;
  gasLimit: bigint;
  to: Address;
  value: bigint;
  data: Hex;
};

function toAbi(tx: TransactionFields, legacyTip?: bigint): AbiFields {
  return {
    txType: tx.type,
    chainId: tx.chainId,
    nonce: tx.nonce,
    // A legacy transaction's tip is not signed: any value must give the same hash.
    tip: tx.type === 0 && legacyTip !== undefined ? legacyTip : tx.maxPriorityFeePerGas,
    maxFee: tx.maxFeePerGas,
    gasLimit: tx.gasLimit,
    to: tx.to,
    value: tx.value,
    data: bytesToHex(tx.data),
  };
}

/** Integers of every RLP length class: 0, 1..0x7f, 0x80, 0xff, 0x100, random widths, the maximum. */
function uintArb(bits: number): fc.Arbitrary<bigint> {
  const max = (1n << BigInt(bits)) - 1n;
  return fc.oneof(
    fc.constantFrom(0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, max),
    fc
      .integer({ min: 1, max: bits })
      .chain((width) => fc.bigInt({ min: 1n << BigInt(width - 1), max: (1n << BigInt(width)) - 1n })),
  );
}

/** Data of every RLP length class: empty, one byte below/above 0x80, 55/56 bytes, 255/256, up to 1,024. */
const dataArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.constantFrom(0, 1, 55, 56, 255, 256, 1024).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
  fc.integer({ min: 0, max: 0x7f }).map((b) => Uint8Array.of(b)),
  fc.integer({ min: 0x80, max: 0xff }).map((b) => Uint8Array.of(b)),
  fc.uint8Array({ minLength: 0, maxLength: 1024 }),
);

const fieldsArb: fc.Arbitrary<TransactionFields> = fc
  .record({
    type: fc.constantFrom<0 | 2>(0, 2),
    chainId: fc.oneof(fc.constantFrom(1n, 424242n, MAX64), uintArb(64)),
    nonce: uintArb(64),
    tip: uintArb(256),
    maxFee: uintArb(256),
    gasLimit: uintArb(64),
    to: fc.oneof(fc.constant(new Uint8Array(20)), fc.uint8Array({ minLength: 20, maxLength: 20 })),
    value: uintArb(256),
    data: dataArb,
  })
  .map((f) => ({
    type: f.type,
    chainId: f.chainId,
    nonce: f.nonce,
    maxPriorityFeePerGas: f.type === 0 ? f.maxFee : f.tip,
    maxFeePerGas: f.maxFee,
    gasLimit: f.gasLimit,
    to: bytesToHex(f.to),
    value: f.value,
    data: f.data,
  }));

/**
 * ethers v6's signing hash of the same fields, where ethers can express them: its nonce is a JS
 * number, chain id 0 means pre-EIP-155 to it, and it refuses a tip above the max fee.
 */
function ethersSigningHash(tx: TransactionFields): Hex | null {
  if (tx.nonce > BigInt(Number.MAX_SAFE_INTEGER) || tx.chainId === 0n) return null;
  if (tx.maxPriorityFeePerGas > tx.maxFeePerGas) return null;
  const common = {
    chainId: tx.chainId,
    nonce: Number(tx.nonce),
    gasLimit: tx.gasLimit,
    to: tx.to,
    value: tx.value,
    data: bytesToHex(tx.data),
  };
  const t =
    tx.type === 2
      ? Transaction.from({
          ...common,
          type: 2,
          maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
          maxFeePerGas: tx.maxFeePerGas,
          accessList: [],
        })
      : Transaction.from({ ...common, type: 0, gasPrice: tx.maxFeePerGas });
  return t.unsignedHash as Hex;
}

/** §3.4 step 1 in TypeScript: the range rules, then recovery. */
function specSender(hash: Uint8Array, yParity: bigint, r: bigint, s: bigint): Address {
  const none: Address = `0x${"00".repeat(20)}`;
  if (yParity > 1n || r === 0n || r >= SECP256K1_N || s === 0n || s > SECP256K1_HALF_N) return none;
  return recoverAddress(hash, yParity === 0n ? 0 : 1, r, s) ?? none;
}

function signerOf(key: SigningKey): string {
  return computeAddress(key.publicKey).toLowerCase();
}

const transfer: TransactionFields = {
  type: 2,
  chainId: 424242n,
  nonce: 7n,
  maxPriorityFeePerGas: 1_000_000n,
  maxFeePerGas: 20_000_000_000n,
  gasLimit: 21_000n,
  to: "0x00000000000000000000000000000000000003e8",
  value: 10n ** 17n,
  data: new Uint8Array(0),
};

describe("TransactionHashing", () => {
  it("computes the signing hash of the TS package and of ethers over random fields", async () => {
    const samples = fc.sample(fieldsArb, { seed: 41, numRuns: 1000 });
    let ethersChecked = 0;
    for (let i = 0; i < samples.length; i += 50) {
      const batch = samples.slice(i, i + 50);
      const hashes = await harness.read.signingHashes([batch.map((tx) => toAbi(tx, tx.maxFeePerGas ^ 1n))]);
      batch.forEach((tx, j) => {
        const expected = bytesToHex(signingHash(tx));
        assert.equal(hashes[j], expected, `sample ${i + j}`);
        const viaEthers = ethersSigningHash(tx);
        if (viaEthers !== null) {
          assert.equal(viaEthers, expected, `ethers disagrees with the TS package on sample ${i + j}`);
          ethersChecked++;
        }
      });
    }
    assert.ok(ethersChecked > 400, `only ${ethersChecked} samples were checked against ethers`);
  });

  it("hashes data long enough for 3-byte RLP lengths", async () => {
    const rng = createRng(42);
    for (const type of [0, 2] as const) {
      const tx: TransactionFields = {
        ...transfer,
        type,
        maxPriorityFeePerGas: transfer.maxFeePerGas,
        data: rng.bytes(70_000),
      };
      assert.equal(await harness.read.signingHash([toAbi(tx)]), bytesToHex(signingHash(tx)));
      assert.equal(await harness.read.signingHash([toAbi(tx)]), ethersSigningHash(tx));
    }
  });

  it("refuses transaction types other than 0 and 2", async () => {
    for (const txType of [1, 3, 4, 0x7f]) {
      await assert.rejects(
        harness.read.signingHash([{ ...toAbi(transfer), txType }]),
        /UnsupportedTransactionType/,
      );
    }
  });

  it("recovers the sender of signed transactions, as the TS package does", async () => {
    const rng = createRng(43);
    const samples = fc.sample(fieldsArb, { seed: 44, numRuns: 40 });
    for (const tx of samples) {
      const key = new SigningKey(bytesToHex(rng.bytes(32)));
      const hash = signingHash(tx);
      const sig = key.sign(hash);
      const r = BigInt(sig.r);
      const s = BigInt(sig.s);
      const parity = BigInt(sig.yParity);
      const expected = recoverAddress(hash, sig.yParity, r, s);
      assert.equal(expected, signerOf(key));
      const got = await harness.read.sender([toAbi(tx), parity, r, s]);
      assert.equal(got.toLowerCase(), expected);
    }
  });

  it("applies the signature rules of §3.4 step 1: ranges, low s, parity, unrecoverable r", async () => {
    const rng = createRng(45);
    const key = new SigningKey(bytesToHex(rng.bytes(32)));
    const hash = signingHash(transfer);
    const sig = key.sign(hash);
    const r = BigInt(sig.r);
    const s = BigInt(sig.s);
    const y = BigInt(sig.yParity);
    const cases: [string, bigint, bigint, bigint][] = [
      ["valid", y, r, s],
      ["wrong parity", 1n - y, r, s],
      ["parity 2", 2n, r, s],
      ["parity 27", 27n, r, s],
      ["high s (the same signature, malleated)", 1n - y, r, SECP256K1_N - s],
      ["s = n/2 + 1", y, r, SECP256K1_HALF_N + 1n],
      ["s = n/2", y, r, SECP256K1_HALF_N],
      ["r = 0", y, 0n, s],
      ["s = 0", y, r, 0n],
      ["r = n", y, SECP256K1_N, s],
      ["r = n + 1", y, SECP256K1_N + 1n, s],
      ["r = 2^256 - 1", y, MAX256, s],
      ["r = n - 1", y, SECP256K1_N - 1n, s],
    ];
    // Random r: about half are not the x coordinate of a curve point, so recover nothing.
    for (let i = 0; i < 12; i++)
      cases.push([`random r #${i}`, BigInt(rng.int(2)), rng.bigint(255), 1n + rng.bigint(254)]);
    let recoveredNothing = 0;
    for (const [label, yParity, rr, ss] of cases) {
      const expected = specSender(hash, yParity, rr, ss);
      const got = (await harness.read.recover([bytesToHex(hash), yParity, rr, ss])).toLowerCase();
      assert.equal(got, expected, label);
      if (label.startsWith("random") && expected === `0x${"00".repeat(20)}`) recoveredNothing++;
    }
    assert.equal((await harness.read.recover([bytesToHex(hash), y, r, s])).toLowerCase(), signerOf(key));
    assert.ok(recoveredNothing > 0, "expected some random r to recover no key");
  });

  it("never reports 'no sender' because the precompile ran out of gas", async () => {
    const rng = createRng(46);
    const key = new SigningKey(bytesToHex(rng.bytes(32)));
    const hash = signingHash(transfer);
    const sig = key.sign(hash);
    const args = [bytesToHex(hash), BigInt(sig.yParity), BigInt(sig.r), BigInt(sig.s)] as const;
    const signer = signerOf(key);
    let starved = 0;
    for (let budget = 2_000n; budget <= 8_000n; budget += 250n) {
      const [success, result] = await harness.read.recoverWithGas([budget, ...args]);
      if (!success) {
        starved++;
        continue;
      }
      assert.equal(`0x${result.slice(26)}`, signer, `gas budget ${budget}`);
    }
    assert.ok(starved > 0);
  });

  it("reports gas per operation", async (t) => {
    const rng = createRng(47);
    const key = new SigningKey(bytesToHex(rng.bytes(32)));
    const cases: [string, TransactionFields][] = [
      ["EIP-1559 ETH transfer", transfer],
      ["legacy ETH transfer", { ...transfer, type: 0, maxPriorityFeePerGas: transfer.maxFeePerGas }],
      ["EIP-1559, 68-byte token transfer data", { ...transfer, data: rng.bytes(68) }],
      ["EIP-1559, 1,024 bytes of data", { ...transfer, data: rng.bytes(1024) }],
    ];
    for (const [label, tx] of cases) {
      const [hash, hashGas] = await harness.read.gasSigningHash([toAbi(tx)]);
      assert.equal(hash, bytesToHex(signingHash(tx)));
      const sig = key.sign(hexToBytes(hash));
      const [signer, senderGas] = await harness.read.gasSender([
        toAbi(tx),
        BigInt(sig.yParity),
        BigInt(sig.r),
        BigInt(sig.s),
      ]);
      assert.equal(signer.toLowerCase(), signerOf(key));
      t.diagnostic(`${label}: signingHash ${hashGas}, signingHash + ecrecover ${senderGas}`);
    }
  });
});
