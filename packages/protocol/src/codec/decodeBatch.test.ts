import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { type Address, bytesToHex } from "../bytes.ts";
import { DEVNET_L2_CHAIN_ID, L2_BRIDGE_ADDRESS, MAX_UINT256 } from "../constants.ts";
import { BatchEncoder, type BatchInput } from "./batchEncoder.ts";
import { readBlockHeader, readTxRecord, txRecordToFields } from "./batchReader.ts";
import { type DecodedBatch, decodeBatch } from "./decodeBatch.ts";
import { parseTransferCalldata, transferCalldata } from "./tokenTransfer.ts";
import { type EncodableTx, txRecordKind } from "./txRecordWriter.ts";
import type { AddressRef } from "./types.ts";

// Property tests of the whole codec: decode(encode(x)) == x, and decoding never throws and keeps the
// longest well-formed prefix.

const MAX_U64 = (1n << 64n) - 1n;
const MAX_U128 = (1n << 128n) - 1n;
const MAX_U32 = (1n << 32n) - 1n;

const bits = (max: bigint) => fc.bigInt({ min: 0n, max });
const edgy = (max: bigint) => fc.oneof(bits(max), fc.constantFrom(0n, 1n, max, max - 1n), bits(1000n));

type Fee = { type: 0 | 2; gasLimit: bigint; maxPriorityFeePerGas: bigint; maxFeePerGas: bigint };
const feeArb: fc.Arbitrary<Fee> = fc.oneof(
  fc.record({
    type: fc.constant(2 as const),
    gasLimit: edgy(MAX_U32),
    maxPriorityFeePerGas: edgy(MAX_U128),
    maxFeePerGas: edgy(MAX_U128),
  }),
  fc.record({ gasLimit: edgy(MAX_U32), price: edgy(MAX_U128) }).map(({ gasLimit, price }) => ({
    type: 0 as const,
    gasLimit,
    maxPriorityFeePerGas: price,
    maxFeePerGas: price,
  })),
);

const valueArb = fc.oneof(
  bits(MAX_UINT256),
  fc.constantFrom(0n, 1n, MAX_UINT256, 10n ** 18n, 15n * 10n ** 17n, 10n ** 77n),
  fc
    .tuple(fc.bigInt({ min: 1n, max: 10_000n }), fc.integer({ min: 1, max: 77 }))
    .map(([m, e]) => m * 10n ** BigInt(e))
    .filter((v) => v <= MAX_UINT256),
  bits(10n ** 19n),
);

const hex20 = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => bytesToHex(b) as Address);
const plainAddress = hex20.filter((a) => a !== L2_BRIDGE_ADDRESS);
const tokenAddress = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((b) => `0x4a1c7070${bytesToHex(b).slice(2)}` as Address);
const indexHint = fc.option(
  fc.oneof(fc.bigInt({ min: 1n, max: 2000n }), fc.bigInt({ min: 1n, max: MAX_U64 })),
  {
    nil: undefined,
  },
);

type Body = Pick<EncodableTx, "to" | "value" | "data" | "toIndex" | "recipientIndex">;
const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  // kind 0
  fc
    .record({ to: plainAddress, value: valueArb, toIndex: indexHint })
    .map((b) => ({ ...b, data: new Uint8Array(0) })),
  // kind 1
  fc
    .record({
      to: tokenAddress,
      recipient: hex20,
      amount: valueArb,
      toIndex: indexHint,
      recipientIndex: indexHint,
    })
    .map(({ to, recipient, amount, toIndex, recipientIndex }) => ({
      to,
      value: 0n,
      data: transferCalldata(recipient, amount),
      toIndex,
      recipientIndex,
    })),
  // kind 2 (a to-index hint is ignored)
  fc
    .record({ value: valueArb, toIndex: indexHint })
    .map((b) => ({ ...b, to: L2_BRIDGE_ADDRESS, data: new Uint8Array(0) })),
  // kind 3, including near-misses of kinds 1 and 2
  fc.record({
    to: fc.oneof(hex20, tokenAddress, fc.constant(L2_BRIDGE_ADDRESS)),
    value: valueArb,
    data: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 1024 }),
      fc.uint8Array({ minLength: 1, maxLength: 80 }),
      fc.tuple(hex20, valueArb, fc.nat(67)).map(([r, a, i]) => {
        const d = transferCalldata(r, a);
        d[i < 4 ? i : 4 + (i % 12)]! ^= 1; // a wrong selector or dirty address padding
        return d;
      }),
    ),
    toIndex: indexHint,
  }),
  // token-transfer calldata with a value, or to a non-token address: kind 3
  fc
    .record({ to: fc.oneof(tokenAddress, plainAddress), recipient: hex20, amount: valueArb, value: valueArb })
    .map(({ to, recipient, amount, value }) => ({
      to,
      value: to.startsWith("0x4a1c7070") && value === 0n ? 1n : value,
      data: transferCalldata(recipient, amount),
    })),
);

type TxSeed = { feeIndex: number; nonce: bigint; yParity: 0 | 1; r: bigint; s: bigint; body: Body };
const txSeedArb: fc.Arbitrary<TxSeed> = fc.record({
  feeIndex: fc.nat(),
  nonce: edgy(MAX_U64),
  yParity: fc.constantFrom(0 as const, 1 as const),
  r: edgy(MAX_UINT256),
  s: edgy(MAX_UINT256),
  body: bodyArb,
});

function makeTx(seed: TxSeed, fees: readonly Fee[]): EncodableTx {
  const fee = fees[seed.feeIndex % fees.length]!;
  const tx: EncodableTx = {
    ...fee,
    nonce: seed.nonce,
    yParity: seed.yParity,
    r: seed.r,
    s: seed.s,
    ...seed.body,
  };
  return tx;
}

const batchArb: fc.Arbitrary<BatchInput> = fc
  .record({
    timestamp: fc.oneof(bits(1n << 62n), fc.constant(0n)),
    fees: fc.array(feeArb, { minLength: 1, maxLength: 255 }),
    blocks: fc.array(
      fc.record({
        dt: fc.oneof(bits(100n), bits(1n << 58n)),
        baseFee: edgy(MAX_U128),
        queueCount: edgy(MAX_U64),
        txs: fc.array(txSeedArb, { maxLength: 12 }),
      }),
      { maxLength: 6 },
    ),
  })
  .map(({ timestamp, fees, blocks }) => {
    let t = timestamp;
    return {
      timestamp,
      blocks: blocks.map((b) => {
        t += b.dt;
        return {
          timestamp: t,
          baseFee: b.baseFee,
          queueCount: b.queueCount,
          txs: b.txs.map((s) => makeTx(s, fees)),
        };
      }),
    };
  });

/** Encodes with the incremental encoder, checking its size accounting at every step. */
function encodeChecked(input: BatchInput): Uint8Array {
  const encoder = new BatchEncoder(input.timestamp);
  for (const block of input.blocks) {
    const predicted = encoder.sizeAfterBlock(block);
    encoder.addBlock(block);
    assert.equal(encoder.size, predicted);
    for (const tx of block.txs) {
      const after = encoder.sizeAfterTx(tx);
      assert.equal(encoder.canAddTx(tx, after), true);
      assert.equal(encoder.canAddTx(tx, after - 1), false);
      encoder.addTx(tx);
      assert.equal(encoder.size, after);
    }
  }
  const data = encoder.finish();
  assert.equal(data.length, encoder.size);
  return data;
}

function expectedRef(address: Address, index: bigint | undefined): AddressRef {
  return index === undefined ? { address: address.toLowerCase() as Address } : { index };
}

function assertDecodesTo(decoded: DecodedBatch, input: BatchInput, data: Uint8Array): void {
  assert.deepEqual(decoded.stop, { status: "ended", offset: data.length });
  assert.ok(decoded.header !== null);
  assert.equal(decoded.header.timestamp, input.timestamp);
  assert.equal(decoded.blocks.length, input.blocks.length);
  input.blocks.forEach((block, i) => {
    const got = decoded.blocks[i]!;
    assert.deepEqual(
      [got.timestamp, got.header.baseFee, got.header.queueCount, got.header.txCount, got.txs.length],
      [block.timestamp, block.baseFee, block.queueCount, BigInt(block.txs.length), block.txs.length],
    );
    block.txs.forEach((tx, j) => {
      const record = got.txs[j]!;
      const kind = txRecordKind(tx);
      assert.equal(record.kind, kind);
      assert.deepEqual(
        [record.yParity, record.nonce, record.r, record.s],
        [tx.yParity, tx.nonce, tx.r, tx.s],
      );
      assert.deepEqual(record.fee, {
        type: tx.type,
        gasLimit: tx.gasLimit,
        maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
        maxFeePerGas: tx.maxFeePerGas,
      });
      const to = tx.to.toLowerCase() as Address;
      assert.deepEqual(record.to, kind === 2 ? { address: L2_BRIDGE_ADDRESS } : expectedRef(to, tx.toIndex));
      let recipient: Address | undefined;
      if (record.kind === 1) {
        recipient = parseTransferCalldata(tx.data)!.recipient;
        assert.deepEqual(record.recipient, expectedRef(recipient, tx.recipientIndex));
      }
      // Resolving the references (as the state would) gives back the signed fields.
      assert.deepEqual(txRecordToFields(record, DEVNET_L2_CHAIN_ID, to, recipient), {
        type: tx.type,
        chainId: DEVNET_L2_CHAIN_ID,
        nonce: tx.nonce,
        maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
        maxFeePerGas: tx.maxFeePerGas,
        gasLimit: tx.gasLimit,
        to,
        value: tx.value,
        data: tx.data,
      });
    });
  });
}

function assertSane(decoded: DecodedBatch, length: number): void {
  let offset = decoded.header?.next ?? 0;
  for (const block of decoded.blocks) {
    assert.equal(block.offset, offset);
    offset = block.header.next;
    for (const record of block.txs) {
      assert.ok(record.next > offset && record.next <= length);
      offset = record.next;
    }
  }
  assert.equal(decoded.stop.offset, decoded.header === null ? 0 : offset);
  assert.ok(decoded.stop.offset <= length);
  if (decoded.stop.status === "ended") assert.equal(decoded.stop.offset, length);
  else if (decoded.stop.reason.startsWith("fee-") && decoded.stop.at < decoded.stop.offset) {
    // A record that uses a bad fee entry: `at` is the entry's offset in the header.
    assert.ok(decoded.header !== null && decoded.stop.at < decoded.header.next);
  } else assert.ok(decoded.stop.at >= decoded.stop.offset && decoded.stop.at <= length);
}

describe("batch round trip", () => {
  it("decodes what the encoder wrote, for every record kind, reference and value", () => {
    fc.assert(
      fc.property(batchArb, (input) => {
        const data = encodeChecked(input);
        assertDecodesTo(decodeBatch(data), input, data);
      }),
      { numRuns: 200 },
    );
  });

  it("fills a 255-entry fee dictionary in first-use order, with index escapes from 31 on", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(feeArb, {
          minLength: 255,
          maxLength: 255,
          selector: (f) => `${f.type}:${f.gasLimit}:${f.maxPriorityFeePerGas}:${f.maxFeePerGas}`,
        }),
        txSeedArb,
        (fees, seed) => {
          const txs = fees.map((_, i) => makeTx({ ...seed, feeIndex: i }, fees));
          // Reuse entries in reverse too: no new entry is needed.
          txs.push(...fees.map((_, i) => makeTx({ ...seed, feeIndex: 254 - i }, fees)).slice(0, 40));
          const input: BatchInput = {
            timestamp: 1n,
            blocks: [{ timestamp: 1n, baseFee: 1n, queueCount: 0n, txs }],
          };
          const data = encodeChecked(input);
          const decoded = decodeBatch(data);
          assert.equal(decoded.header?.dictCount, 255);
          assert.deepEqual(
            decoded.blocks[0]!.txs.map((t) => t.feeIndex),
            [...fees.keys(), ...[...fees.keys()].reverse().slice(0, 40)],
          );
          assertDecodesTo(decoded, input, data);
        },
      ),
      { numRuns: 10 },
    );
  });
});

describe("decoding arbitrary data", () => {
  it("keeps the longest well-formed prefix of a truncated batch", () => {
    fc.assert(
      fc.property(batchArb, fc.double({ min: 0, max: 1, noNaN: true }), (input, at) => {
        const data = encodeChecked(input);
        const full = decodeBatch(data);
        const cut = Math.min(data.length - 1, Math.floor(at * data.length));
        if (cut < 0) return;
        const part = decodeBatch(data.subarray(0, cut));
        assertSane(part, cut);
        if (part.header === null) {
          assert.ok(cut < (full.header?.next ?? 0));
          return;
        }
        assert.deepEqual(part.header, full.header);
        assert.ok(part.blocks.length <= full.blocks.length);
        part.blocks.forEach((block, i) => {
          const original = full.blocks[i]!;
          assert.deepEqual(block.header, original.header);
          assert.equal(block.timestamp, original.timestamp);
          assert.deepEqual(block.txs, original.txs.slice(0, block.txs.length));
          if (i < part.blocks.length - 1) assert.equal(block.txs.length, original.txs.length);
        });
        if (part.stop.status === "ended") {
          // Only at a block boundary.
          assert.ok(full.blocks.some((b) => b.offset === cut));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on mutated batches", () => {
    const mutation = fc.oneof(
      fc.record({ op: fc.constant("set" as const), at: fc.nat(), byte: fc.nat(255) }),
      fc.record({ op: fc.constant("insert" as const), at: fc.nat(), byte: fc.nat(255) }),
      fc.record({ op: fc.constant("delete" as const), at: fc.nat(), byte: fc.nat(8) }),
    );
    fc.assert(
      fc.property(batchArb, fc.array(mutation, { minLength: 1, maxLength: 4 }), (input, mutations) => {
        let data = encodeChecked(input);
        for (const m of mutations) {
          const i = data.length === 0 ? 0 : m.at % (data.length + (m.op === "insert" ? 1 : 0));
          const next = [...data];
          if (m.op === "set" && next.length > 0) next[i] = m.byte;
          if (m.op === "insert") next.splice(i, 0, m.byte);
          if (m.op === "delete") next.splice(i, m.byte + 1);
          data = Uint8Array.from(next);
        }
        assertSane(decodeBatch(data), data.length);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on random bytes, with or without a valid header", () => {
    const headed = fc
      .tuple(
        fc.integer({ min: 0, max: 3 }),
        fc.uint8Array({ maxLength: 111 }),
        fc.uint8Array({ maxLength: 2000 }),
      )
      .map(([count, entries, rest]) => {
        const dict = Uint8Array.from({ length: 37 * count }, (_, i) => entries[i] ?? (i % 37 === 0 ? 2 : 0));
        return Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, count, ...dict, ...rest]);
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 3000 }), headed), (data) => {
        assertSane(decodeBatch(data), data.length);
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws reading any unit at any offset", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.integer({ min: -2, max: 410 }),
        fc.nat(255),
        (data, offset, dict) => {
          readBlockHeader(data, offset);
          readTxRecord(data, offset, dict);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
