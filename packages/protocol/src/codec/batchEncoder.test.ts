import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Address, bytesToHex } from "../bytes.ts";
import { L2_BRIDGE_ADDRESS, MAX_BATCH_BYTES } from "../constants.ts";
import { BatchEncoder, createBatchEncoder, encodeBatch } from "./batchEncoder.ts";
import { decodeBatch } from "./decodeBatch.ts";
import {
  BatchTooLargeError,
  EncoderStateError,
  FeeDictionaryFullError,
  UnencodableBlockError,
  UnencodableTransactionError,
} from "./errors.ts";
import { transferCalldata } from "./tokenTransfer.ts";
import { type EncodableTx, planTxRecord, txRecordKind } from "./txRecordWriter.ts";

const R = 0x1111111111111111111111111111111111111111111111111111111111111111n;
const S = 0x2222222222222222222222222222222222222222222222222222222222222222n;
const SIG = R.toString(16) + S.toString(16);
const ALICE: Address = "0xabcdef0123456789abcdef0123456789abcdef01";
const TOKEN: Address = "0x4a1c7070000000000000000000000000000000aa";

function tx(overrides: Partial<EncodableTx> = {}): EncodableTx {
  return {
    type: 2,
    nonce: 5n,
    maxPriorityFeePerGas: 1_000_000n,
    maxFeePerGas: 2_000_000_000n,
    gasLimit: 21_000n,
    to: ALICE,
    value: 15n * 10n ** 17n,
    data: new Uint8Array(0),
    yParity: 1,
    r: R,
    s: S,
    ...overrides,
  };
}

const BLOCK = { timestamp: 1_700_000_000n, baseFee: 10n ** 9n, queueCount: 1n };

describe("encodeBatch", () => {
  it("writes the bytes of §6.3", () => {
    const data = encodeBatch({
      timestamp: 1_700_000_000n,
      blocks: [{ ...BLOCK, txs: [tx({ toIndex: 300n })] }],
    });
    const expected =
      "0x01" +
      "000000006553f100" + // timestamp
      "01" + // dictCount
      "02" +
      "00005208" +
      "000000000000000000000000000f4240" +
      "00000000000000000000000077359400" + // fee entry: type 2, 21000, 10^6, 2*10^9
      "00" +
      "410901" +
      "01" +
      "01" + // block: delta 0, base fee 10^9, 1 queue entry, 1 tx
      "80" +
      "05" +
      "812c" +
      "41110f" +
      SIG; // yParity 1, kind 0, fee 0; nonce 5; to #300; 1.5 ETH
    assert.equal(bytesToHex(data), expected);
  });

  it("writes a full address for a transaction without an index hint", () => {
    const data = encodeBatch({ timestamp: 0n, blocks: [{ ...BLOCK, timestamp: 0n, txs: [tx()] }] });
    assert.ok(bytesToHex(data).includes(`800500${ALICE.slice(2)}41110f`));
  });

  it("picks the record kind from to, value and data", () => {
    const transfer = transferCalldata(ALICE, 7n);
    const dirty = transferCalldata(ALICE, 7n);
    dirty[4] = 1;
    const cases: [Partial<EncodableTx>, number][] = [
      [{}, 0],
      [{ to: L2_BRIDGE_ADDRESS }, 2],
      [{ to: L2_BRIDGE_ADDRESS.toUpperCase().replace("0X", "0x") as Address }, 2],
      [{ to: L2_BRIDGE_ADDRESS, data: Uint8Array.of(1) }, 3],
      [{ to: TOKEN, value: 0n, data: transfer }, 1],
      [{ to: TOKEN.toUpperCase().replace("0X", "0x") as Address, value: 0n, data: transfer }, 1],
      [{ to: TOKEN, value: 1n, data: transfer }, 3],
      [{ to: TOKEN, value: 0n, data: dirty }, 3],
      [{ to: TOKEN, value: 0n, data: transfer.subarray(0, 67) }, 3],
      [{ to: TOKEN, value: 0n, data: Uint8Array.from([...transfer, 0]) }, 3],
      [{ to: ALICE, value: 0n, data: transfer }, 3],
      [{ to: TOKEN }, 0],
      [{ data: Uint8Array.of(0) }, 3],
    ];
    for (const [overrides, kind] of cases) {
      assert.equal(txRecordKind(tx(overrides)), kind, JSON.stringify(Object.keys(overrides)));
      assert.equal(planTxRecord(tx(overrides)).kind, kind);
      const data = encodeBatch({
        timestamp: 0n,
        blocks: [{ ...BLOCK, timestamp: 0n, txs: [tx(overrides)] }],
      });
      assert.equal(decodeBatch(data).blocks[0]!.txs[0]!.kind, kind);
    }
  });

  it("refuses transactions the encoding cannot hold, naming the field", () => {
    const cases: [Partial<EncodableTx>, string][] = [
      [{ type: 1 as 2 }, "type"],
      [{ yParity: 2 as 1 }, "yParity"],
      [{ nonce: 1n << 64n }, "nonce"],
      [{ nonce: -1n }, "nonce"],
      [{ gasLimit: 1n << 32n }, "gasLimit"],
      [{ maxPriorityFeePerGas: 1n << 128n }, "maxPriorityFeePerGas"],
      [{ maxFeePerGas: 1n << 128n }, "maxFeePerGas"],
      [{ type: 0 }, "maxPriorityFeePerGas"], // legacy with tip != maxFee
      [{ value: 1n << 256n }, "value"],
      [{ r: 1n << 256n }, "r"],
      [{ s: -1n }, "s"],
      [{ to: "0x1234" as Address }, "to"],
      [{ data: new Uint8Array(1025) }, "data"],
      [{ toIndex: 0n }, "toIndex"],
      [{ toIndex: 1n << 64n }, "toIndex"],
      [{ recipientIndex: 0n }, "recipientIndex"],
    ];
    for (const [overrides, field] of cases) {
      const encoder = createBatchEncoder(0n);
      encoder.addBlock({ ...BLOCK, timestamp: 0n });
      const before = encoder.size;
      assert.throws(
        () => encoder.addTx(tx(overrides)),
        (e: unknown) => e instanceof UnencodableTransactionError && e.details.field === field,
        field,
      );
      assert.throws(() => encoder.sizeAfterTx(tx(overrides)), UnencodableTransactionError);
      assert.equal(encoder.size, before);
      assert.equal(encoder.finish().length, before);
    }
    // The limits themselves are fine.
    const encoder = createBatchEncoder(0n);
    encoder.addBlock({ ...BLOCK, timestamp: 0n });
    encoder.addTx(
      tx({
        nonce: (1n << 64n) - 1n,
        gasLimit: (1n << 32n) - 1n,
        maxPriorityFeePerGas: (1n << 128n) - 1n,
        maxFeePerGas: (1n << 128n) - 1n,
        data: new Uint8Array(1024),
        toIndex: (1n << 64n) - 1n,
      }),
    );
    encoder.addTx(tx({ type: 0, maxPriorityFeePerGas: 7n, maxFeePerGas: 7n }));
    assert.equal(decodeBatch(encoder.finish()).blocks[0]!.txs.length, 2);
  });

  it("refuses blocks before the batch timestamp, decreasing timestamps and base fees >= 2^128", () => {
    const encoder = createBatchEncoder(100n);
    assert.throws(() => encoder.addTx(tx()), EncoderStateError);
    assert.throws(() => encoder.addBlock({ ...BLOCK, timestamp: 99n }), UnencodableBlockError);
    encoder.addBlock({ ...BLOCK, timestamp: 100n });
    encoder.addBlock({ ...BLOCK, timestamp: 105n });
    assert.throws(() => encoder.addBlock({ ...BLOCK, timestamp: 104n }), UnencodableBlockError);
    assert.throws(() => encoder.sizeAfterBlock({ ...BLOCK, timestamp: 104n }), UnencodableBlockError);
    assert.throws(
      () => encoder.addBlock({ ...BLOCK, timestamp: 105n, baseFee: 1n << 128n }),
      UnencodableBlockError,
    );
    assert.throws(() => encoder.addBlock({ ...BLOCK, timestamp: 1n << 64n }), UnencodableBlockError);
    assert.throws(
      () => encoder.addBlock({ ...BLOCK, timestamp: 105n, queueCount: 1n << 64n }),
      UnencodableBlockError,
    );
    assert.throws(() => createBatchEncoder(1n << 64n), UnencodableBlockError);
    encoder.addBlock({ ...BLOCK, timestamp: 105n, baseFee: (1n << 128n) - 1n });
    const decoded = decodeBatch(encoder.finish());
    assert.deepEqual(
      decoded.blocks.map((b) => [b.timestamp, b.header.timestampDelta]),
      [
        [100n, 0n],
        [105n, 5n],
        [105n, 0n],
      ],
    );
  });

  it("deduplicates fee entries in first-use order and refuses a 256th", () => {
    const encoder = new BatchEncoder(0n);
    encoder.addBlock({ ...BLOCK, timestamp: 0n });
    for (let i = 0; i < 255; i++) {
      encoder.addTx(tx({ gasLimit: BigInt(21_000 + i) }));
      encoder.addTx(tx({ gasLimit: 21_000n }));
    }
    assert.equal(encoder.feeEntryCount, 255);
    const extra = tx({ gasLimit: 1n });
    assert.equal(encoder.canAddTx(extra), false);
    assert.throws(() => encoder.addTx(extra), FeeDictionaryFullError);
    assert.equal(encoder.canAddTx(tx({ gasLimit: 21_254n })), true);
    encoder.addTx(tx({ gasLimit: 21_254n }));
    const records = decodeBatch(encoder.finish()).blocks[0]!.txs;
    assert.deepEqual(
      records.slice(0, 6).map((r) => r.feeIndex),
      [0, 0, 1, 0, 2, 0],
    );
    assert.equal(records.at(-1)!.feeIndex, 254);
    assert.equal(records.at(-1)!.fee.gasLimit, 21_254n);
  });

  it("tracks its size exactly, across the txCount varuint growing and fee index escapes", () => {
    const encoder = new BatchEncoder(0n);
    encoder.addBlock({ ...BLOCK, timestamp: 0n });
    for (let i = 0; i < 300; i++) {
      const t = tx({ gasLimit: BigInt(21_000 + (i % 40)), toIndex: BigInt(i + 1) });
      const predicted = encoder.sizeAfterTx(t);
      encoder.addTx(t);
      assert.equal(encoder.size, predicted);
      assert.equal(encoder.finish().length, encoder.size);
    }
    assert.equal(encoder.stepCount, 1 + 1 + 300);
    assert.equal(encoder.txCount, 300);
  });

  it("lets the batcher stop before MAX_BATCH_BYTES", () => {
    const encoder = new BatchEncoder(0n);
    encoder.addBlock({ ...BLOCK, timestamp: 0n });
    const big = tx({ data: new Uint8Array(1024).fill(1) });
    let added = 0;
    while (encoder.canAddTx(big)) {
      encoder.addTx(big);
      added++;
    }
    assert.ok(encoder.size <= MAX_BATCH_BYTES && encoder.sizeAfterTx(big) > MAX_BATCH_BYTES);
    assert.equal(encoder.finish().length, encoder.size);
    assert.equal(decodeBatch(encoder.finish()).blocks[0]!.txs.length, added);
    encoder.addTx(big);
    assert.throws(() => encoder.finish(), BatchTooLargeError);
  });
});
