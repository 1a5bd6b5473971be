import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Transaction, Wallet } from "ethers";
import fc from "fast-check";
import { parseTransaction, keccak256 as viemKeccak256 } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { bigintToMinimalBytes, bytesToHex, concatBytes, hexToBytes } from "../bytes.ts";
import { MAX_RAW_TX_BYTES, MAX_TX_DATA_BYTES } from "../constants.ts";
import { keccak256 } from "../crypto/keccak.ts";
import {
  decodeTransaction,
  TransactionDecodeError,
  type TransactionDecodeReason,
} from "./decodeTransaction.ts";
import { recoverAddress, recoverSender } from "./recoverSender.ts";
import { encodeRlp, type RlpErrorReason, type RlpInput, rlpHeaderLength, writeRlpListHeader } from "./rlp.ts";
import { encodeSignedTransaction, signingHash } from "./signingHash.ts";
import { addressOfPrivateKey, signTransactionForTest, testPrivateKey } from "./testing.ts";
import { SECP256K1_HALF_N, SECP256K1_N, type TransactionFields } from "./transaction.ts";

const CHAIN_ID = 424242n;
const PRIVATE_KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const wallet = new Wallet(PRIVATE_KEY);
const viemAccount = privateKeyToAccount(PRIVATE_KEY);
const SENDER = wallet.address.toLowerCase();

const u = (v: bigint) => bigintToMinimalBytes(v);

function expectDecodeError(
  raw: Uint8Array,
  reason: TransactionDecodeReason,
  more: { rlpReason?: RlpErrorReason; field?: string; chainId?: bigint } = {},
): void {
  assert.throws(
    () => decodeTransaction(raw, more.chainId ?? CHAIN_ID),
    (error: unknown) => {
      assert.ok(
        error instanceof TransactionDecodeError,
        `expected TransactionDecodeError, got ${String(error)}`,
      );
      assert.equal(error.name, "TransactionDecodeError");
      assert.equal(error.reason, reason, error.message);
      if (more.rlpReason !== undefined) assert.equal(error.rlpReason, more.rlpReason);
      if (more.field !== undefined) assert.equal(error.field, more.field);
      return true;
    },
  );
}

/** A list of already-encoded items (so that a test can put a non-canonical one in), after `prefix`. */
function rawFromEncodedItems(prefix: number[], items: Uint8Array[]): Uint8Array {
  const payload = concatBytes(...items);
  const header = new Uint8Array(rlpHeaderLength(payload.length));
  writeRlpListHeader(header, 0, payload.length);
  return concatBytes(Uint8Array.from(prefix), header, payload);
}

const EIP1559_NAMES = [
  "chainId",
  "nonce",
  "maxPriorityFeePerGas",
  "maxFeePerGas",
  "gasLimit",
  "to",
  "value",
  "data",
  "accessList",
  "yParity",
  "r",
  "s",
] as const;
const LEGACY_NAMES = ["nonce", "gasPrice", "gasLimit", "to", "value", "data", "v", "r", "s"] as const;
type Eip1559Name = (typeof EIP1559_NAMES)[number];
type LegacyName = (typeof LEGACY_NAMES)[number];

const TO = hexToBytes(`0x${"ab".repeat(20)}`);

/** Encoded items of a well-formed EIP-1559 transaction (any signature in range), with overrides. */
function eip1559Items(overrides: Partial<Record<Eip1559Name, RlpInput | Uint8Array>> = {}): Uint8Array[] {
  const defaults: Record<Eip1559Name, RlpInput> = {
    chainId: u(CHAIN_ID),
    nonce: u(7n),
    maxPriorityFeePerGas: u(10n ** 9n),
    maxFeePerGas: u(2n * 10n ** 10n),
    gasLimit: u(21_000n),
    to: TO,
    value: u(10n ** 18n),
    data: hexToBytes("0x1234"),
    accessList: [],
    yParity: u(1n),
    r: u(12345n),
    s: u(67890n),
  };
  return EIP1559_NAMES.map((name) => encodeRlp(overrides[name] ?? defaults[name]));
}

function legacyItems(overrides: Partial<Record<LegacyName, RlpInput>> = {}): Uint8Array[] {
  const defaults: Record<LegacyName, RlpInput> = {
    nonce: u(7n),
    gasPrice: u(2n * 10n ** 10n),
    gasLimit: u(21_000n),
    to: TO,
    value: u(10n ** 18n),
    data: new Uint8Array(0),
    v: u(CHAIN_ID * 2n + 36n),
    r: u(12345n),
    s: u(67890n),
  };
  return LEGACY_NAMES.map((name) => encodeRlp(overrides[name] ?? defaults[name]));
}

const eip1559Raw = (overrides: Partial<Record<Eip1559Name, RlpInput>> = {}) =>
  rawFromEncodedItems([2], eip1559Items(overrides));
const legacyRaw = (overrides: Partial<Record<LegacyName, RlpInput>> = {}) =>
  rawFromEncodedItems([], legacyItems(overrides));

// ---------------------------------------------------------------------------------------------------
// Arbitraries

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map(bytesToHex);
const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const orderedFees = fc.tuple(uint256, uint256).map(([a, b]): [bigint, bigint] => (a <= b ? [a, b] : [b, a]));
const data = fc.uint8Array({ maxLength: 300 });

/** Fields within what ethers and viem accept (number nonce and chain id). */
const libraryFields = fc.record({
  type: fc.constantFrom(0 as const, 2 as const),
  chainId: fc.bigInt({ min: 1n, max: 2n ** 31n }),
  nonce: fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }),
  fees: orderedFees,
  gasLimit: uint64,
  to: address,
  value: uint256,
  data,
});

/** Every field over its whole accepted range. */
const fullRangeFields: fc.Arbitrary<TransactionFields> = fc
  .record({
    type: fc.constantFrom(0 as const, 2 as const),
    chainId: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
    nonce: uint64,
    fees: orderedFees,
    gasLimit: uint64,
    to: address,
    value: uint256,
    data: fc.uint8Array({ maxLength: MAX_TX_DATA_BYTES }),
  })
  .map(({ fees, ...f }) => ({
    ...f,
    maxPriorityFeePerGas: f.type === 0 ? fees[1] : fees[0],
    maxFeePerGas: fees[1],
  }));

function assertFields(tx: ReturnType<typeof decodeTransaction>, expected: TransactionFields): void {
  assert.equal(tx.type, expected.type);
  assert.equal(tx.chainId, expected.chainId);
  assert.equal(tx.nonce, expected.nonce);
  assert.equal(tx.maxPriorityFeePerGas, expected.maxPriorityFeePerGas);
  assert.equal(tx.maxFeePerGas, expected.maxFeePerGas);
  assert.equal(tx.gasLimit, expected.gasLimit);
  assert.equal(tx.to, expected.to);
  assert.equal(tx.value, expected.value);
  assert.equal(bytesToHex(tx.data), bytesToHex(expected.data));
}

// ---------------------------------------------------------------------------------------------------

describe("decodeTransaction against ethers and viem", () => {
  it("decodes ethers-signed transactions of both types: same fields, hash, signing hash, sender", async () => {
    await fc.assert(
      fc.asyncProperty(libraryFields, async (f) => {
        const [tip, maxFee] = f.fees;
        const common = {
          chainId: f.chainId,
          nonce: Number(f.nonce),
          gasLimit: f.gasLimit,
          to: f.to,
          value: f.value,
          data: bytesToHex(f.data),
        };
        const rawHex =
          f.type === 2
            ? await wallet.signTransaction({
                ...common,
                type: 2,
                maxPriorityFeePerGas: tip,
                maxFeePerGas: maxFee,
              })
            : await wallet.signTransaction({ ...common, type: 0, gasPrice: maxFee });
        const raw = hexToBytes(rawHex);
        const tx = decodeTransaction(raw, f.chainId);
        const parsed = Transaction.from(rawHex);
        assertFields(tx, {
          type: f.type,
          chainId: f.chainId,
          nonce: f.nonce,
          maxPriorityFeePerGas: f.type === 2 ? tip : maxFee,
          maxFeePerGas: maxFee,
          gasLimit: f.gasLimit,
          to: f.to,
          value: f.value,
          data: f.data,
        });
        assert.equal(tx.hash, parsed.hash);
        assert.equal(bytesToHex(signingHash(tx)), parsed.unsignedHash);
        assert.equal(tx.yParity, parsed.signature!.yParity);
        assert.equal(tx.r, BigInt(parsed.signature!.r));
        assert.equal(tx.s, BigInt(parsed.signature!.s));
        assert.equal(recoverSender(tx), SENDER);
        assert.equal(bytesToHex(encodeSignedTransaction(tx)), rawHex);
      }),
      { numRuns: 60 },
    );
  });

  it("decodes viem-signed transactions of both types: same fields, hash, sender", async () => {
    await fc.assert(
      fc.asyncProperty(libraryFields, async (f) => {
        const [tip, maxFee] = f.fees;
        const common = {
          chainId: Number(f.chainId),
          nonce: Number(f.nonce),
          gas: f.gasLimit,
          to: f.to,
          value: f.value,
          data: bytesToHex(f.data),
        };
        const rawHex =
          f.type === 2
            ? await viemAccount.signTransaction({
                ...common,
                type: "eip1559",
                maxPriorityFeePerGas: tip,
                maxFeePerGas: maxFee,
              })
            : await viemAccount.signTransaction({ ...common, type: "legacy", gasPrice: maxFee });
        const tx = decodeTransaction(hexToBytes(rawHex), f.chainId);
        const parsed = parseTransaction(rawHex);
        assert.equal(tx.type, parsed.type === "eip1559" ? 2 : 0);
        assert.equal(tx.nonce, BigInt(parsed.nonce ?? 0));
        assert.equal(tx.gasLimit, parsed.gas ?? 0n);
        assert.equal(tx.value, parsed.value ?? 0n);
        assert.equal(tx.to, parsed.to?.toLowerCase());
        assert.equal(tx.maxFeePerGas, maxFee);
        assert.equal(tx.maxPriorityFeePerGas, f.type === 2 ? tip : maxFee);
        assert.equal(bytesToHex(tx.data), bytesToHex(f.data));
        assert.equal(tx.r, BigInt(parsed.r!));
        assert.equal(tx.s, BigInt(parsed.s!));
        assert.equal(tx.hash, viemKeccak256(rawHex));
        assert.equal(recoverSender(tx), SENDER);
        assert.equal(bytesToHex(encodeSignedTransaction(tx)), rawHex);
      }),
      { numRuns: 60 },
    );
  });

  it("round-trips every field over its whole range, and recovers the signer", () => {
    const key = testPrivateKey(3);
    const signer = addressOfPrivateKey(key);
    assert.equal(signer, new Wallet(bytesToHex(key)).address.toLowerCase());
    fc.assert(
      fc.property(fullRangeFields, (fields) => {
        const { raw, tx: signed } = signTransactionForTest(fields, key);
        const tx = decodeTransaction(raw, fields.chainId);
        assertFields(tx, fields);
        assert.equal(tx.hash, bytesToHex(keccak256(raw)));
        assert.equal(tx.hash, signed.hash);
        assert.equal(bytesToHex(encodeSignedTransaction(tx)), bytesToHex(raw));
        assert.equal(recoverSender(tx), signer);
        // ethers' parser agrees on the envelope hash wherever it can represent the nonce.
        if (tx.nonce <= BigInt(Number.MAX_SAFE_INTEGER))
          assert.equal(Transaction.from(bytesToHex(raw)).hash, tx.hash);
      }),
      { numRuns: 150 },
    );
  });
});

describe("decodeTransaction: accepted forms", () => {
  it("decodes a hand-built EIP-1559 transaction", () => {
    const raw = eip1559Raw();
    const tx = decodeTransaction(raw, CHAIN_ID);
    assert.deepEqual(
      { ...tx, data: bytesToHex(tx.data) },
      {
        type: 2,
        chainId: CHAIN_ID,
        nonce: 7n,
        maxPriorityFeePerGas: 10n ** 9n,
        maxFeePerGas: 2n * 10n ** 10n,
        gasLimit: 21_000n,
        to: `0x${"ab".repeat(20)}`,
        value: 10n ** 18n,
        data: "0x1234",
        yParity: 1,
        r: 12345n,
        s: 67890n,
        hash: bytesToHex(keccak256(raw)),
      },
    );
  });

  it("decodes a legacy EIP-155 transaction with both fees set to gasPrice and a type 0 marker", () => {
    const tx = decodeTransaction(legacyRaw({ v: u(CHAIN_ID * 2n + 35n) }), CHAIN_ID);
    assert.equal(tx.type, 0);
    assert.equal(tx.chainId, CHAIN_ID);
    assert.equal(tx.yParity, 0);
    assert.equal(tx.maxFeePerGas, 2n * 10n ** 10n);
    assert.equal(tx.maxPriorityFeePerGas, 2n * 10n ** 10n);
    assert.equal(decodeTransaction(legacyRaw(), CHAIN_ID).yParity, 1);
  });

  it("lower-cases `to` and copies `data` out of the input", () => {
    const raw = eip1559Raw({ to: hexToBytes("0xABCDEF0123456789ABCDEF0123456789ABCDEF01") });
    const tx = decodeTransaction(raw, CHAIN_ID);
    assert.equal(tx.to, "0xabcdef0123456789abcdef0123456789abcdef01");
    raw.fill(0);
    assert.equal(bytesToHex(tx.data), "0x1234");
  });

  it("accepts the extremes of every range", () => {
    const tx = decodeTransaction(
      eip1559Raw({
        nonce: u(2n ** 64n - 1n),
        gasLimit: u(2n ** 64n - 1n),
        maxPriorityFeePerGas: u(2n ** 256n - 1n),
        maxFeePerGas: u(2n ** 256n - 1n),
        value: u(2n ** 256n - 1n),
        data: new Uint8Array(MAX_TX_DATA_BYTES),
        r: u(SECP256K1_N - 1n),
        s: u(SECP256K1_HALF_N),
        yParity: u(0n),
      }),
      CHAIN_ID,
    );
    assert.equal(tx.nonce, 2n ** 64n - 1n);
    assert.equal(tx.s, SECP256K1_HALF_N);
    const maxChain = 2n ** 64n - 1n;
    assert.equal(decodeTransaction(eip1559Raw({ chainId: u(maxChain) }), maxChain).chainId, maxChain);
    assert.equal(decodeTransaction(legacyRaw({ v: u(maxChain * 2n + 36n) }), maxChain).chainId, maxChain);
    assert.equal(decodeTransaction(eip1559Raw({ nonce: u(0n), value: u(0n) }), CHAIN_ID).nonce, 0n);
  });
});

describe("decodeTransaction: refusals", () => {
  it("refuses more than MAX_RAW_TX_BYTES bytes as too-large", () => {
    expectDecodeError(new Uint8Array(MAX_RAW_TX_BYTES + 1).fill(2), "too-large");
    expectDecodeError(concatBytes(eip1559Raw(), new Uint8Array(MAX_RAW_TX_BYTES)), "too-large");
  });

  it("refuses every transaction type but 0x02 as unsupported-type", () => {
    for (const type of [0x00, 0x01, 0x03, 0x04, 0x05, 0x7e, 0x7f]) {
      expectDecodeError(rawFromEncodedItems([type], eip1559Items()), "unsupported-type");
    }
    expectDecodeError(Uint8Array.of(0x01), "unsupported-type");
  });

  it("refuses an EIP-2930 transaction signed by ethers, and a blob-typed envelope", async () => {
    const raw = await wallet.signTransaction({
      type: 1,
      chainId: CHAIN_ID,
      gasPrice: 1n,
      gasLimit: 21000n,
      to: wallet.address,
    });
    expectDecodeError(hexToBytes(raw), "unsupported-type");
    const blobLike = rawFromEncodedItems(
      [3],
      [...eip1559Items().slice(0, 9), encodeRlp(u(1n)), encodeRlp([]), ...eip1559Items().slice(9)],
    );
    expectDecodeError(blobLike, "unsupported-type");
  });

  it("refuses empty input and a top-level string as malformed-rlp", () => {
    expectDecodeError(new Uint8Array(0), "malformed-rlp", { rlpReason: "empty-input" });
    expectDecodeError(Uint8Array.of(0x02), "malformed-rlp", { rlpReason: "empty-input" });
    expectDecodeError(hexToBytes("0x83646f67"), "malformed-rlp", { rlpReason: "expected-list" });
    expectDecodeError(hexToBytes("0x0283646f67"), "malformed-rlp", { rlpReason: "expected-list" });
  });

  it("refuses a leading zero in an integer field (malformed-rlp, leading-zero-integer)", () => {
    expectDecodeError(eip1559Raw({ nonce: hexToBytes("0x0007") }), "malformed-rlp", {
      rlpReason: "leading-zero-integer",
      field: "nonce",
    });
    expectDecodeError(eip1559Raw({ value: hexToBytes("0x00") }), "malformed-rlp", {
      rlpReason: "leading-zero-integer",
      field: "value",
    });
    expectDecodeError(eip1559Raw({ s: concatBytes(Uint8Array.of(0), u(67890n)) }), "malformed-rlp", {
      rlpReason: "leading-zero-integer",
      field: "s",
    });
    expectDecodeError(
      legacyRaw({ v: concatBytes(Uint8Array.of(0), u(CHAIN_ID * 2n + 35n)) }),
      "malformed-rlp",
      {
        rlpReason: "leading-zero-integer",
        field: "v",
      },
    );
    // `to` and `data` are byte strings, not integers: leading zeros are theirs to have.
    const tx = decodeTransaction(
      eip1559Raw({ to: new Uint8Array(20), data: hexToBytes("0x0000") }),
      CHAIN_ID,
    );
    assert.equal(tx.to, `0x${"00".repeat(20)}`);
  });

  it("refuses a single byte wrapped in a string header (non-canonical-single-byte)", () => {
    const items = eip1559Items();
    items[1] = hexToBytes("0x8107"); // nonce 7 must be 0x07
    expectDecodeError(rawFromEncodedItems([2], items), "malformed-rlp", {
      rlpReason: "non-canonical-single-byte",
    });
    const legacy = legacyItems();
    legacy[5] = hexToBytes("0x8100"); // data [0x00] must be 0x00
    expectDecodeError(rawFromEncodedItems([], legacy), "malformed-rlp", {
      rlpReason: "non-canonical-single-byte",
    });
  });

  it("refuses non-minimal lengths (non-canonical-length, leading-zero-length)", () => {
    const items = eip1559Items();
    items[7] = hexToBytes("0xb8021234"); // data 0x1234 in long form
    expectDecodeError(rawFromEncodedItems([2], items), "malformed-rlp", {
      rlpReason: "non-canonical-length",
    });
    // The outer list in long form for a payload of 55 bytes or fewer.
    const short = concatBytes(...legacyItems({ data: new Uint8Array(0), value: u(0n) }));
    assert.ok(short.length <= 55);
    const longHeader = concatBytes(Uint8Array.of(0xf8, short.length), short);
    expectDecodeError(longHeader, "malformed-rlp", { rlpReason: "non-canonical-length" });
    // A long-form length with a leading zero byte.
    const payload = concatBytes(...eip1559Items({ data: new Uint8Array(100) }));
    const padded = concatBytes(Uint8Array.of(2, 0xf9, 0, payload.length), payload);
    expectDecodeError(padded, "malformed-rlp", { rlpReason: "leading-zero-length" });
  });

  it("refuses trailing bytes and truncation", () => {
    expectDecodeError(concatBytes(eip1559Raw(), Uint8Array.of(0)), "malformed-rlp", {
      rlpReason: "trailing-bytes",
    });
    expectDecodeError(concatBytes(legacyRaw(), Uint8Array.of(0xc0)), "malformed-rlp", {
      rlpReason: "trailing-bytes",
    });
    const raw = eip1559Raw();
    // Cutting down to the bare type byte leaves an empty payload: "empty-input".
    for (let cut = 1; cut < raw.length - 1; cut++) {
      expectDecodeError(raw.subarray(0, raw.length - cut), "malformed-rlp", { rlpReason: "truncated" });
    }
  });

  it("refuses fields of the wrong kind as malformed-rlp", () => {
    expectDecodeError(eip1559Raw({ nonce: [] }), "malformed-rlp", {
      rlpReason: "expected-string",
      field: "nonce",
    });
    expectDecodeError(eip1559Raw({ accessList: new Uint8Array(0) }), "malformed-rlp", {
      rlpReason: "expected-list",
      field: "accessList",
    });
    expectDecodeError(legacyRaw({ data: [] }), "malformed-rlp", {
      rlpReason: "expected-string",
      field: "data",
    });
  });

  it("refuses the wrong number of fields", () => {
    const items = eip1559Items();
    expectDecodeError(rawFromEncodedItems([2], items.slice(0, 11)), "wrong-field-count");
    expectDecodeError(rawFromEncodedItems([2], [...items, encodeRlp(u(1n))]), "wrong-field-count");
    expectDecodeError(rawFromEncodedItems([2], []), "wrong-field-count");
    expectDecodeError(rawFromEncodedItems([], legacyItems().slice(0, 8)), "wrong-field-count");
    expectDecodeError(rawFromEncodedItems([], [...legacyItems(), encodeRlp(u(1n))]), "wrong-field-count");
    expectDecodeError(hexToBytes("0xc0"), "wrong-field-count");
  });

  it("refuses a transaction signed for another chain", async () => {
    expectDecodeError(eip1559Raw({ chainId: u(1n) }), "wrong-chain-id");
    expectDecodeError(legacyRaw({ v: u(1n * 2n + 37n) }), "wrong-chain-id", { field: "v" });
    const raw = await wallet.signTransaction({
      type: 2,
      chainId: 1n,
      maxFeePerGas: 1n,
      gasLimit: 21000n,
      to: wallet.address,
    });
    expectDecodeError(hexToBytes(raw), "wrong-chain-id", { field: "chainId" });
    const legacy = await wallet.signTransaction({
      type: 0,
      chainId: CHAIN_ID + 1n,
      gasPrice: 1n,
      gasLimit: 21000n,
      to: wallet.address,
    });
    expectDecodeError(hexToBytes(legacy), "wrong-chain-id");
  });

  it("refuses legacy transactions without replay protection, and other bad v values", () => {
    expectDecodeError(legacyRaw({ v: u(27n) }), "pre-eip155");
    expectDecodeError(legacyRaw({ v: u(28n) }), "pre-eip155");
    for (const v of [0n, 1n, 26n, 29n, 34n])
      expectDecodeError(legacyRaw({ v: u(v) }), "bad-field", { field: "v" });
    expectDecodeError(legacyRaw({ v: u(2n ** 64n * 2n + 35n) }), "bad-field", { field: "v" });
    expectDecodeError(legacyRaw({ v: u(2n ** 72n) }), "bad-field", { field: "v" });
  });

  it("refuses contract creation (empty `to`) for both types", () => {
    expectDecodeError(eip1559Raw({ to: new Uint8Array(0) }), "contract-creation");
    expectDecodeError(legacyRaw({ to: new Uint8Array(0) }), "contract-creation");
  });

  it("refuses a non-empty access list", async () => {
    expectDecodeError(eip1559Raw({ accessList: [[TO, []]] }), "access-list-not-empty");
    const raw = await wallet.signTransaction({
      type: 2,
      chainId: CHAIN_ID,
      maxFeePerGas: 1n,
      gasLimit: 21000n,
      to: wallet.address,
      accessList: [{ address: wallet.address, storageKeys: [] }],
    });
    expectDecodeError(hexToBytes(raw), "access-list-not-empty");
  });

  const badFields: Array<[string, Uint8Array, string]> = [
    ["nonce over 8 bytes", eip1559Raw({ nonce: u(2n ** 64n) }), "nonce"],
    ["chainId over 8 bytes", eip1559Raw({ chainId: u(2n ** 64n) }), "chainId"],
    ["gasLimit over 8 bytes", eip1559Raw({ gasLimit: u(2n ** 64n) }), "gasLimit"],
    ["maxFeePerGas over 32 bytes", eip1559Raw({ maxFeePerGas: u(2n ** 256n) }), "maxFeePerGas"],
    [
      "maxPriorityFeePerGas over 32 bytes",
      eip1559Raw({ maxPriorityFeePerGas: u(2n ** 256n) }),
      "maxPriorityFeePerGas",
    ],
    ["value over 32 bytes", eip1559Raw({ value: u(2n ** 256n) }), "value"],
    ["r over 32 bytes", eip1559Raw({ r: u(2n ** 256n) }), "r"],
    ["s over 32 bytes", eip1559Raw({ s: u(2n ** 256n) }), "s"],
    ["`to` of 19 bytes", eip1559Raw({ to: new Uint8Array(19).fill(1) }), "to"],
    ["`to` of 21 bytes", eip1559Raw({ to: new Uint8Array(21).fill(1) }), "to"],
    ["`to` of 32 bytes", eip1559Raw({ to: new Uint8Array(32).fill(1) }), "to"],
    ["data over MAX_TX_DATA_BYTES", eip1559Raw({ data: new Uint8Array(MAX_TX_DATA_BYTES + 1) }), "data"],
    ["yParity 2", eip1559Raw({ yParity: u(2n) }), "yParity"],
    ["yParity 27", eip1559Raw({ yParity: u(27n) }), "yParity"],
    ["yParity of 2 bytes", eip1559Raw({ yParity: u(256n) }), "yParity"],
    ["legacy nonce over 8 bytes", legacyRaw({ nonce: u(2n ** 64n) }), "nonce"],
    ["legacy gasPrice over 32 bytes", legacyRaw({ gasPrice: u(2n ** 256n) }), "gasPrice"],
    ["legacy gasLimit over 8 bytes", legacyRaw({ gasLimit: u(2n ** 64n) }), "gasLimit"],
    ["legacy `to` of 19 bytes", legacyRaw({ to: new Uint8Array(19).fill(1) }), "to"],
  ];
  for (const [what, raw, field] of badFields) {
    it(`refuses ${what} as bad-field`, () => expectDecodeError(raw, "bad-field", { field }));
  }

  it("refuses a tip above the max fee", () => {
    expectDecodeError(
      eip1559Raw({ maxPriorityFeePerGas: u(11n), maxFeePerGas: u(10n) }),
      "tip-above-max-fee",
    );
    assert.equal(
      decodeTransaction(eip1559Raw({ maxPriorityFeePerGas: u(10n), maxFeePerGas: u(10n) }), CHAIN_ID)
        .maxFeePerGas,
      10n,
    );
  });

  it("refuses r or s out of range (bad-signature)", () => {
    expectDecodeError(eip1559Raw({ r: u(0n) }), "bad-signature", { field: "r" });
    expectDecodeError(eip1559Raw({ r: u(SECP256K1_N) }), "bad-signature", { field: "r" });
    expectDecodeError(eip1559Raw({ r: u(2n ** 256n - 1n) }), "bad-signature", { field: "r" });
    expectDecodeError(eip1559Raw({ s: u(0n) }), "bad-signature", { field: "s" });
    expectDecodeError(eip1559Raw({ s: u(SECP256K1_HALF_N + 1n) }), "bad-signature", { field: "s" });
    expectDecodeError(eip1559Raw({ s: u(SECP256K1_N) }), "bad-signature", { field: "s" });
    expectDecodeError(legacyRaw({ s: u(SECP256K1_N - 1n) }), "bad-signature", { field: "s" });
  });

  it("refuses the high-s twin of a valid signature (EIP-2), though it recovers the same key", async () => {
    for (const type of [0, 2] as const) {
      const common = { chainId: CHAIN_ID, nonce: 3, gasLimit: 21000n, to: wallet.address, value: 5n };
      const rawHex = await wallet.signTransaction(
        type === 2 ? { ...common, type, maxFeePerGas: 100n } : { ...common, type, gasPrice: 100n },
      );
      const tx = decodeTransaction(hexToBytes(rawHex), CHAIN_ID);
      const twin = { ...tx, s: SECP256K1_N - tx.s, yParity: tx.yParity === 0 ? (1 as const) : (0 as const) };
      assert.ok(twin.s > SECP256K1_HALF_N);
      assert.equal(recoverAddress(signingHash(twin), twin.yParity, twin.r, twin.s), SENDER);
      expectDecodeError(encodeSignedTransaction(twin), "bad-signature", { field: "s" });
    }
  });

  it("refuses deeply nested lists in any field without a stack overflow", () => {
    // An access list nested as deep as MAX_RAW_TX_BYTES allows.
    let inner: Uint8Array = Uint8Array.of(0xc0);
    let items = eip1559Items();
    for (;;) {
      const header = new Uint8Array(rlpHeaderLength(inner.length));
      writeRlpListHeader(header, 0, inner.length);
      const next = concatBytes(header, inner);
      items = eip1559Items();
      items[8] = next;
      if (rawFromEncodedItems([2], items).length > MAX_RAW_TX_BYTES) break;
      inner = next;
    }
    items[8] = inner;
    const raw = rawFromEncodedItems([2], items);
    assert.ok(raw.length > MAX_RAW_TX_BYTES - 10);
    expectDecodeError(raw, "access-list-not-empty");
    items[8] = Uint8Array.of(0xc0);
    items[1] = inner;
    expectDecodeError(rawFromEncodedItems([2], items), "malformed-rlp", { rlpReason: "expected-string" });
  });

  it("reports the first failure in envelope order", () => {
    // Wrong chain id (field 0) comes before an oversized nonce (field 1).
    expectDecodeError(eip1559Raw({ chainId: u(1n), nonce: u(2n ** 64n) }), "wrong-chain-id");
    // Encoding problems anywhere come before value problems.
    expectDecodeError(eip1559Raw({ chainId: u(1n), s: hexToBytes("0x0001") }), "malformed-rlp");
    // Too large comes before everything.
    expectDecodeError(concatBytes(Uint8Array.of(1), new Uint8Array(MAX_RAW_TX_BYTES)), "too-large");
  });
});

describe("decodeTransaction on hostile input", () => {
  const samples = [0, 1, 2, 3, 4, 5].map(
    (i) =>
      signTransactionForTest(
        {
          type: i % 2 === 0 ? 2 : 0,
          chainId: CHAIN_ID,
          nonce: BigInt(i * 1000),
          maxPriorityFeePerGas: i % 2 === 0 ? 10n ** 9n : 3n * 10n ** 10n,
          maxFeePerGas: 3n * 10n ** 10n,
          gasLimit: 21_000n + BigInt(i),
          to: bytesToHex(new Uint8Array(20).fill(i + 1)),
          value: 10n ** BigInt(i * 3),
          data: new Uint8Array(i * 30).fill(i),
        },
        testPrivateKey(i),
      ).raw,
  );

  /** Decodes; returns the refusal reason, or "ok" after checking that re-encoding gives `bytes`. */
  function checkDecode(bytes: Uint8Array): string {
    let tx: ReturnType<typeof decodeTransaction>;
    try {
      tx = decodeTransaction(bytes, CHAIN_ID);
    } catch (error) {
      assert.ok(error instanceof TransactionDecodeError, `threw ${String(error)}`);
      return error.reason;
    }
    assert.equal(bytesToHex(encodeSignedTransaction(tx)), bytesToHex(bytes));
    assert.equal(tx.hash, bytesToHex(keccak256(bytes)));
    return "ok";
  }

  it("throws only TransactionDecodeError on mutated or truncated transactions, and what decodes re-encodes exactly", () => {
    const mutation = fc.record({
      sample: fc.constantFrom(...samples),
      edits: fc.array(
        fc.record({
          op: fc.constantFrom("set", "insert", "delete", "truncate", "xor"),
          at: fc.nat(),
          byte: fc.integer({ min: 0, max: 255 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    });
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(mutation, ({ sample, edits }) => {
        let bytes = sample;
        for (const { op, at: rawAt, byte } of edits) {
          const at = bytes.length === 0 ? 0 : rawAt % bytes.length;
          if (op === "set") bytes = Uint8Array.from(bytes, (b, i) => (i === at ? byte : b));
          else if (op === "xor")
            bytes = Uint8Array.from(bytes, (b, i) => (i === at ? b ^ (1 << (byte & 7)) : b));
          else if (op === "insert")
            bytes = concatBytes(bytes.subarray(0, at), Uint8Array.of(byte), bytes.subarray(at));
          else if (op === "delete") bytes = concatBytes(bytes.subarray(0, at), bytes.subarray(at + 1));
          else bytes = bytes.subarray(0, at);
        }
        outcomes.add(checkDecode(bytes));
      }),
      { numRuns: 3000 },
    );
    // The property must have reached both branches, and refusals past the RLP layer.
    assert.ok(
      outcomes.has("ok") && outcomes.has("malformed-rlp") && outcomes.size >= 4,
      [...outcomes].join(),
    );
  });

  it("throws only TransactionDecodeError on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(-1, 0x02, 0xf8), (bytes, prefix) => {
        checkDecode(prefix < 0 ? bytes : concatBytes(Uint8Array.of(prefix), bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it("throws only TransactionDecodeError on well-formed lists with random fields", () => {
    const item: fc.Arbitrary<RlpInput> = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.constantFrom(
        new Uint8Array(0),
        Uint8Array.of(1),
        Uint8Array.of(0),
        u(CHAIN_ID),
        u(SECP256K1_HALF_N),
      ),
      fc.constantFrom(u(27n), u(CHAIN_ID * 2n + 35n), u(2n ** 64n - 1n), new Uint8Array(20).fill(7)),
      fc.array(fc.uint8Array({ maxLength: 4 }), { maxLength: 2 }),
    );
    // Mostly valid fields, a few replaced, sometimes one too few or too many.
    const list = fc.boolean().chain((typed) =>
      fc.record({
        typed: fc.constant(typed),
        replacements: fc.array(fc.option(item, { freq: 3 }), {
          minLength: typed ? 12 : 9,
          maxLength: typed ? 12 : 9,
        }),
        countChange: fc.constantFrom(0, 0, 0, 0, -1, 1),
      }),
    );
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(list, ({ typed, replacements, countChange }) => {
        const items = (typed ? eip1559Items() : legacyItems()).map((encoded, i) => {
          const replacement = replacements[i];
          return replacement === null || replacement === undefined ? encoded : encodeRlp(replacement);
        });
        if (countChange < 0) items.pop();
        if (countChange > 0) items.push(encodeRlp(u(1n)));
        outcomes.add(checkDecode(rawFromEncodedItems(typed ? [2] : [], items)));
      }),
      { numRuns: 3000 },
    );
    assert.ok(outcomes.has("ok") && outcomes.size >= 8, [...outcomes].join());
  });
});
