// Batch codec benchmark: bytes per transaction of Halcyon's batch encoding, against the standard
// signed RLP envelopes of the same transactions, raw and brotli-11 compressed.
//
//   npm run bench:codec            readable table
//   npm run bench:codec -- --json  the same, then one JSON object as the last line
//
// Deterministic: keys, transactions and signatures (RFC 6979) all follow from a fixed seed.

import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { brotliCompressSync, constants as zlibConstants } from "node:zlib";
import { getBytes, hexlify, Signature, Transaction } from "ethers";
import { type Address, bytesToHex, concatBytes } from "../../packages/protocol/src/bytes.ts";
import { BatchEncoder } from "../../packages/protocol/src/codec/batchEncoder.ts";
import { decodeBatch } from "../../packages/protocol/src/codec/decodeBatch.ts";
import type { EncodableTx } from "../../packages/protocol/src/codec/txRecordWriter.ts";
import { DEVNET_L2_CHAIN_ID, MIN_BASE_FEE } from "../../packages/protocol/src/constants.ts";
import { keccak256 } from "../../packages/protocol/src/crypto/keccak.ts";

const TX_COUNT = 1000;
const ACCOUNT_COUNT = 1000;
const BLOCK_COUNT = 4;
const SEED = "halcyon/bench/codec/v1";
const GWEI = 10n ** 9n;

type Secp256k1 = {
  privateKeyVerify(key: Uint8Array): boolean;
  publicKeyCreate(key: Uint8Array, compressed: boolean): Uint8Array;
  ecdsaSign(hash: Uint8Array, key: Uint8Array): { signature: Uint8Array; recid: number };
};
const secp256k1 = createRequire(import.meta.url)("secp256k1") as Secp256k1;

/** xorshift128+ over two 64-bit halves, seeded from keccak(SEED): deterministic, no Math.random. */
function createRng(seed: string): { next64(): bigint; below(n: number): number } {
  const s = keccak256(new TextEncoder().encode(seed));
  const view = new DataView(s.buffer, s.byteOffset, s.byteLength);
  let a = view.getBigUint64(0);
  let b = view.getBigUint64(8);
  const mask = (1n << 64n) - 1n;
  const next64 = (): bigint => {
    let x = a;
    const y = b;
    a = y;
    x ^= (x << 23n) & mask;
    b = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return (b + y) & mask;
  };
  return { next64, below: (n) => Number(next64() % BigInt(n)) };
}

function deriveKey(index: number): Uint8Array {
  let key = keccak256(new TextEncoder().encode(`${SEED}/key/${index}`));
  while (!secp256k1.privateKeyVerify(key)) key = keccak256(key);
  return key;
}

function addressOf(key: Uint8Array): Address {
  return bytesToHex(keccak256(secp256k1.publicKeyCreate(key, false).subarray(1)).subarray(12));
}

type Signed = { tx: EncodableTx; raw: Uint8Array };

function makeTransactions(): Signed[] {
  const rng = createRng(SEED);
  const keys = Array.from({ length: ACCOUNT_COUNT }, (_, i) => deriveKey(i));
  // Every account already exists: account i has state index i + 1.
  const addresses = keys.map(addressOf);
  const tips = [GWEI / 1000n, GWEI / 100n, GWEI / 10n];
  const maxFees = [GWEI / 10n, GWEI / 5n, GWEI / 2n, GWEI]; // each >= every tip
  const out: Signed[] = [];
  for (let t = 0; t < TX_COUNT; t++) {
    const sender = rng.below(ACCOUNT_COUNT);
    let recipient = rng.below(ACCOUNT_COUNT - 1);
    if (recipient >= sender) recipient++;
    const value = t % 2 === 0 ? BigInt(1 + rng.below(999)) * 10n ** 16n : rng.next64() % (10n * 10n ** 18n); // round / random < 10 ETH
    const fields = {
      type: 2 as const,
      nonce: BigInt(rng.below(4)),
      maxPriorityFeePerGas: tips[rng.below(tips.length)]!,
      maxFeePerGas: maxFees[rng.below(maxFees.length)]!,
      gasLimit: 21_000n,
      to: addresses[recipient]!,
      value,
      data: new Uint8Array(0),
    };
    const envelope = Transaction.from({
      type: 2,
      chainId: DEVNET_L2_CHAIN_ID,
      nonce: Number(fields.nonce),
      maxPriorityFeePerGas: fields.maxPriorityFeePerGas,
      maxFeePerGas: fields.maxFeePerGas,
      gasLimit: fields.gasLimit,
      to: fields.to,
      value: fields.value,
      data: "0x",
    });
    const { signature, recid } = secp256k1.ecdsaSign(getBytes(envelope.unsignedHash), keys[sender]!);
    const r = hexlify(signature.subarray(0, 32));
    const s = hexlify(signature.subarray(32, 64));
    envelope.signature = Signature.from({ r, s, yParity: recid as 0 | 1 });
    if (t < 3 && envelope.from?.toLowerCase() !== addresses[sender])
      throw new Error("bench: signature check failed");
    out.push({
      tx: { ...fields, yParity: recid as 0 | 1, r: BigInt(r), s: BigInt(s), toIndex: BigInt(recipient + 1) },
      raw: getBytes(envelope.serialized),
    });
  }
  return out;
}

function encode(signed: readonly Signed[]): Uint8Array {
  const start = 1_750_000_000n;
  const encoder = new BatchEncoder(start);
  const perBlock = Math.ceil(signed.length / BLOCK_COUNT);
  signed.forEach(({ tx }, i) => {
    if (i % perBlock === 0) {
      encoder.addBlock({
        timestamp: start + 2n * BigInt(i / perBlock),
        baseFee: MIN_BASE_FEE,
        queueCount: 0n,
      });
    }
    encoder.addTx(tx);
  });
  return encoder.finish();
}

function timeIt(runs: number, f: () => void): number {
  f();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) f();
  return (performance.now() - t0) / runs;
}

const json = process.argv.includes("--json");
const signed = makeTransactions();
const batch = encode(signed);
const decoded = decodeBatch(batch);
const decodedCount = decoded.blocks.reduce((n, b) => n + b.txs.length, 0);
if (decoded.stop.status !== "ended" || decodedCount !== TX_COUNT)
  throw new Error("bench: batch does not round-trip");

const rawConcat = concatBytes(...signed.map((s) => s.raw));
const brotli = brotliCompressSync(rawConcat, {
  params: {
    [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
    [zlibConstants.BROTLI_PARAM_SIZE_HINT]: rawConcat.length,
  },
});
const encodeMs = timeIt(20, () => encode(signed));
const decodeMs = timeIt(20, () => decodeBatch(batch));

const round2 = (x: number) => Math.round(x * 100) / 100;
const result = {
  txs: TX_COUNT,
  bytesPerTx: round2(batch.length / TX_COUNT),
  rlpBytesPerTx: round2(rawConcat.length / TX_COUNT),
  rlpBrotliBytesPerTx: round2(brotli.length / TX_COUNT),
};

const rows: [string, string][] = [
  ["transactions", `${TX_COUNT} EIP-1559 ETH transfers, ${ACCOUNT_COUNT} accounts, ${BLOCK_COUNT} blocks`],
  ["Halcyon batch", `${batch.length} bytes, ${result.bytesPerTx} bytes/tx (target <= 80)`],
  ["signed RLP", `${rawConcat.length} bytes, ${result.rlpBytesPerTx} bytes/tx`],
  ["signed RLP, brotli-11", `${brotli.length} bytes, ${result.rlpBrotliBytesPerTx} bytes/tx`],
  ["encode", `${encodeMs.toFixed(2)} ms/batch (${((encodeMs * 1000) / TX_COUNT).toFixed(2)} us/tx)`],
  ["decode", `${decodeMs.toFixed(2)} ms/batch (${((decodeMs * 1000) / TX_COUNT).toFixed(2)} us/tx)`],
];
const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
if (json) console.log(JSON.stringify(result));
