// State transition benchmark (issue: `npm run bench:stf -- --json`).
// Applies pre-signed EIP-1559 transfers from their raw bytes over a state of 100,000 funded
// accounts: decoding and sender recovery (two worker threads, the main thread decodes), execution,
// and one state root per 1,000-transaction block, all inside the timed loop. Recovery of block k+1
// overlaps execution of block k, as the sequencer's pipeline does.
// Prints {"txPerSec":…,"leafUpdatesPerSec":…,…} as its last line with --json, with a baseline
// measured in the same run: decoding and recovery alone through the same pool.
import { MIN_BASE_FEE } from "../../packages/protocol/src/constants.ts";
import { L2State } from "../../packages/protocol/src/state/l2State.ts";
import { applyQueueEntry } from "../../packages/protocol/src/stf/applyQueueEntry.ts";
import { applyTransaction } from "../../packages/protocol/src/stf/applyTransaction.ts";
import {
  ethDeposit,
  ONE_ETH,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../packages/protocol/src/testing/fixtures.ts";
import { createSenderRecoveryPool } from "../../packages/protocol/src/tx/senderRecoveryPool.ts";
import { signTransactionForTest } from "../../packages/protocol/src/tx/testing.ts";
import { argValue, createRandom, json, log } from "./benchCli.ts";

const ACCOUNTS = Number(argValue("--accounts") ?? 100_000);
const TXS = Number(argValue("--txs") ?? 30_000);
const BLOCK = 1_000;

// Deterministic, so every run signs the same transactions.
const random = createRandom(0x9e3779b9);

let t = performance.now();
const state = new L2State();
const addresses = Array.from({ length: ACCOUNTS }, (_, i) => testWallet(i).address);
for (let i = 0; i < ACCOUNTS; i++)
  applyQueueEntry(state, ethDeposit(BigInt(i), addresses[i]!, 100n * ONE_ETH), TEST_CONFIG);
state.stateRoot();
log(`funded ${ACCOUNTS} accounts in ${((performance.now() - t) / 1000).toFixed(1)} s`);

t = performance.now();
const senders = Math.min(ACCOUNTS, TXS);
const nonces = new Array<bigint>(senders).fill(0n);
const raws: Uint8Array[] = [];
for (let i = 0; i < TXS; i++) {
  const from = random(senders);
  const to = addresses[random(ACCOUNTS)]!;
  const value = i % 2 === 0 ? BigInt(1 + random(100)) * 10n ** 16n : BigInt(random(2 ** 30)) * 1000n + 1n;
  const fields = transferFields({
    to,
    value,
    nonce: nonces[from]!,
    maxPriorityFeePerGas: MIN_BASE_FEE,
    maxFeePerGas: 4n * MIN_BASE_FEE,
  });
  nonces[from]! += 1n;
  raws.push(signTransactionForTest(fields, testWallet(from).privateKey).raw);
}
log(`signed ${TXS} transfers in ${((performance.now() - t) / 1000).toFixed(1)} s`);

// Count leaf writes: every set() on the tree is one leaf update feeding the block's root.
let leafUpdates = 0;
const set = state.tree.set.bind(state.tree);
state.tree.set = (key, value) => {
  leafUpdates++;
  set(key, value);
};

const pool = createSenderRecoveryPool({ threads: 2 });
const blocks: Uint8Array[][] = [];
for (let i = 0; i < raws.length; i += BLOCK) blocks.push(raws.slice(i, i + BLOCK));

t = performance.now();
let applied = 0;
let waitMs = 0;
let rootMs = 0;
let pending = pool.recoverRaw(blocks[0]!, TEST_CONFIG.chainId);
for (let b = 0; b < blocks.length; b++) {
  const waitStart = performance.now();
  const recovered = await pending;
  waitMs += performance.now() - waitStart;
  if (b + 1 < blocks.length) pending = pool.recoverRaw(blocks[b + 1]!, TEST_CONFIG.chainId);
  for (const r of recovered) {
    if (!r.ok) throw new Error(`benchmark transaction failed to decode: ${r.error}`);
    const outcome = applyTransaction(state, r.tx, r.sender, MIN_BASE_FEE, TEST_CONFIG);
    if (outcome.status !== "succeeded")
      throw new Error(`benchmark transaction not applied: ${outcome.status}`);
    applied++;
  }
  const rootStart = performance.now();
  state.stateRoot();
  rootMs += performance.now() - rootStart;
}
const seconds = (performance.now() - t) / 1000;

// Baseline in the same run: decoding and recovery alone, through the same pool (the ceiling that
// execution and roots must stay close to on these shared machines).
t = performance.now();
for (const block of blocks) await pool.recoverRaw(block, TEST_CONFIG.chainId);
const recoveryOnlyPerSec = Math.round(raws.length / ((performance.now() - t) / 1000));
await pool.close();

const result = {
  txPerSec: Math.round(applied / seconds),
  recoveryOnlyPerSec,
  ratioToRecoveryOnly: Number((applied / seconds / recoveryOnlyPerSec).toFixed(3)),
  leafUpdatesPerSec: Math.round(leafUpdates / seconds),
  txs: applied,
  accounts: ACCOUNTS,
  blockSize: BLOCK,
  waitMs: Math.round(waitMs),
  rootMs: Math.round(rootMs),
  totalMs: Math.round(seconds * 1000),
};
log(
  `applied ${applied} transfers in ${seconds.toFixed(2)} s: ${result.txPerSec} tx/s, ${result.leafUpdatesPerSec} leaf updates/s`,
);
if (json) console.log(JSON.stringify(result));
