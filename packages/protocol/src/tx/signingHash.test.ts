import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Signature, Transaction } from "ethers";
import fc from "fast-check";
import { serializeTransaction, keccak256 as viemKeccak256 } from "viem";
import { type Address, bigintToHex32, bytesToHex } from "../bytes.ts";
import {
  encodeSignedTransaction,
  encodeSigningPayload,
  signingHash,
  TransactionEncodeError,
} from "./signingHash.ts";
import { SECP256K1_HALF_N, type TransactionFields, type TransactionSignature } from "./transaction.ts";

const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });

/** Random fields within what ethers represents (number nonce), with a random low-s signature. */
const signedFields: fc.Arbitrary<TransactionFields & TransactionSignature> = fc
  .record({
    type: fc.constantFrom(0 as const, 2 as const),
    chainId: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
    nonce: fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }),
    fees: fc.tuple(uint256, uint256).map(([a, b]): [bigint, bigint] => (a <= b ? [a, b] : [b, a])),
    gasLimit: uint64,
    to: fc.uint8Array({ minLength: 20, maxLength: 20 }).map(bytesToHex),
    value: uint256,
    data: fc.uint8Array({ maxLength: 200 }),
    yParity: fc.constantFrom(0 as const, 1 as const),
    r: fc.bigInt({ min: 1n, max: SECP256K1_HALF_N }),
    s: fc.bigInt({ min: 1n, max: SECP256K1_HALF_N }),
  })
  .map(({ fees, ...f }) => ({
    ...f,
    maxPriorityFeePerGas: f.type === 0 ? fees[1] : fees[0],
    maxFeePerGas: fees[1],
  }));

function toEthers(tx: TransactionFields & TransactionSignature, signed: boolean): Transaction {
  return Transaction.from({
    type: tx.type,
    chainId: tx.chainId,
    nonce: Number(tx.nonce),
    gasLimit: tx.gasLimit,
    to: tx.to,
    value: tx.value,
    data: bytesToHex(tx.data),
    ...(tx.type === 2
      ? { maxPriorityFeePerGas: tx.maxPriorityFeePerGas, maxFeePerGas: tx.maxFeePerGas, accessList: [] }
      : { gasPrice: tx.maxFeePerGas }),
    ...(signed
      ? { signature: Signature.from({ r: bigintToHex32(tx.r), s: bigintToHex32(tx.s), v: 27 + tx.yParity }) }
      : {}),
  });
}

const BASE: TransactionFields = {
  type: 2,
  chainId: 424242n,
  nonce: 1n,
  maxPriorityFeePerGas: 1n,
  maxFeePerGas: 2n,
  gasLimit: 21000n,
  to: `0x${"ab".repeat(20)}`,
  value: 3n,
  data: new Uint8Array(0),
};
const SIGNATURE: TransactionSignature = { yParity: 0, r: 1n, s: 1n };

describe("signingHash", () => {
  it("matches ethers' unsigned serialization and hash for both types", () => {
    fc.assert(
      fc.property(signedFields, (tx) => {
        const reference = toEthers(tx, false);
        assert.equal(bytesToHex(encodeSigningPayload(tx)), reference.unsignedSerialized);
        assert.equal(bytesToHex(signingHash(tx)), reference.unsignedHash);
      }),
      { numRuns: 300 },
    );
  });

  it("matches viem's unsigned serialization for both types", () => {
    fc.assert(
      fc.property(signedFields, (tx) => {
        fc.pre(tx.chainId <= BigInt(Number.MAX_SAFE_INTEGER));
        const common = {
          chainId: Number(tx.chainId),
          nonce: Number(tx.nonce),
          gas: tx.gasLimit,
          to: tx.to,
          value: tx.value,
          data: bytesToHex(tx.data),
        };
        const serialized =
          tx.type === 2
            ? serializeTransaction({
                ...common,
                type: "eip1559",
                maxFeePerGas: tx.maxFeePerGas,
                maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
              })
            : serializeTransaction({ ...common, type: "legacy", gasPrice: tx.maxFeePerGas });
        assert.equal(bytesToHex(signingHash(tx)), viemKeccak256(serialized));
      }),
      { numRuns: 300 },
    );
  });
});

describe("encodeSignedTransaction", () => {
  it("matches ethers' signed serialization for both types", () => {
    fc.assert(
      fc.property(signedFields, (tx) => {
        assert.equal(bytesToHex(encodeSignedTransaction(tx)), toEthers(tx, true).serialized);
      }),
      { numRuns: 300 },
    );
  });

  it("accepts a mixed-case `to` and writes the same bytes", () => {
    const lower = encodeSignedTransaction({
      ...BASE,
      ...SIGNATURE,
      to: "0xabcdef0123456789abcdef0123456789abcdef01",
    });
    const mixed = encodeSignedTransaction({
      ...BASE,
      ...SIGNATURE,
      to: "0xABCDEF0123456789abcdef0123456789ABCDEF01",
    });
    assert.deepEqual(mixed, lower);
  });

  const refusals: Array<[string, TransactionFields & TransactionSignature, string]> = [
    ["a negative nonce", { ...BASE, ...SIGNATURE, nonce: -1n }, "nonce"],
    ["a nonce of 2^64", { ...BASE, ...SIGNATURE, nonce: 2n ** 64n }, "nonce"],
    ["a chain id of 2^64", { ...BASE, ...SIGNATURE, chainId: 2n ** 64n }, "chainId"],
    ["a gas limit of 2^64", { ...BASE, ...SIGNATURE, gasLimit: 2n ** 64n }, "gasLimit"],
    ["a value of 2^256", { ...BASE, ...SIGNATURE, value: 2n ** 256n }, "value"],
    ["a max fee of 2^256", { ...BASE, ...SIGNATURE, maxFeePerGas: 2n ** 256n }, "maxFeePerGas"],
    ["a short `to`", { ...BASE, ...SIGNATURE, to: "0xabcd" as Address }, "to"],
    ["a `to` with a non-hex digit", { ...BASE, ...SIGNATURE, to: `0x${"g".repeat(40)}` as Address }, "to"],
    ["a `to` without 0x", { ...BASE, ...SIGNATURE, to: `00${"a".repeat(40)}` as Address }, "to"],
    [
      "a legacy tip that differs from its gas price",
      { ...BASE, ...SIGNATURE, type: 0 },
      "maxPriorityFeePerGas",
    ],
    ["yParity 2", { ...BASE, ...SIGNATURE, yParity: 2 as 0 }, "yParity"],
    ["r of 2^256", { ...BASE, ...SIGNATURE, r: 2n ** 256n }, "r"],
    ["a negative s", { ...BASE, ...SIGNATURE, s: -1n }, "s"],
  ];
  for (const [what, tx, field] of refusals) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => encodeSignedTransaction(tx),
        (error: unknown) => error instanceof TransactionEncodeError && error.field === field,
      );
    });
  }

  it("refuses bad fields in signingHash too", () => {
    assert.throws(() => signingHash({ ...BASE, nonce: -5n }), TransactionEncodeError);
  });
});
