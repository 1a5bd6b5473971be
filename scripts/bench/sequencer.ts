// Sequencer benchmark (`npm run bench:sequencer -- --json`).
//
// A sequencer runs in a child process (this file with --child): startSequencer as main.ts starts it,
// on PostgreSQL when DATABASE_URL is set (a throwaway database; PGlite otherwise, said in the output),
// with the batcher cutting batches into the store, and 1,000 accounts funded by deposits through its
// L1 queue (no L1 node: the benchmark is about the sequencer). This process pre-signs the transfers
// (75,000 from 1,000 accounts by default), sends them over JSON-RPC in batched requests, and counts a
// transaction when its receipt is durable: when the block holding it is announced on `newHeads`, which
// happens only after that block's database transaction committed.
//
// Phases, in one run:
//  1. baseline: batched eth_chainId round trips, the JSON-RPC ceiling of this client and machine;
//  2. throughput: 50,000 transfers sent as fast as the sequencer takes them (a nonce is sent only when
//     the sender's nonce 12 below it is durable, within the mempool's 16-ahead rule) -> tps;
//  3. latency: 25,000 transfers offered open-loop at a fixed 5,000 tx/s (50 every 10 ms), each timed
//     from the request that carried it to its block's newHeads -> p50/p99 soft-confirmation latency.
// Prints a summary, or with --json one object as the last line:
//   {"tps":…,"p50msAt5k":…,"p99msAt5k":…,"txs":…,…}
// Flags: --accounts N, --throughput-rounds R (transfers per account in phase 2), --latency-seconds S,
// --rate TX_PER_S, --block-time MS (100 by default, the low end of the design's 100-250 ms: a block
// holds at most what one batch can, about 1,700 transfers, so the block time caps tx/s), --no-batcher.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger, openDatabase } from "../../packages/node-common/src/index.ts";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../packages/node-common/src/testing/createTestDatabase.ts";
import { bytesToHex, type Hex, MIN_BASE_FEE } from "../../packages/protocol/src/index.ts";
import {
  ONE_ETH,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../packages/protocol/src/tx/testing.ts";
import { Batcher } from "../../sequencer/src/batcher/batcher.ts";
import { createMemoryQueueSource } from "../../sequencer/src/producer/queueEntrySource.ts";
import { startSequencer } from "../../sequencer/src/sequencer.ts";
import { argValue, json, log } from "./benchCli.ts";

const ACCOUNTS = Number(argValue("--accounts") ?? 1_000);
const THROUGHPUT_ROUNDS = Number(argValue("--throughput-rounds") ?? 50);
const LATENCY_SECONDS = Number(argValue("--latency-seconds") ?? 5);
const RATE = Number(argValue("--rate") ?? 5_000);
const BATCHER = !process.argv.includes("--no-batcher");
/** The sequencer's block time (ms): a block holds at most one batch (~1,700 transfers), so it caps tx/s. */
const BLOCK_TIME = Number(argValue("--block-time") ?? 100);
/** Wallet numbers of the benchmark's accounts start here (clear of the tests' wallets). */
const FIRST_WALLET = 10_000;
/** Requests per JSON-RPC batch in the throughput phase, and batches in flight. */
const BATCH = 250;
const IN_FLIGHT = 6;
/** A sender's nonce n is sent only once its nonce n - WINDOW is durable (the mempool allows 16 ahead). */
const WINDOW = 12;
const TICK_MS = 10;

if (process.argv.includes("--child")) await child();
else await parent();

// ---------------------------------------------------------------------------------------------------
// The sequencer process.

async function child(): Promise<void> {
  const logger = createLogger({ level: "warn", name: "bench-sequencer" });
  const url = process.env.BENCH_DATABASE_URL;
  const db = await openDatabase({
    url: url === "" ? undefined : url,
    dataDir: process.env.BENCH_DATA_DIR ?? join(tmpdir(), "halcyon-bench-sequencer"),
    logger,
  });
  const queue = createMemoryQueueSource();
  for (let i = 0; i < ACCOUNTS; i++) {
    queue.append({ kind: "eth-deposit", to: testWallet(FIRST_WALLET + i).address, amount: 1_000n * ONE_ETH });
  }
  const sequencer = await startSequencer({
    db,
    logger,
    chainConfig: TEST_CONFIG,
    queue,
    rpc: { host: "127.0.0.1", port: 0 },
    blockTimeMs: BLOCK_TIME,
  });
  const batcher = BATCHER
    ? new Batcher({
        db,
        events: sequencer.events,
        head: () => sequencer.chain.head.number,
        chainId: TEST_CONFIG.chainId,
        limits: { maxBytes: 120_000, maxSteps: 4_096 },
        maxAgeMs: 5_000,
        forceInclusionDelay: 86_400n,
        onBatch: async () => {},
        logger,
      })
    : undefined;
  await batcher?.start();
  process.stdout.write(`${JSON.stringify({ url: sequencer.rpc!.url, wsUrl: sequencer.rpc!.wsUrl })}\n`);
  await new Promise<void>((resolve) => process.once("SIGTERM", () => resolve()));
  await batcher?.stop();
  const { rows } = await db.query<{ n: bigint; bytes: bigint | null }>(
    "SELECT count(*)::int8 AS n, sum(length(data))::int8 AS bytes FROM batches",
  );
  process.stdout.write(
    `${JSON.stringify({ batches: Number(rows[0]!.n), batchBytes: Number(rows[0]!.bytes ?? 0n) })}\n`,
  );
  await sequencer.close();
  await db.close();
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------------
// The load generator.

type Signed = { readonly hash: Hex; readonly raw: Hex; readonly round: number };

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function parent(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  const database = adminUrl === undefined || adminUrl === "" ? "pglite" : "postgres";
  let pg: TestDatabase | undefined;
  const dataDir = await mkdtemp(join(tmpdir(), "halcyon-bench-"));
  if (database === "postgres") pg = await createTestDatabase(adminUrl!, "bench");
  else log("DATABASE_URL is not set: the sequencer runs on the embedded PGlite (not the figure to report)");

  const seq: ChildProcess = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), "--child", ...process.argv.slice(2)],
    {
      env: { ...process.env, BENCH_DATABASE_URL: pg?.url ?? "", BENCH_DATA_DIR: join(dataDir, "data") },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines: string[] = [];
  let pendingLine = "";
  const lineWaiters: (() => void)[] = [];
  seq.stdout!.on("data", (d: Buffer) => {
    pendingLine += d.toString();
    const parts = pendingLine.split("\n");
    pendingLine = parts.pop()!;
    lines.push(...parts.filter((l) => l.startsWith("{")));
    for (const wake of lineWaiters.splice(0)) wake();
  });
  const nextLine = async (n: number): Promise<Record<string, unknown>> => {
    while (lines.length < n) await new Promise<void>((resolve) => lineWaiters.push(resolve));
    return JSON.parse(lines[n - 1]!) as Record<string, unknown>;
  };

  // Pre-sign every transfer while the sequencer starts: round r is nonce r of every account.
  const latencyRounds = Math.ceil((RATE * LATENCY_SECONDS) / ACCOUNTS);
  const rounds = THROUGHPUT_ROUNDS + latencyRounds;
  let t = performance.now();
  const wallets = Array.from({ length: ACCOUNTS }, (_, i) => testWallet(FIRST_WALLET + i));
  const signed: Signed[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let a = 0; a < ACCOUNTS; a++) {
      const fields = transferFields({
        to: wallets[(a + 1 + round) % ACCOUNTS]!.address,
        value: 1_000n + BigInt(round),
        nonce: BigInt(round),
        maxPriorityFeePerGas: MIN_BASE_FEE,
        maxFeePerGas: 4n * MIN_BASE_FEE,
      });
      const { raw, tx } = signTransactionForTest(fields, wallets[a]!.privateKey);
      signed.push({ hash: tx.hash, raw: bytesToHex(raw), round });
    }
  }
  log(
    `signed ${signed.length} transfers from ${ACCOUNTS} accounts in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const { url, wsUrl } = (await nextLine(1)) as { url: string; wsUrl: string };
  let requestId = 0;
  const post = async (body: unknown): Promise<unknown> => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return res.json();
  };
  const call = async (method: string, params: unknown[]) =>
    ((await post({ jsonrpc: "2.0", id: ++requestId, method, params })) as { result: unknown }).result;

  // Durability: a transaction counts once the block holding it is announced (after its commit).
  const index = new Map<Hex, number>();
  for (const [i, s] of signed.entries()) index.set(s.hash, i);
  const durableAt = new Float64Array(signed.length);
  const durablePerRound = new Int32Array(rounds);
  let durable = 0;
  let blocks: Promise<void> = Promise.resolve();
  const ws = new WebSocket(wsUrl);
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error("WebSocket failed"));
  });
  ws.onmessage = (event) => {
    const at = performance.now();
    const message = JSON.parse(String(event.data)) as { params?: { result?: { number?: Hex } } };
    const number = message.params?.result?.number;
    if (number === undefined) return;
    blocks = blocks.then(async () => {
      const block = (await call("eth_getBlockByNumber", [number, false])) as { transactions: Hex[] };
      for (const hash of block.transactions) {
        const i = index.get(hash);
        if (i === undefined || durableAt[i] !== 0) continue;
        durableAt[i] = at;
        durablePerRound[signed[i]!.round]!++;
        durable++;
      }
    });
  };
  ws.send(JSON.stringify({ jsonrpc: "2.0", id: 0, method: "eth_subscribe", params: ["newHeads"] }));

  // Funded?
  const last = wallets[ACCOUNTS - 1]!.address;
  while (BigInt((await call("eth_getBalance", [last, "latest"])) as Hex) === 0n)
    await new Promise((r) => setTimeout(r, 50));

  // 1. Baseline: batched eth_chainId.
  let baselineRequests = 0;
  t = performance.now();
  const baselineEnd = t + 2_000;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < baselineEnd) {
        await post(
          Array.from({ length: BATCH }, () => ({
            jsonrpc: "2.0",
            id: ++requestId,
            method: "eth_chainId",
            params: [],
          })),
        );
        baselineRequests += BATCH;
      }
    }),
  );
  const baselineRps = baselineRequests / ((performance.now() - t) / 1000);
  log(`baseline: ${Math.round(baselineRps)} eth_chainId/s in batches of ${BATCH}`);

  const refused: string[] = [];
  const sendBatch = async (items: readonly Signed[]): Promise<void> => {
    const body = items.map((s) => ({
      jsonrpc: "2.0",
      id: ++requestId,
      method: "eth_sendRawTransaction",
      params: [s.raw],
    }));
    const answers = (await post(body)) as { error?: { message: string } }[];
    for (const a of answers) if (a.error !== undefined) refused.push(a.error.message);
  };
  const waitDurable = async (count: number, timeoutMs: number, what: string) => {
    const deadline = performance.now() + timeoutMs;
    while (durable < count) {
      if (refused.length > 0)
        throw new Error(`the sequencer refused transactions: ${refused.slice(0, 3).join("; ")}`);
      if (performance.now() > deadline) throw new Error(`${what}: ${durable} of ${count} durable`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  // 2. Throughput.
  const throughputTxs = THROUGHPUT_ROUNDS * ACCOUNTS;
  let next = 0;
  t = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < throughputTxs) {
        const start = next;
        next = Math.min(throughputTxs, next + BATCH);
        const items = signed.slice(start, next);
        const needed = items.at(-1)!.round - WINDOW;
        while (needed >= 0 && durablePerRound[needed]! < ACCOUNTS) {
          if (refused.length > 0) return;
          await new Promise((r) => setTimeout(r, 2));
        }
        await sendBatch(items);
      }
    }),
  );
  await waitDurable(throughputTxs, 120_000, "throughput phase");
  const throughputSeconds = (Math.max(...durableAt.subarray(0, throughputTxs)) - t) / 1000;
  const tps = throughputTxs / throughputSeconds;
  log(
    `throughput: ${throughputTxs} transfers durable in ${throughputSeconds.toFixed(2)} s: ${Math.round(tps)} tx/s`,
  );

  // 3. Latency at a fixed offered load: RATE tx/s, open loop.
  const perTick = Math.max(1, Math.round((RATE * TICK_MS) / 1000));
  const latencyStart = throughputTxs;
  const sentAt = new Float64Array(signed.length);
  const sends: Promise<void>[] = [];
  t = performance.now();
  for (let k = 0, i = latencyStart; i < signed.length; k++) {
    const due = t + k * TICK_MS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const items = signed.slice(i, i + perTick);
    const now = performance.now();
    for (let j = 0; j < items.length; j++) sentAt[i + j] = now;
    sends.push(sendBatch(items));
    i += items.length;
  }
  const offeredSeconds = (performance.now() - t) / 1000;
  await Promise.all(sends);
  await waitDurable(signed.length, 60_000, "latency phase");
  const latencies: number[] = [];
  for (let i = latencyStart; i < signed.length; i++) latencies.push(durableAt[i]! - sentAt[i]!);
  latencies.sort((a, b) => a - b);
  const offeredRate = (signed.length - latencyStart) / offeredSeconds;
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  log(
    `latency at ${Math.round(offeredRate)} tx/s offered: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
  );

  ws.close();
  seq.kill("SIGTERM");
  const batches = (await nextLine(2)) as { batches: number; batchBytes: number };
  await new Promise((resolve) => seq.once("exit", resolve));
  await pg?.drop();
  await rm(dataDir, { recursive: true, force: true });
  log(
    `batcher: ${batches.batches} batches, ${batches.batchBytes} bytes (${(batches.batchBytes / signed.length).toFixed(1)} bytes/tx)`,
  );

  const result = {
    tps: Math.round(tps),
    p50msAt5k: Number(p50.toFixed(1)),
    p99msAt5k: Number(p99.toFixed(1)),
    txs: signed.length,
    accounts: ACCOUNTS,
    throughputTxs,
    offeredRate: Math.round(offeredRate),
    baselineRpcRequestsPerSec: Math.round(baselineRps),
    database,
    batcher: BATCHER,
    blockTimeMs: BLOCK_TIME,
    batches: batches.batches,
  };
  if (json) console.log(JSON.stringify(result));
  else console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}
