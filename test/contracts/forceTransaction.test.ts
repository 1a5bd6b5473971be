import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import {
  type Address,
  concatHex,
  encodeAbiParameters,
  getAddress,
  type Hex,
  keccak256,
  size,
  toRlp,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { bridgeAbi } from "../../packages/node-common/src/l1/abis.ts";
import { hexToBytes } from "../../packages/protocol/src/bytes.ts";
import { queueEntryDataHash } from "../../packages/protocol/src/state/queueEntry.ts";
import { decodeTransaction } from "../../packages/protocol/src/tx/decodeTransaction.ts";
import {
  createFixture,
  entryHashOf,
  eventOf,
  expectRevert,
  L2_CHAIN_ID,
  randomHex,
  send,
} from "./fixture.ts";

const fx = await createFixture();
const { publicClient } = fx;
type RecursiveArray<T> = T | readonly RecursiveArray<T>[];
const signer = privateKeyToAccount(generatePrivateKey());
const TO: Address = "0x1111111111111111111111111111111111111111";

/** Minimal big-endian bytes of an integer (zero is empty), as RLP wants them. */
function int(value: bigint): Hex {
  if (value === 0n) return "0x";
  const hex = value.toString(16);
  return `0x${hex.length % 2 === 1 ? "0" : ""}${hex}`;
}

type Fields = {
  chainId: bigint;
  nonce: bigint;
  tip: bigint;
  maxFee: bigint;
  gasLimit: bigint;
  to: Hex;
  value: bigint;
  data: Hex;
  yParity: bigint;
  r: bigint;
  s: bigint;
};

// r and s below n/2, so that the protocol package's decoder (which checks their range) accepts them too.
const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

const BASE: Fields = {
  chainId: L2_CHAIN_ID,
  nonce: 7n,
  tip: 1_000_000_000n,
  maxFee: 20_000_000_000n,
  gasLimit: 21_000n,
  to: TO,
  value: 10n ** 18n,
  data: "0x",
  yParity: 1n,
  r: BigInt(`0x${"5a".repeat(31)}`),
  s: BigInt(`0x${"3c".repeat(31)}`),
};

function items1559(f: Fields): RecursiveArray<Hex> {
  return [
    int(f.chainId),
    int(f.nonce),
    int(f.tip),
    int(f.maxFee),
    int(f.gasLimit),
    f.to,
    int(f.value),
    f.data,
    [],
    int(f.yParity),
    int(f.r),
    int(f.s),
  ];
}

function raw1559(f: Partial<Fields> = {}): Hex {
  return concatHex(["0x02", toRlp(items1559({ ...BASE, ...f }))]);
}

function itemsLegacy(f: Fields): RecursiveArray<Hex> {
  const v = 2n * f.chainId + 35n + f.yParity;
  return [
    int(f.nonce),
    int(f.maxFee),
    int(f.gasLimit),
    f.to,
    int(f.value),
    f.data,
    int(v),
    int(f.r),
    int(f.s),
  ];
}

/** An RLP list of already-encoded items (so that a test can put a non-canonical item inside). */
function listOf(encoded: Hex[]): Hex {
  const payload = concatHex(encoded);
  const length = size(payload);
  if (length <= 55) return concatHex([int(0xc0n + BigInt(length)), payload]);
  const lengthBytes = int(BigInt(length));
  return concatHex([int(0xf7n + BigInt(size(lengthBytes))), lengthBytes, payload]);
}

/** The queue entry dataHash of docs/protocol.md §4 kind 3, encoded independently with viem. */
function forcedDataHash(from: Address, txType: number, f: Fields): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: "uint8" },
        { type: "address" },
        { type: "uint8" },
        { type: "uint64" },
        { type: "uint256" },
        { type: "uint256" },
        { type: "uint64" },
        { type: "address" },
        { type: "uint256" },
        { type: "bytes" },
        { type: "uint8" },
        { type: "uint256" },
        { type: "uint256" },
      ],
      [
        3,
        from,
        txType,
        f.nonce,
        txType === 0 ? f.maxFee : f.tip,
        f.maxFee,
        f.gasLimit,
        f.to,
        f.value,
        f.data,
        Number(f.yParity),
        f.r,
        f.s,
      ],
    ),
  );
}

/** Forces `raw` and checks the stored entry hash against `expectedDataHash`. */
async function forceAndCheck(raw: Hex, expectedDataHash: Hex): Promise<void> {
  const bridge = fx.bridge(fx.alice);
  const receipt = await send(publicClient, bridge.write.forceTransaction([raw]));
  const event = eventOf(receipt, bridgeAbi, "TransactionForced");
  assert.equal(event.args.rawTransaction, raw);
  assert.equal(event.args.from, getAddress(fx.alice.account.address));
  const stored = await bridge.read.queueEntry([event.args.queueIndex]);
  assert.equal(stored, entryHashOf({ dataHash: expectedDataHash, timestamp: event.args.timestamp }));
}

/** What the protocol package's decoder makes of `raw`: the entry's dataHash, or the reason it refuses. */
function protocolDecode(raw: Hex, from: Address): Hex | string {
  try {
    const tx = decodeTransaction(hexToBytes(raw), L2_CHAIN_ID);
    const hash = queueEntryDataHash({
      kind: "forced-transaction",
      queueIndex: 0n,
      from,
      l1Timestamp: 0n,
      tx,
    });
    return `0x${Buffer.from(hash).toString("hex")}`;
  } catch (error) {
    return (error as { reason?: string }).reason ?? String(error);
  }
}

describe("Bridge.forceTransaction", () => {
  beforeEach(fx.reset);

  describe("accepts canonical EIP-1559 and legacy EIP-155 transactions for the L2 chain", () => {
    it("a wallet-signed EIP-1559 transfer, hashed from its decoded fields (§4 kind 3)", async () => {
      const raw = await signer.signTransaction({
        type: "eip1559",
        chainId: Number(L2_CHAIN_ID),
        nonce: 3,
        maxPriorityFeePerGas: 2n,
        maxFeePerGas: 30_000_000n,
        gas: 21_000n,
        to: TO,
        value: 12_345n,
      });
      const tx = decodeTransaction(hexToBytes(raw), L2_CHAIN_ID);
      const from = getAddress(fx.alice.account.address);
      const expected =
        `0x${Buffer.from(queueEntryDataHash({ kind: "forced-transaction", queueIndex: 0n, from, l1Timestamp: 0n, tx })).toString("hex")}` as Hex;
      await forceAndCheck(raw, expected);
    });

    it("a wallet-signed legacy EIP-155 transaction with data (tip = maxFee = gasPrice, type 0)", async () => {
      const raw = await signer.signTransaction({
        type: "legacy",
        chainId: Number(L2_CHAIN_ID),
        nonce: 0,
        gasPrice: 50_000_000n,
        gas: 100_000n,
        to: TO,
        value: 0n,
        data: "0xa9059cbb00",
      });
      const from = getAddress(fx.alice.account.address);
      const expected = protocolDecode(raw, from);
      assert.match(expected, /^0x[0-9a-f]{64}$/);
      await forceAndCheck(raw, expected as Hex);
    });

    it("edge values: zero fields, widest integers, long-form headers, MAX_TX_DATA_BYTES of data", async () => {
      const from = getAddress(fx.alice.account.address);
      const cases: Partial<Fields>[] = [
        { nonce: 0n, tip: 0n, value: 0n, yParity: 0n },
        { nonce: 2n ** 64n - 1n, gasLimit: 2n ** 64n - 1n, value: 2n ** 256n - 1n, maxFee: 2n ** 256n - 1n },
        { data: "0x7f" }, // one byte below 0x80: its own encoding
        { data: "0x80" }, // one byte from 0x80: 0x81 0x80
        { data: randomHex(56) }, // long-form string header
        { data: randomHex(300) }, // two-byte length, long-form list
        { data: randomHex(1024) },
        { chainId: L2_CHAIN_ID, r: 1n, s: 1n },
      ];
      for (const f of cases) {
        const full = { ...BASE, ...f };
        await forceAndCheck(raw1559(f), forcedDataHash(from, 2, full));
        const legacy = toRlp(itemsLegacy(full));
        await forceAndCheck(legacy, forcedDataHash(from, 0, full));
      }
    });
  });

  describe("refuses, with a clear error", () => {
    const R = (items: RecursiveArray<Hex>) => concatHex(["0x02", toRlp(items)]);
    const base = items1559(BASE) as Hex[];
    const withField = (i: number, value: Hex | Hex[]) => base.map((x, j) => (j === i ? value : x));
    const cases: [string, Hex, string, unknown[]?][] = [
      ["an empty input", "0x", "EmptyRawTransaction"],
      ["more than MAX_RAW_TX_BYTES", `0x02${"00".repeat(2048)}`, "RawTransactionTooLarge", [2049n, 2048n]],
      ["type 0x01 (EIP-2930)", concatHex(["0x01", toRlp(base)]), "UnsupportedTransactionType", [1]],
      ["type 0x03 (blob)", "0x03c0", "UnsupportedTransactionType", [3]],
      ["type 0x04 (set-code)", "0x04c0", "UnsupportedTransactionType", [4]],
      ["an RLP string at the top", "0x8102", "RlpWrongItemKind", [0n]],
      ["a type byte alone", "0x02", "RlpTruncated", [1n]],
      ["a string after the type byte", "0x028180", "RlpWrongItemKind", [1n]],
      ["a trailing byte", concatHex([R(base), "0x00"]), "RlpTrailingBytes"],
      ["a truncated list", R(base).slice(0, -2) as Hex, "RlpTruncated"],
      [
        "a wrapped single byte (0x81 0x07) as the nonce",
        concatHex(["0x02", listOf(base.map((x, j) => (j === 1 ? "0x8107" : toRlp(x))))]),
        "RlpNonCanonicalSingleByte",
      ],
      [
        "a long-form header (0xb8 0x05) for a 5-byte value",
        concatHex(["0x02", listOf(base.map((x, j) => (j === 6 ? "0xb8050102030405" : toRlp(x))))]),
        "RlpNonCanonicalLength",
      ],
      ["a long-form header for a short payload", "0x02f80100", "RlpNonCanonicalLength"],
      ["a long-form length with a leading zero", "0x02f9000100", "RlpLeadingZeroLength"],
      ["11 fields", R(base.slice(0, 11)), "WrongFieldCount", [11n, 12n]],
      ["13 fields", R([...base, "0x01"]), "WrongFieldCount", [13n, 12n]],
      ["a list as the nonce", R(withField(1, [])), "RlpWrongItemKind"],
      ["a string as the access list", R(withField(8, "0x")), "RlpWrongItemKind"],
      ["a leading zero in the nonce (0x00)", R(withField(1, "0x00")), "LeadingZeroInteger", [1n]],
      ["a leading zero in the value", R(withField(6, "0x0001")), "LeadingZeroInteger", [6n]],
      ["another chain id", raw1559({ chainId: L2_CHAIN_ID + 1n }), "WrongChainId"],
      ["a 9-byte chain id", raw1559({ chainId: 2n ** 64n }), "InvalidTransactionField", [0n]],
      ["a 9-byte nonce", raw1559({ nonce: 2n ** 64n }), "InvalidTransactionField", [1n]],
      ["a 33-byte tip", R(withField(2, `0x01${"00".repeat(32)}`)), "InvalidTransactionField", [2n]],
      ["a 9-byte gas limit", raw1559({ gasLimit: 2n ** 64n }), "InvalidTransactionField", [4n]],
      ["contract creation (empty to)", raw1559({ to: "0x" }), "ContractCreation"],
      ["a 19-byte to", raw1559({ to: `0x${"11".repeat(19)}` }), "InvalidTransactionField", [5n]],
      ["a 21-byte to", raw1559({ to: `0x${"11".repeat(21)}` }), "InvalidTransactionField", [5n]],
      [
        "data over MAX_TX_DATA_BYTES",
        raw1559({ data: randomHex(1025) }),
        "TransactionDataTooLarge",
        [1025n, 1024n],
      ],
      ["a non-empty access list", R(withField(8, [TO, []] as unknown as Hex[])), "AccessListNotEmpty"],
      ["yParity 2", raw1559({ yParity: 2n }), "InvalidTransactionField", [9n]],
      ["a 2-byte yParity", raw1559({ yParity: 256n }), "InvalidTransactionField", [9n]],
      ["a 33-byte r", R(withField(10, `0x01${"00".repeat(32)}`)), "InvalidTransactionField", [10n]],
      ["a 33-byte s", R(withField(11, `0x01${"00".repeat(32)}`)), "InvalidTransactionField", [11n]],
      ["r = 0", raw1559({ r: 0n }), "InvalidSignature"],
      ["s = 0", raw1559({ s: 0n }), "InvalidSignature"],
      ["r = n", raw1559({ r: SECP256K1_ORDER }), "InvalidSignature"],
      ["s above n/2 (EIP-2)", raw1559({ s: SECP256K1_ORDER / 2n + 1n }), "InvalidSignature"],
      ["tip above max fee", raw1559({ tip: 5n, maxFee: 4n }), "TipAboveMaxFee"],
    ];
    const legacy = itemsLegacy(BASE) as Hex[];
    const legacyWith = (i: number, value: Hex) => toRlp(legacy.map((x, j) => (j === i ? value : x)));
    cases.push(
      ["a legacy transaction without EIP-155 (v = 27)", legacyWith(6, int(27n)), "NotReplayProtected"],
      ["a legacy v of 30", legacyWith(6, int(30n)), "InvalidTransactionField", [6n]],
      ["a legacy v for another chain", legacyWith(6, int(2n * (L2_CHAIN_ID + 1n) + 35n)), "WrongChainId"],
      ["a legacy v with parity 2", legacyWith(6, int(2n * L2_CHAIN_ID + 37n)), "WrongChainId"],
      [
        "a legacy list of 12 fields",
        toRlp([...legacy, "0x01", "0x01", "0x01"]),
        "WrongFieldCount",
        [12n, 9n],
      ],
      ["a legacy contract creation", legacyWith(3, "0x"), "ContractCreation"],
    );

    for (const [name, raw, errorName, args] of cases) {
      it(name, async () => {
        await expectRevert(fx.bridge(fx.alice).write.forceTransaction([raw]), errorName, args);
        assert.equal(await fx.bridge().read.queueLength(), 0n);
        // The protocol package's decoder refuses it too.
        assert.doesNotMatch(
          protocolDecode(raw, fx.alice.account.address),
          /^0x/,
          `${name}: TS decoder accepted`,
        );
      });
    }

    it("sanity: the base transaction is accepted by both decoders", async () => {
      const raw = raw1559();
      assert.ok(size(raw) > 100);
      const from = getAddress(fx.alice.account.address);
      assert.equal(protocolDecode(raw, from), forcedDataHash(from, 2, BASE));
      await forceAndCheck(raw, forcedDataHash(from, 2, BASE));
    });
  });
});
