// Sender recovery throughput: own RLP decode + native secp256k1 on one thread, the worker pool, and
// ethers / viem as baselines (on a subset, same run, same machine).
//
//   node scripts/bench/recover.ts [--count 10000] [--threads 2] [--baseline-count 300] [--json]
//
// With --json the last line is one JSON object:
//   {"singleThreadPerSec", "poolPerSec", "poolSendersPerSec", "ethersPerSec", "viemPerSec",
//    "decodePerSec", "signingHashPerSec", ...run parameters}
// Each figure is the median of --rounds timed rounds (default 3) after one warm-up round; pool
// figures exclude worker start-up.

import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { Transaction } from "ethers";
import { recoverTransactionAddress } from "viem";
import { bytesToHex } from "../../packages/protocol/src/bytes.ts";
import { decodeTransaction } from "../../packages/protocol/src/tx/decodeTransaction.ts";
import { nativeSecp256k1, recoverSender } from "../../packages/protocol/src/tx/recoverSender.ts";
import { createSenderRecoveryPool } from "../../packages/protocol/src/tx/senderRecoveryPool.ts";
import { signingHash } from "../../packages/protocol/src/tx/signingHash.ts";
import { signTransactionForTest, testPrivateKey } from "../../packages/protocol/src/tx/testing.ts";
import type { SignedTransaction } from "../../packages/protocol/src/tx/transaction.ts";

const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    count: { type: "string", default: "10000" },
    threads: { type: "string", default: "2" },
    "baseline-count": { type: "string", default: "300" },
    rounds: { type: "string", default: "3" },
  },
});
const count = Number(args.count);
const threads = Number(args.threads);
const baselineCount = Math.min(count, Number(args["baseline-count"]));
const rounds = Math.max(1, Number(args.rounds));
const CHAIN_ID = 424242n;
const ACCOUNTS = 1000;

function log(line: string): void {
  if (!args.json) console.log(line);
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Operations per second of `run` (which performs `ops` operations): warm-up, then median of rounds. */
async function perSecond(ops: number, run: () => unknown): Promise<number> {
  await run();
  const rates: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await run();
    rates.push((ops * 1000) / (performance.now() - start));
  }
  return Math.round(median(rates));
}

// 10,000 EIP-1559 ETH transfers among 1,000 accounts, signed natively (fast) beforehand.
const keys = Array.from({ length: ACCOUNTS }, (_, i) => testPrivateKey(i));
const raws: Uint8Array[] = [];
for (let i = 0; i < count; i++) {
  const { raw } = signTransactionForTest(
    {
      type: 2,
      chainId: CHAIN_ID,
      nonce: BigInt(Math.floor(i / ACCOUNTS)),
      maxPriorityFeePerGas: 1_000_000n,
      maxFeePerGas: 20_000_000_000n + BigInt(i % 97),
      gasLimit: 21_000n,
      to: bytesToHex(keys[(i * 7 + 1) % ACCOUNTS]!.subarray(12)),
      value: 10n ** 15n * BigInt(1 + (i % 1000)),
      data: new Uint8Array(0),
    },
    keys[i % ACCOUNTS]!,
  );
  raws.push(raw);
}
const hexRaws = raws.slice(0, baselineCount).map(bytesToHex);
log(`${count} signed EIP-1559 transfers (${raws.reduce((n, r) => n + r.length, 0) / count} bytes each)`);

// Correctness first: every figure below is for the same answers.
const txs: SignedTransaction[] = raws.map((raw) => decodeTransaction(raw, CHAIN_ID));
const senders = txs.map((tx) => recoverSender(tx));
for (let i = 0; i < baselineCount; i++) {
  const ethersFrom = Transaction.from(hexRaws[i]!).from?.toLowerCase();
  if (ethersFrom !== senders[i]) throw new Error(`sender mismatch with ethers at ${i}`);
}

const decodePerSec = await perSecond(count, () => {
  for (const raw of raws) decodeTransaction(raw, CHAIN_ID);
});
log(`decodeTransaction:            ${decodePerSec.toLocaleString()} /s`);
const signingHashPerSec = await perSecond(count, () => {
  for (const tx of txs) signingHash(tx);
});
log(`signingHash:                  ${signingHashPerSec.toLocaleString()} /s`);
const singleThreadPerSec = await perSecond(count, () => {
  for (const raw of raws) recoverSender(decodeTransaction(raw, CHAIN_ID));
});
log(`decode + recoverSender, 1 thread: ${singleThreadPerSec.toLocaleString()} /s`);

const pool = createSenderRecoveryPool({ threads });
const poolPerSec = await perSecond(count, async () => {
  const results = await pool.recoverRaw(raws, CHAIN_ID);
  if (results.length !== count || !results.every((r, i) => r.ok && r.sender === senders[i])) {
    throw new Error("pool answers differ from recoverSender");
  }
});
log(`pool.recoverRaw, ${threads} threads:  ${poolPerSec.toLocaleString()} /s`);
const poolSendersPerSec = await perSecond(count, () => pool.recoverSenders(txs));
log(`pool.recoverSenders, ${threads} threads: ${poolSendersPerSec.toLocaleString()} /s`);
await pool.close();

const ethersPerSec = await perSecond(baselineCount, () => {
  for (const hex of hexRaws) void Transaction.from(hex).from;
});
log(`ethers Transaction.from(raw).from: ${ethersPerSec.toLocaleString()} /s (${baselineCount} txs)`);
const viemPerSec = await perSecond(baselineCount, async () => {
  for (const hex of hexRaws)
    await recoverTransactionAddress({ serializedTransaction: hex as `0x02${string}` });
});
log(`viem recoverTransactionAddress:    ${viemPerSec.toLocaleString()} /s (${baselineCount} txs)`);

if (args.json) {
  console.log(
    JSON.stringify({
      singleThreadPerSec,
      poolPerSec,
      poolSendersPerSec,
      ethersPerSec,
      viemPerSec,
      decodePerSec,
      signingHashPerSec,
      count,
      threads,
      baselineCount,
      rounds,
      nativeSecp256k1,
      cpus: availableParallelism(),
    }),
  );
}
