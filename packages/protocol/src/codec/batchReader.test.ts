import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesToHex, hexToBytes } from "../bytes.ts";
import { L2_BRIDGE_ADDRESS } from "../constants.ts";
import {
  readBatchHeader,
  readBlockHeader,
  readFeeEntry,
  readTxRecord,
  txRecordToFields,
} from "./batchReader.ts";
import { decodeBatch } from "./decodeBatch.ts";
import { CodecArgumentError } from "./errors.ts";
import { isMalformed, Malformed } from "./malformed.ts";
import { transferCalldata } from "./tokenTransfer.ts";
import type { TxRecord } from "./types.ts";

// Hand-built batch bytes, independent of the encoder.

const n = (value: bigint | number, bytes: number) =>
  BigInt(value)
    .toString(16)
    .padStart(bytes * 2, "0");
const fee = (type: number, gasLimit: number, tip: bigint, maxFee: bigint) =>
  n(type, 1) + n(gasLimit, 4) + n(tip, 16) + n(maxFee, 16);
const header = (timestamp: bigint, fees: string[]) =>
  `01${n(timestamp, 8)}${n(fees.length, 1)}${fees.join("")}`;
const bytes = (...parts: string[]) => hexToBytes(`0x${parts.join("").replace(/[\s_]/g, "")}`);

const R = 0x1111111111111111111111111111111111111111111111111111111111111111n;
const S = 0x2222222222222222222222222222222222222222222222222222222222222222n;
const SIG = n(R, 32) + n(S, 32);
const ADDR = "0xabcdef0123456789abcdef0123456789abcdef01";
const TOKEN = "0x4a1c7070000000000000000000000000000000aa";

const FEE_1559 = fee(2, 21_000, 1_000_000n, 2_000_000_000n);
const FEE_LEGACY = fee(0, 50_000, 3_000_000_000n, 3_000_000_000n);
const HEADER = header(1_700_000_000n, [FEE_1559, FEE_LEGACY]); // 10 + 74 = 84 bytes
const H = 84;

function record(data: Uint8Array, offset: number, dictCount = 2): TxRecord {
  const r = readTxRecord(data, offset, dictCount);
  if (r instanceof Malformed) assert.fail(`unexpected malformed ${r.reason} at ${r.at}`);
  return r;
}

function malformed(result: unknown): Malformed {
  assert.ok(isMalformed(result), "expected malformed");
  return result;
}

describe("readBatchHeader", () => {
  it("reads the timestamp and dictionary size, and where blocks start", () => {
    assert.deepEqual(readBatchHeader(bytes(HEADER)), { timestamp: 1_700_000_000n, dictCount: 2, next: H });
    assert.deepEqual(readBatchHeader(bytes(header(0n, []))), { timestamp: 0n, dictCount: 0, next: 10 });
  });

  it("refuses another version, a short header and a dictionary past the end", () => {
    assert.equal(malformed(readBatchHeader(new Uint8Array(0))).reason, "past-end");
    assert.equal(malformed(readBatchHeader(bytes(`02${HEADER.slice(2)}`))).reason, "bad-version");
    assert.equal(malformed(readBatchHeader(bytes("00"))).reason, "bad-version");
    assert.equal(malformed(readBatchHeader(bytes("01000000"))).reason, "past-end");
    assert.equal(malformed(readBatchHeader(bytes(HEADER).subarray(0, H - 1))).reason, "past-end");
    assert.equal(malformed(readBatchHeader(bytes(header(5n, []).slice(0, -2), "ff"))).reason, "past-end");
  });
});

describe("readBlockHeader", () => {
  it("reads delta, declared base fee, queue count and tx count", () => {
    const data = bytes(HEADER, "02", "41_05_0f", "8080", "03");
    assert.deepEqual(readBlockHeader(data, H), {
      timestampDelta: 2n,
      baseFee: 1_500_000n,
      queueCount: 128n,
      txCount: 3n,
      next: H + 7,
    });
    // A declared base fee below MIN_BASE_FEE is read as declared.
    assert.equal((readBlockHeader(bytes("00 00 00 00"), 0) as { baseFee: bigint }).baseFee, 0n);
  });

  it("refuses a base fee of 2^128 or more but not 2^128 - 1", () => {
    const max = `10${"ff".repeat(16)}`;
    assert.equal(
      (readBlockHeader(bytes("00", max, "00 00"), 0) as { baseFee: bigint }).baseFee,
      (1n << 128n) - 1n,
    );
    const bad = malformed(readBlockHeader(bytes("00", `11 01${"00".repeat(16)}`, "00 00"), 0));
    assert.deepEqual([bad.reason, bad.at], ["base-fee-too-large", 1]);
  });

  it("refuses bad varuints and compacts and a header past the end", () => {
    const cases: [string, string, number][] = [
      ["f9 00 00 00", "varuint-bad-prefix", 0],
      ["8005 00 00 00", "varuint-not-shortest", 0],
      ["00 21 00 00", "compact-bad-header", 1],
      ["00 0100 00 00", "compact-leading-zero", 1],
      ["00 00 00 807f", "varuint-not-shortest", 3],
      ["00 00 00", "past-end", 3],
      ["00 0203", "past-end", 1],
      ["", "past-end", 0],
    ];
    for (const [hex, reason, at] of cases) {
      const m = malformed(readBlockHeader(bytes(hex), 0));
      assert.deepEqual([m.reason, m.at], [reason, at], hex);
    }
  });
});

describe("readFeeEntry", () => {
  it("reads an entry and checks its type and, for type 0, tip == maxFee", () => {
    const data = bytes(HEADER);
    assert.deepEqual(readFeeEntry(data, 2, 0), {
      type: 2,
      gasLimit: 21_000n,
      maxPriorityFeePerGas: 1_000_000n,
      maxFeePerGas: 2_000_000_000n,
    });
    assert.equal((readFeeEntry(data, 2, 1) as { type: number }).type, 0);
    assert.equal(malformed(readFeeEntry(data, 2, 2)).reason, "fee-index-out-of-range");
    assert.equal(malformed(readFeeEntry(data, 1, 1)).reason, "fee-index-out-of-range");
    const bad = bytes(
      header(0n, [fee(1, 1, 1n, 1n), fee(0, 1, 1n, 2n), fee(3, 1, 1n, 1n), fee(2, 1, 5n, 1n)]),
    );
    assert.deepEqual(
      [malformed(readFeeEntry(bad, 4, 0)).reason, malformed(readFeeEntry(bad, 4, 0)).at],
      ["fee-bad-type", 10],
    );
    assert.deepEqual(
      [malformed(readFeeEntry(bad, 4, 1)).reason, malformed(readFeeEntry(bad, 4, 1)).at],
      ["fee-legacy-tip-mismatch", 47],
    );
    assert.equal(malformed(readFeeEntry(bad, 4, 2)).reason, "fee-bad-type");
    // A type-2 entry with tip > maxFee is well-formed (the transaction is invalid, not the data).
    assert.equal((readFeeEntry(bad, 4, 3) as { maxPriorityFeePerGas: bigint }).maxPriorityFeePerGas, 5n);
  });
});

describe("readTxRecord", () => {
  it("reads a kind-0 ETH transfer with an index reference", () => {
    // tag: yParity 1, kind 0, fee 0; nonce 5; to #300; value 1.5 ETH.
    const data = bytes(HEADER, "80", "05", "812c", "41110f", SIG);
    assert.deepEqual(record(data, H), {
      kind: 0,
      yParity: 1,
      feeIndex: 0,
      fee: readFeeEntry(data, 2, 0),
      nonce: 5n,
      to: { index: 300n },
      value: 15n * 10n ** 17n,
      data: new Uint8Array(0),
      r: R,
      s: S,
      next: data.length,
    });
  });

  it("reads a kind-1 token transfer and rebuilds its calldata from the resolved recipient", () => {
    // tag: yParity 0, kind 1, fee 1; nonce 0; token = full address; recipient #7; amount 10^18.
    const data = bytes(HEADER, "21", "00", `00${TOKEN.slice(2)}`, "07", "411201", SIG);
    const r = record(data, H);
    assert.equal(r.kind, 1);
    if (r.kind !== 1) return;
    assert.deepEqual(
      [r.to, r.recipient, r.amount, r.value, r.feeIndex, r.next],
      [{ address: TOKEN }, { index: 7n }, 10n ** 18n, 0n, 1, data.length],
    );
    const fields = txRecordToFields(r, 424242n, TOKEN, ADDR);
    assert.deepEqual(fields, {
      type: 0,
      chainId: 424242n,
      nonce: 0n,
      maxPriorityFeePerGas: 3_000_000_000n,
      maxFeePerGas: 3_000_000_000n,
      gasLimit: 50_000n,
      to: TOKEN,
      value: 0n,
      data: transferCalldata(ADDR, 10n ** 18n),
    });
    assert.equal(
      bytesToHex(fields.data),
      `0xa9059cbb000000000000000000000000${ADDR.slice(2)}${n(10n ** 18n, 32)}`,
    );
    assert.throws(() => txRecordToFields(r, 1n, TOKEN), CodecArgumentError);
  });

  it("reads a kind-2 withdrawal as a transfer to the bridge", () => {
    const data = bytes(HEADER, "40", "f80000000800000000", "00", SIG);
    const r = record(data, H);
    assert.deepEqual([r.kind, r.to, r.value, r.nonce], [2, { address: L2_BRIDGE_ADDRESS }, 0n, 1n << 35n]);
    if (r.kind === 2) assert.equal(r.data.length, 0);
  });

  it("reads a kind-3 call with data of 0 and MAX_TX_DATA_BYTES bytes", () => {
    const big = "ab".repeat(1024);
    const data = bytes(
      HEADER,
      "60",
      "01",
      `00${ADDR.slice(2)}`,
      "00",
      "8400",
      big,
      SIG,
      "60",
      "02",
      "01",
      "0101",
      "00",
      SIG,
    );
    const a = record(data, H);
    assert.equal(a.kind, 3);
    if (a.kind !== 3) return;
    assert.deepEqual([a.to, a.value, a.data.length, a.data[1023]], [{ address: ADDR }, 0n, 1024, 0xab]);
    const b = record(data, a.next);
    assert.deepEqual(
      [b.kind, b.to, b.value, b.kind === 3 && b.data.length, b.next],
      [3, { index: 1n }, 1n, 0, data.length],
    );
  });

  it("reads a fee index >= 31 from the escape byte", () => {
    const fees = Array.from({ length: 40 }, (_, i) => fee(2, 21_000 + i, 1n, 2n));
    const data = bytes(
      header(0n, fees),
      "1f",
      "1f",
      "00",
      "01",
      "00",
      SIG,
      "1f",
      "27",
      "00",
      "01",
      "00",
      SIG,
    );
    const a = record(data, 10 + 37 * 40, 40);
    assert.deepEqual([a.feeIndex, a.fee.gasLimit], [31, 21_031n]);
    const b = record(data, a.next, 40);
    assert.deepEqual([b.feeIndex, b.fee.gasLimit], [39, 21_039n]);
  });

  it("refuses each malformed record case of §6.3 at the faulty field", () => {
    const fees40 = Array.from({ length: 40 }, () => FEE_1559);
    const H40 = 10 + 37 * 40;
    const too = "ab".repeat(1025);
    const cases: [string, Uint8Array, number, number, string, number][] = [
      ["empty", bytes(HEADER), H, 2, "past-end", H],
      ["fee index = dictCount", bytes(HEADER, "02 00 01 00", SIG), H, 2, "fee-index-out-of-range", H],
      [
        "escape, index < 31",
        bytes(header(0n, fees40), "1f 1e 00 01 00", SIG),
        H40,
        40,
        "fee-index-not-shortest",
        H40 + 1,
      ],
      [
        "escape, index 0",
        bytes(header(0n, fees40), "1f 00 00 01 00", SIG),
        H40,
        40,
        "fee-index-not-shortest",
        H40 + 1,
      ],
      [
        "escape, index >= dictCount",
        bytes(header(0n, fees40), "1f 28 00 01 00", SIG),
        H40,
        40,
        "fee-index-out-of-range",
        H40 + 1,
      ],
      [
        "escape, index 255",
        bytes(header(0n, fees40), "9f ff 00 01 00", SIG),
        H40,
        40,
        "fee-index-out-of-range",
        H40 + 1,
      ],
      ["escape past the end", bytes(header(0n, fees40), "1f"), H40, 40, "past-end", H40 + 1],
      [
        "fee entry type 1",
        bytes(header(0n, [fee(1, 1, 1n, 1n)]), "00 00 01 00", SIG),
        47,
        1,
        "fee-bad-type",
        10,
      ],
      [
        "legacy tip != maxFee",
        bytes(header(0n, [fee(0, 1, 1n, 2n)]), "00 00 01 00", SIG),
        47,
        1,
        "fee-legacy-tip-mismatch",
        10,
      ],
      ["bad nonce", bytes(HEADER, "00 fa 01 00", SIG), H, 2, "varuint-bad-prefix", H + 1],
      ["non-shortest nonce", bytes(HEADER, "00 8001 01 00", SIG), H, 2, "varuint-not-shortest", H + 1],
      ["non-shortest ref", bytes(HEADER, "00 00 8001 00", SIG), H, 2, "varuint-not-shortest", H + 2],
      ["address past the end", bytes(HEADER, `00 00 00 ${"aa".repeat(19)}`), H, 2, "past-end", H + 3],
      ["bad value", bytes(HEADER, "00 00 01 21", SIG), H, 2, "compact-bad-header", H + 3],
      ["value exponent 78", bytes(HEADER, "00 00 01 414e01", SIG), H, 2, "compact-bad-exponent", H + 3],
      ["value leading zero", bytes(HEADER, "00 00 01 0200ff", SIG), H, 2, "compact-leading-zero", H + 3],
      ["value overflow", bytes(HEADER, "00 00 01 414d02", SIG), H, 2, "compact-overflow", H + 3],
      ["kind 1 bad recipient", bytes(HEADER, "20 00 01 ff 00", SIG), H, 2, "varuint-bad-prefix", H + 3],
      ["kind 1 bad amount", bytes(HEADER, "20 00 01 02 40", SIG), H, 2, "compact-bad-header", H + 4],
      ["kind 2 value past the end", bytes(HEADER, "40 00 41"), H, 2, "past-end", H + 2],
      ["kind 3 data 1025", bytes(HEADER, "60 00 01 00 8401", too, SIG), H, 2, "data-too-long", H + 4],
      [
        "kind 3 data huge",
        bytes(HEADER, "60 00 01 00 f8ffffffffffffffff", SIG),
        H,
        2,
        "data-too-long",
        H + 4,
      ],
      ["kind 3 data past the end", bytes(HEADER, "60 00 01 00 05 aabb"), H, 2, "past-end", H + 5],
      ["r past the end", bytes(HEADER, "00 00 01 00", "11".repeat(31)), H, 2, "past-end", H + 4],
      ["s past the end", bytes(HEADER, "00 00 01 00", SIG.slice(0, -2)), H, 2, "past-end", H + 36],
    ];
    for (const [name, data, offset, dictCount, reason, at] of cases) {
      const m = malformed(readTxRecord(data, offset, dictCount));
      assert.deepEqual([m.reason, m.at], [reason, at], name);
    }
  });

  it("reports malformed, not an exception, for offsets outside the data", () => {
    const data = bytes(HEADER);
    assert.equal(malformed(readTxRecord(data, data.length + 5, 2)).reason, "past-end");
    assert.equal(malformed(readTxRecord(data, -1, 2)).reason, "past-end");
    assert.equal(malformed(readBlockHeader(data, 1e9)).reason, "past-end");
  });
});

describe("decodeBatch", () => {
  const TX0 = `80 05 812c 41110f ${SIG}`;
  const TX2 = `40 00 00 ${SIG}`;

  it("walks blocks and records, summing timestamp deltas, and ends at the data end", () => {
    // Block A: delta 0, base fee 10^9, 1 queue entry, 2 txs; block B: delta 3, empty; block C: delta 0, 1 tx.
    const data = bytes(HEADER, "00 410901 01 02", TX0, TX2, "03 00 00 00", "00 00 00 01", TX0);
    const d = decodeBatch(data);
    assert.deepEqual(d.header, { timestamp: 1_700_000_000n, dictCount: 2, next: H });
    assert.deepEqual(
      d.blocks.map((b) => [
        b.offset,
        b.timestamp,
        b.header.baseFee,
        b.header.queueCount,
        b.txs.map((t) => t.kind),
      ]),
      [
        [H, 1_700_000_000n, 10n ** 9n, 1n, [0, 2]],
        [H + 6 + 71 + 67, 1_700_000_003n, 0n, 0n, []],
        [H + 6 + 71 + 67 + 4, 1_700_000_003n, 0n, 0n, [0]],
      ],
    );
    assert.deepEqual(d.stop, { status: "ended", offset: data.length });
  });

  it("halts at the start of the malformed unit and keeps the prefix before it", () => {
    const good = `00 00 00 02 ${TX0}`;
    const a = decodeBatch(bytes(HEADER, good, "02 00 01 00", SIG));
    assert.deepEqual(a.blocks[0]!.txs.length, 1);
    assert.deepEqual(a.stop, {
      status: "halted",
      offset: H + 4 + 71,
      reason: "fee-index-out-of-range",
      at: H + 4 + 71,
    });

    // A block that declares more records than the data holds: the surplus is "past the end".
    const b = decodeBatch(bytes(HEADER, good));
    assert.deepEqual(b.stop, { status: "halted", offset: H + 4 + 71, reason: "past-end", at: H + 4 + 71 });

    const c = decodeBatch(bytes(HEADER, "00 00 00 00", "ff"));
    assert.deepEqual(c.stop, { status: "halted", offset: H + 4, reason: "varuint-bad-prefix", at: H + 4 });
    assert.equal(c.blocks.length, 1);

    const e = decodeBatch(bytes("02", HEADER.slice(2)));
    assert.deepEqual(
      [e.header, e.blocks, e.stop],
      [null, [], { status: "halted", offset: 0, reason: "bad-version", at: 0 }],
    );

    const f = decodeBatch(bytes(HEADER, "00 00 00 f8ffffffffffffffff", TX0));
    assert.deepEqual([f.blocks[0]!.txs.length, f.stop.status, f.stop.offset], [1, "halted", H + 12 + 71]);
  });

  it("ends at once on a header with no blocks", () => {
    assert.deepEqual(decodeBatch(bytes(HEADER)).stop, { status: "ended", offset: H });
  });
});
