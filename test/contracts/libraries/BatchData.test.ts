// BatchData.sol against the TypeScript batch codec (packages/protocol/src/codec): the data commitment
// and chunk proofs, reads at every offset of random data built from well-formed and malformed varuints,
// compacts and address references (compared with the codec's cursor readers), the edge between
// "malformed" (past the data's end) and "insufficient witness", and every rejected witness.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import { parseAbi } from "viem";
import { bigintToBytes } from "../../../packages/protocol/src/bytes.ts";
import { ByteWriter } from "../../../packages/protocol/src/codec/byteWriter.ts";
import { readCompact, writeCompact } from "../../../packages/protocol/src/codec/compact.ts";
import { ByteCursor } from "../../../packages/protocol/src/codec/cursor.ts";
import {
  chunkProof,
  computeChunkRoot,
  dataRootFromChunkRoot,
} from "../../../packages/protocol/src/codec/dataCommitment.ts";
import { readVaruint, writeVaruint } from "../../../packages/protocol/src/codec/varuint.ts";
import { DATA_CHUNK_BYTES, MAX_BATCH_BYTES } from "../../../packages/protocol/src/constants.ts";
import { keccak256Pair } from "../../../packages/protocol/src/crypto/keccak.ts";
import { type DataWindow, dataWindow } from "../../../packages/protocol/src/witness/stepWitness.ts";
import { bytesToHex, createRng, deployHarness, expectRevert, type Hex, type Rng } from "./helpers.ts";

const abi = parseAbi([
  "struct Segment { uint256 firstChunk; bytes chunks; bytes32[7][] paths; }",
  "struct Witness { bytes32 chunkRoot; uint256 dataLength; Segment[] segments; }",
  "struct Reader { uint256 dataLength; uint256[] segments; }",
  "struct Read { uint8 kind; uint256 offset; uint256 size; }",
  "struct Result { uint256 value; uint256 next; bool ok; address account; bytes data; }",
  "function open(bytes32 dataRoot, Witness witness) pure returns (Reader)",
  "function read(bytes32 dataRoot, Witness witness, Read[] reads) pure returns (Result[] results)",
  "function gasOpen(bytes32 dataRoot, Witness witness) view returns (uint256 gasUsed)",
  "function gasReads(bytes32 dataRoot, Witness witness, Read[] reads) view returns (uint256[] gasUsed)",
  "error DataRootMismatch(bytes32 dataRoot, bytes32 computed)",
  "error DataTooLong(uint256 dataLength)",
  "error ChunkOutOfRange(uint256 firstChunk, uint256 count)",
  "error SegmentLengthMismatch(uint256 firstChunk, uint256 length, uint256 expected)",
  "error ChunkProofMismatch(uint256 chunkIndex)",
  "error InsufficientWitness(uint256 offset, uint256 size)",
  "error ReadTooWide(uint256 size)",
]);

const { viem } = await network.create();
const harness = await deployHarness(viem, "BatchDataHarness", abi);

const READ_UINT = 0;
const READ_VARUINT = 1;
const READ_COMPACT = 2;
const READ_ADDRESS_REF = 3;
const READ_BYTES = 4;
const KINDS = [READ_UINT, READ_VARUINT, READ_COMPACT, READ_ADDRESS_REF, READ_BYTES];

/** A chunk's Merkle path: DATA_TREE_DEPTH (7) siblings, bottom-up. */
type Path = readonly [Hex, Hex, Hex, Hex, Hex, Hex, Hex];
type Segment = { firstChunk: bigint; chunks: Hex; paths: Path[] };
type Witness = { chunkRoot: Hex; dataLength: bigint; segments: Segment[] };
type Read = { kind: number; offset: bigint; size: bigint };
type Expected = { value: bigint; next: bigint; ok: boolean; account: Hex; data: Hex };

const NO_ADDRESS: Hex = `0x${"00".repeat(20)}`;

function toPath(words: readonly Uint8Array[]): Path {
  assert.equal(words.length, 7);
  return words.map(bytesToHex) as unknown as Path;
}

/** Chunks first .. first+count-1 of `data` as one segment, with their proofs from the codec. */
function segment(data: Uint8Array, first: number, count: number): Segment {
  const start = first * DATA_CHUNK_BYTES;
  const end = Math.min(data.length, (first + count) * DATA_CHUNK_BYTES);
  const paths = Array.from({ length: count }, (_, j) => toPath(chunkProof(data, first + j)));
  return { firstChunk: BigInt(first), chunks: bytesToHex(data.subarray(start, end)), paths };
}

/** The TS one-step witness's DataWindow as a segment: its chunks concatenated, its proofs as paths. */
function segmentFromWindow(window: DataWindow): Segment {
  const chunks = new Uint8Array(window.chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of window.chunks) {
    chunks.set(c, at);
    at += c.length;
  }
  return {
    firstChunk: BigInt(window.firstChunk),
    chunks: bytesToHex(chunks),
    paths: window.proofs.map(toPath),
  };
}

function commit(data: Uint8Array): { dataRoot: Hex; chunkRoot: Hex } {
  const chunkRoot = computeChunkRoot(data);
  return {
    chunkRoot: bytesToHex(chunkRoot),
    dataRoot: bytesToHex(dataRootFromChunkRoot(chunkRoot, data.length)),
  };
}

function witness(data: Uint8Array, segments: Segment[]): { dataRoot: Hex; witness: Witness } {
  const { dataRoot, chunkRoot } = commit(data);
  return { dataRoot, witness: { chunkRoot, dataLength: BigInt(data.length), segments } };
}

/** Every chunk of the data as one segment (none for empty data). */
function fullWitness(data: Uint8Array) {
  const chunks = Math.ceil(data.length / DATA_CHUNK_BYTES);
  return witness(data, chunks === 0 ? [] : [segment(data, 0, chunks)]);
}

/** What the codec's cursor reads at `offset`, in the harness's result shape. */
function expectedRead(data: Uint8Array, r: Read): Expected {
  const offset = Number(r.offset);
  const size = Number(r.size);
  const c = new ByteCursor(data, offset);
  const out: Expected = { value: 0n, next: r.offset, ok: false, account: NO_ADDRESS, data: "0x" };
  switch (r.kind) {
    case READ_UINT:
      out.value = c.uint(size);
      break;
    case READ_VARUINT:
      out.value = readVaruint(c);
      break;
    case READ_COMPACT:
      out.value = readCompact(c);
      break;
    case READ_ADDRESS_REF: {
      // As the codec's record reader does: a varuint, then 20 address bytes if it is 0.
      out.value = readVaruint(c);
      if (c.ok && out.value === 0n && c.has(20)) out.account = bytesToHex(c.bytes(20));
      break;
    }
    default:
      out.data = bytesToHex(c.bytes(size));
  }
  if (!c.ok) return { value: 0n, next: r.offset, ok: false, account: NO_ADDRESS, data: "0x" };
  return { ...out, next: BigInt(c.pos), ok: true };
}

async function checkReads(data: Uint8Array, reads: Read[], w = fullWitness(data)): Promise<void> {
  for (let i = 0; i < reads.length; i += 600) {
    const batch = reads.slice(i, i + 600);
    const results = await harness.read.read([w.dataRoot, w.witness, batch]);
    batch.forEach((r, j) => {
      const got = results[j]!;
      const actual = {
        value: got.value,
        next: got.next,
        ok: got.ok,
        account: got.account.toLowerCase(),
        data: got.data,
      };
      assert.deepEqual(actual, expectedRead(data, r), `kind ${r.kind} at ${r.offset} (size ${r.size})`);
    });
  }
}

/**
 * Random batch-like data: well-formed varuints and compacts of every length class, malformed ones
 * (non-shortest forms, bad first bytes, leading zeros, bad exponents, overflows), non-canonical but
 * well-formed compacts, address references, and raw bytes.
 */
function randomData(rng: Rng, length: number): Uint8Array {
  const w = new ByteWriter(length + 64);
  const varuintValue = () =>
    rng.pick([
      0n,
      0x7fn,
      0x80n,
      0x3fffn,
      0x4000n,
      0x1fffffn,
      0x200000n,
      (1n << 35n) - 1n,
      1n << 35n,
      (1n << 64n) - 1n,
      rng.bigint(1 + rng.int(64)),
    ]);
  while (w.length < length) {
    switch (rng.int(12)) {
      case 0:
      case 1:
        writeVaruint(w, varuintValue());
        break;
      case 2: {
        // A longer form than the value needs (or a random payload in a random form).
        const extra = rng.pick([1, 2, 3, 4, 8]);
        const prefix = { 1: 0x80, 2: 0xc0, 3: 0xe0, 4: 0xf0, 8: 0xf8 }[extra]!;
        w.u8(prefix | (extra === 8 ? 0 : rng.int(2)));
        w.bytes(rng.chance(0.5) ? new Uint8Array(extra) : rng.bytes(extra));
        break;
      }
      case 3:
        w.u8(0xf9 + rng.int(7));
        break;
      case 4:
      case 5:
        writeCompact(
          w,
          rng.pick([
            0n,
            1n,
            10n ** 18n,
            15n * 10n ** 17n,
            (1n << 256n) - 1n,
            10n ** 77n,
            rng.bigint(1 + rng.int(256)),
            rng.bigint(20) * 10n ** BigInt(rng.int(60)),
          ]),
        );
        break;
      case 6: {
        // Scaled form, possibly non-canonical (a mantissa with trailing zeros), possibly overflowing.
        const e = rng.pick([0, 1, 5, 18, 76, 77, 78, 200]);
        const m = rng.chance(0.3) ? BigInt(1 + rng.int(9)) : rng.bigint(8 * (1 + rng.int(32))) | 1n;
        const mb = bigintToBytes(m, Math.max(1, (m.toString(16).length + 1) >> 1));
        w.u8(0x40 + mb.length);
        w.u8(e);
        w.bytes(mb);
        break;
      }
      case 7: {
        // Plain form with a leading zero byte, or a header in the gaps 0x21..0x40 / 0x61..0xff.
        if (rng.chance(0.5)) {
          const n = 1 + rng.int(32);
          w.u8(n);
          w.u8(0);
          w.bytes(rng.bytes(n - 1));
        } else w.u8(rng.pick([0x21, 0x40, 0x61, 0xff, 0x21 + rng.int(0x20), 0x61 + rng.int(0x9f)]));
        break;
      }
      case 8:
        // Address references: a literal address or an index.
        if (rng.chance(0.5)) {
          w.u8(0);
          w.bytes(rng.bytes(20));
        } else writeVaruint(w, 1n + rng.bigint(20));
        break;
      default:
        w.bytes(rng.bytes(1 + rng.int(40)));
    }
  }
  return w.toBytes().subarray(0, length);
}

/** Reads of every kind at every offset from `from` to `to` (past the end included). */
function readsAt(rng: Rng, from: number, to: number): Read[] {
  const reads: Read[] = [];
  for (let offset = from; offset <= to; offset++) {
    for (const kind of KINDS) {
      const size = kind === READ_UINT ? 1 + rng.int(32) : kind === READ_BYTES ? rng.int(80) : 0;
      reads.push({ kind, offset: BigInt(offset), size: BigInt(size) });
    }
  }
  return reads;
}

describe("BatchData", () => {
  it("reads varuints, compacts, address references, integers and bytes as the codec does, at every offset", async (t) => {
    const rng = createRng(51);
    let reads = 0;
    for (const length of [0, 1, 9, 700, 1024, 1025, 2600]) {
      const data = randomData(rng, length);
      const all = readsAt(rng, 0, length + 2);
      await checkReads(data, all);
      reads += all.length;
    }
    t.diagnostic(`${reads} reads compared`);
  });

  it("opens two distant segments of a full-size batch and reads through both", async () => {
    const rng = createRng(52);
    const data = randomData(rng, MAX_BATCH_BYTES);
    const last = Math.ceil(data.length / DATA_CHUNK_BYTES) - 1;
    // A fee entry near the start, a record straddling two chunks near the end (the last one short).
    const w = witness(data, [segment(data, 0, 1), segment(data, last - 1, 2)]);
    const reads = [
      ...readsAt(rng, 0, 40),
      ...readsAt(rng, (last - 1) * DATA_CHUNK_BYTES + 1000, (last - 1) * DATA_CHUNK_BYTES + 1050),
    ];
    reads.push(...readsAt(rng, data.length - 30, data.length + 1));
    await checkReads(data, reads, w);
    // Inside the data but in no segment: the witness is insufficient, whatever is there.
    const [offset, size] = await expectRevert(
      harness.read.read([w.dataRoot, w.witness, [{ kind: READ_UINT, offset: 5000n, size: 4n }]]),
      "InsufficientWitness",
    );
    assert.deepEqual([offset, size], [5000n, 4n]);
    // A field that starts in the first segment and ends past it.
    await expectRevert(
      harness.read.read([w.dataRoot, w.witness, [{ kind: READ_UINT, offset: 1020n, size: 8n }]]),
      "InsufficientWitness",
    );
    // Past the end of the data, no witness is needed: the field is malformed.
    const [past] = await harness.read.read([
      w.dataRoot,
      w.witness,
      [{ kind: READ_UINT, offset: BigInt(data.length - 2), size: 8n }],
    ]);
    assert.equal(past!.ok, false);
  });

  it("needs a field inside one segment: adjacent segments do not join", async () => {
    const rng = createRng(53);
    const data = randomData(rng, 3000);
    const split = witness(data, [segment(data, 0, 1), segment(data, 1, 2)]);
    const joined = witness(data, [segment(data, 0, 2)]);
    const straddle = [{ kind: READ_UINT, offset: 1020n, size: 8n }];
    await expectRevert(harness.read.read([split.dataRoot, split.witness, straddle]), "InsufficientWitness");
    await checkReads(data, straddle, joined);
    // Overlapping segments are fine: the first that covers a field serves it.
    const overlapping = witness(data, [segment(data, 0, 2), segment(data, 1, 2), segment(data, 0, 3)]);
    await checkReads(data, readsAt(rng, 1015, 1030), overlapping);
    // An empty segment covers nothing and is allowed.
    const empty = witness(data, [{ firstChunk: 7n, chunks: "0x", paths: [] }, segment(data, 2, 1)]);
    await checkReads(data, readsAt(rng, 2048, 2060), empty);
    await expectRevert(
      harness.read.read([empty.dataRoot, empty.witness, [{ kind: READ_UINT, offset: 0n, size: 1n }]]),
      "InsufficientWitness",
    );
  });

  it("rejects witnesses that do not open the data root", async () => {
    const rng = createRng(54);
    const data = randomData(rng, 2500); // chunks 0, 1 and a short chunk 2 of 452 bytes
    const good = witness(data, [segment(data, 1, 2)]);
    const { dataRoot, witness: w } = good;
    const open = (root: Hex, x: Witness) => harness.read.open([root, x]);
    const seg = w.segments[0]!;

    await expectRevert(open(bytesToHex(rng.bytes(32)), w), "DataRootMismatch");
    await expectRevert(open(dataRoot, { ...w, dataLength: w.dataLength + 1n }), "DataRootMismatch");
    // A length no batch can have, committed to consistently.
    const tooLong = BigInt(MAX_BATCH_BYTES + 1);
    const tooLongRoot = bytesToHex(
      keccak256Pair(
        rng.bytes(0).length === 0 ? bigintToBytes(BigInt(w.chunkRoot), 32) : new Uint8Array(32),
        bigintToBytes(tooLong, 32),
      ),
    );
    await expectRevert(open(tooLongRoot, { ...w, dataLength: tooLong }), "DataTooLong");
    // Chunks past the end of the data.
    await expectRevert(open(dataRoot, { ...w, segments: [{ ...seg, firstChunk: 2n }] }), "ChunkOutOfRange");
    await expectRevert(
      open(dataRoot, { ...w, segments: [{ ...seg, firstChunk: 3n, paths: [seg.paths[0]!] }] }),
      "ChunkOutOfRange",
    );
    // Bytes that are not as long as the chunks.
    await expectRevert(
      open(dataRoot, { ...w, segments: [{ ...seg, chunks: seg.chunks.slice(0, -2) as Hex }] }),
      "SegmentLengthMismatch",
    );
    await expectRevert(
      open(dataRoot, { ...w, segments: [{ ...seg, chunks: `${seg.chunks}00` }] }),
      "SegmentLengthMismatch",
    );
    await expectRevert(
      open(dataRoot, { ...w, segments: [{ firstChunk: 0n, chunks: "0x00", paths: [] }] }),
      "SegmentLengthMismatch",
    );
    // A changed byte, a changed path, and swapped paths.
    const flipped =
      `${seg.chunks.slice(0, 100)}${seg.chunks[100] === "0" ? "1" : "0"}${seg.chunks.slice(101)}` as Hex;
    const [bad] = await expectRevert(
      open(dataRoot, { ...w, segments: [{ ...seg, chunks: flipped }] }),
      "ChunkProofMismatch",
    );
    assert.equal(bad, 1n);
    const path: Path = [...seg.paths[1]!.slice(0, 6), bytesToHex(rng.bytes(32))] as unknown as Path;
    const [bad2] = await expectRevert(
      open(dataRoot, { ...w, segments: [{ ...seg, paths: [seg.paths[0]!, path] }] }),
      "ChunkProofMismatch",
    );
    assert.equal(bad2, 2n);
    await expectRevert(
      open(dataRoot, { ...w, segments: [{ ...seg, paths: [seg.paths[1]!, seg.paths[0]!] }] }),
      "ChunkProofMismatch",
    );
    // The good witness opens, and reads of more than 32 bytes as an integer are refused.
    await open(dataRoot, w);
    await expectRevert(
      harness.read.read([dataRoot, w, [{ kind: READ_UINT, offset: 1024n, size: 33n }]]),
      "ReadTooWide",
    );
  });

  it("opens the data windows of the TS one-step witness (a record window and a fee-entry window)", async () => {
    const rng = createRng(57);
    const data = randomData(rng, 9000);
    // As generateStepWitness does: the unit at the cursor's offset, and a fee entry near the start.
    const record = dataWindow(data, 7000, 7000 + 1200);
    const fee = dataWindow(data, 10 + 37 * 30, 10 + 37 * 31);
    const beyond = dataWindow(data, 8990, 8990 + 1200); // clipped at the data's end
    const w = witness(data, [record, fee, beyond].map(segmentFromWindow));
    await checkReads(
      data,
      [...readsAt(rng, 7000, 7100), ...readsAt(rng, 1120, 1160), ...readsAt(rng, 8980, 9003)],
      w,
    );
  });

  it("decodes the spec's example: 1.5 ETH is 41 11 0f", async () => {
    const data = Uint8Array.of(0x41, 0x11, 0x0f);
    const w = fullWitness(data);
    const [r] = await harness.read.read([
      w.dataRoot,
      w.witness,
      [{ kind: READ_COMPACT, offset: 0n, size: 0n }],
    ]);
    assert.deepEqual([r!.value, r!.next, r!.ok], [15n * 10n ** 17n, 3n, true]);
  });

  it("reads empty data as malformed everywhere", async () => {
    const data = new Uint8Array(0);
    await checkReads(data, readsAt(createRng(55), 0, 3));
  });

  it("reports gas per operation", async (t) => {
    const rng = createRng(56);
    const data = randomData(rng, 4000);
    for (const count of [1, 2]) {
      const w = witness(data, [segment(data, 1, count)]);
      t.diagnostic(
        `open, one segment of ${count} chunk(s): ${await harness.read.gasOpen([w.dataRoot, w.witness])}`,
      );
    }
    const w = new ByteWriter();
    writeVaruint(w, 5n);
    writeVaruint(w, (1n << 64n) - 1n);
    writeCompact(w, 15n * 10n ** 17n);
    writeCompact(w, (1n << 256n) - 3n);
    w.u8(0);
    w.bytes(rng.bytes(20));
    const encoded = w.toBytes();
    const sample = new Uint8Array(2048);
    sample.set(encoded, 1024);
    const sw = witness(sample, [segment(sample, 1, 1)]);
    const reads: Read[] = [
      { kind: READ_VARUINT, offset: 1024n, size: 0n },
      { kind: READ_VARUINT, offset: 1025n, size: 0n },
      { kind: READ_COMPACT, offset: 1034n, size: 0n },
      { kind: READ_COMPACT, offset: 1037n, size: 0n },
      { kind: READ_ADDRESS_REF, offset: 1070n, size: 0n },
      { kind: READ_UINT, offset: 1024n, size: 32n },
      { kind: READ_BYTES, offset: 1024n, size: 68n },
    ];
    await checkReads(sample, reads, sw);
    const gas = await harness.read.gasReads([sw.dataRoot, sw.witness, reads]);
    const labels = [
      "varuint (1 byte)",
      "varuint (9 bytes)",
      "compact 1.5e18 (3 bytes)",
      "compact (33 bytes)",
      "address ref (21 bytes)",
      "uint (32 bytes)",
      "bytes (68)",
    ];
    t.diagnostic(labels.map((l, i) => `${l} ${gas[i]}`).join(", "));
  });
});
