// Verifier replay benchmark (issue: `npm run bench:verifier -- --json`).
// Replays batches of pre-signed EIP-1559 transfers from their raw batch data with the verifier's own
// replay path (verifier/src/replay): decoding, sender recovery on the worker pool one batch ahead,
// execution by the protocol's batch machine, the leaf changes the verifier would persist, and one
// state root per batch, all inside the timed loop. Batches are as large as MAX_BATCH_BYTES allows
// (one L2 block each), over a state of --accounts funded accounts.
// Prints {"replayTps":…,"txs":…,…} as its last line with --json, with a baseline measured in the same
// run on the same pool: decoding and recovery alone (prerecoverSenders over the same batches), the
// ceiling replay can approach on these machines. With --store it also replays into the verifier's
// database (PGlite, or DATABASE_URL) and reports replayWithStoreTps.
import { createSilentLogger, migrate, openDatabase } from "../../packages/node-common/src/index.ts";
import { createTestDatabase } from "../../packages/node-common/src/testing/createTestDatabase.ts";
import { bytesToHex, equalBytes } from "../../packages/protocol/src/bytes.ts";
import { MAX_BATCH_BYTES, MIN_BASE_FEE } from "../../packages/protocol/src/constants.ts";
import { L2State } from "../../packages/protocol/src/state/l2State.ts";
import type { QueueEntry } from "../../packages/protocol/src/state/queueEntry.ts";
import { withdrawalLeafHash } from "../../packages/protocol/src/state/withdrawalTree.ts";
import { applyQueueEntry } from "../../packages/protocol/src/stf/applyQueueEntry.ts";
import type { SignedFields } from "../../packages/protocol/src/stf/applyTransaction.ts";
import {
  ethDeposit,
  ONE_ETH,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../packages/protocol/src/testing/fixtures.ts";
import { sequenceBatch } from "../../packages/protocol/src/testing/scenario.ts";
import { createStateTree } from "../../packages/protocol/src/tree/stateTree.ts";
import { createSenderRecoveryPool } from "../../packages/protocol/src/tx/senderRecoveryPool.ts";
import { signTransactionForTest } from "../../packages/protocol/src/tx/testing.ts";
import { createRecordingTree } from "../../verifier/src/replay/recordingTree.ts";
import type { ReplayInput, ReplayOutcome } from "../../verifier/src/replay/replayBatch.ts";
import { replayInOrder } from "../../verifier/src/replay/replayPipeline.ts";
import { prerecoverSenders } from "../../verifier/src/replay/senderPrerecovery.ts";
import { WriteBehind } from "../../verifier/src/replay/writeBehind.ts";
import { VERIFIER_MIGRATIONS } from "../../verifier/src/store/migrations.ts";
import { createReplayStore } from "../../verifier/src/store/replayStore.ts";
import { argValue, createRandom, json, log } from "./benchCli.ts";

const ACCOUNTS = Number(argValue("--accounts") ?? 20_000);
const TXS = Number(argValue("--txs") ?? 50_000);
const THREADS = Number(argValue("--threads") ?? 2);
const withStore = process.argv.includes("--store");

// Deterministic, so every run signs the same transactions.
const random = createRandom(0x2545f491);

// --- Setup (not timed): funded accounts, signed transfers, batches as a sequencer encodes them.
let t = performance.now();
const addresses = Array.from({ length: ACCOUNTS }, (_, i) => testWallet(i).address);
const deposits: QueueEntry[] = addresses.map((a, i) => ethDeposit(BigInt(i), a, 100n * ONE_ETH));
function fundedState(tree = createStateTree()): L2State {
  const state = new L2State({ tree });
  for (const entry of deposits) applyQueueEntry(state, entry, TEST_CONFIG);
  state.stateRoot();
  return state;
}
const sequencer = fundedState();
log(`funded ${ACCOUNTS} accounts in ${((performance.now() - t) / 1000).toFixed(1)} s`);

t = performance.now();
const nonces = new Array<bigint>(ACCOUNTS).fill(0n);
const txs: SignedFields[] = [];
for (let i = 0; i < TXS; i++) {
  const from = random(ACCOUNTS);
  const value = i % 2 === 0 ? BigInt(1 + random(100)) * 10n ** 16n : BigInt(random(2 ** 30)) * 1000n + 1n;
  const fields = transferFields({
    to: addresses[random(ACCOUNTS)]!,
    value,
    nonce: nonces[from]!,
    maxPriorityFeePerGas: MIN_BASE_FEE,
    maxFeePerGas: 4n * MIN_BASE_FEE,
  });
  nonces[from]! += 1n;
  txs.push(signTransactionForTest(fields, testWallet(from).privateKey).tx);
}
log(`signed ${TXS} transfers in ${((performance.now() - t) / 1000).toFixed(1)} s`);

t = performance.now();
// ~80 bytes per transfer: a batch of this many stays under MAX_BATCH_BYTES with room to spare.
const PER_BATCH = Math.floor((MAX_BATCH_BYTES - 1_000) / 82);
const queueEntry = (i: bigint): QueueEntry => deposits[Number(i)]!;
const inputs: ReplayInput[] = [];
let dataBytes = 0;
for (let i = 0; i < txs.length; i += PER_BATCH) {
  const block = {
    timestamp: 1_800_000_000n + BigInt(i),
    baseFee: MIN_BASE_FEE,
    queueEntries: [],
    txs: txs.slice(i, i + PER_BATCH),
  };
  const sequenced = sequenceBatch(sequencer, TEST_CONFIG, [block]);
  if (sequenced.blocks[0]!.dropped > 0) throw new Error("a benchmark transaction was invalid");
  dataBytes += sequenced.data.length;
  inputs.push({
    index: BigInt(inputs.length + 1),
    recordHash: bytesToHex(new Uint8Array(32).fill(inputs.length + 1)),
    data: sequenced.data,
    steps: sequenced.steps,
    queueLimit: BigInt(deposits.length),
    claimedRoot: sequenced.stateRoot,
    queueEntry,
  });
}
log(
  `encoded ${inputs.length} batches of up to ${PER_BATCH} transfers (${(dataBytes / TXS).toFixed(1)} bytes/tx) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

const pool = createSenderRecoveryPool({ threads: THREADS });

/** The verifier's starting point: the funded state, in a tree that records leaf changes. */
function verifierEngine() {
  const tree = createRecordingTree(createStateTree());
  const state = fundedState(tree);
  tree.discardChanges();
  return { state, tree, pool, config: TEST_CONFIG };
}

// Warm the workers and the JIT on a copy (not timed).
{
  const warm = verifierEngine();
  await replayInOrder(warm, inputs.slice(0, 1), () => true);
}

// --- Timed: the replay.
const engine = verifierEngine();
let replayed = 0;
let leafChanges = 0;
let disagreements = 0;
t = performance.now();
await replayInOrder(engine, inputs, (outcome: ReplayOutcome) => {
  replayed += outcome.txCount;
  leafChanges += outcome.changes.length;
  if (!outcome.agreed) disagreements++;
  return true;
});
const seconds = (performance.now() - t) / 1000;
if (disagreements > 0)
  throw new Error(`${disagreements} batches replayed to another root than the sequencer's`);
if (!equalBytes(engine.state.stateRoot(), sequencer.stateRoot())) throw new Error("final roots differ");

// --- Baseline in the same run: decoding and recovery alone, batch by batch on the same pool.
t = performance.now();
for (const input of inputs) await prerecoverSenders(pool, engine.state, input.data, TEST_CONFIG.chainId);
const recoveryOnlyPerSec = Math.round(TXS / ((performance.now() - t) / 1000));

// --- Optional: the same replay persisted as the verifier does it, one transaction per batch.
let replayWithStoreTps: number | undefined;
let databaseKind: string | undefined;
if (withStore) {
  // A throwaway database: on the DATABASE_URL server if set, else an in-memory PGlite.
  const adminUrl = process.env.DATABASE_URL || undefined;
  const scratch = adminUrl === undefined ? undefined : await createTestDatabase(adminUrl, "bench_verifier");
  const db = await openDatabase({ url: scratch?.url, logger: createSilentLogger() });
  databaseKind = db.kind;
  try {
    await migrate(db, VERIFIER_MIGRATIONS);
    const store = createReplayStore(db);
    const stored = verifierEngine();
    t = performance.now();
    const writer = new WriteBehind<ReplayOutcome>((outcome) =>
      store.save(outcome, outcome.withdrawals.map(withdrawalLeafHash)),
    );
    await replayInOrder(stored, inputs, async (outcome) => {
      await writer.push(outcome);
      return true;
    });
    await writer.flush();
    replayWithStoreTps = Math.round(TXS / ((performance.now() - t) / 1000));
  } finally {
    await db.close();
    await scratch?.drop();
  }
}
await pool.close();

const result = {
  replayTps: Math.round(replayed / seconds),
  txs: replayed,
  recoveryOnlyPerSec,
  ratioToRecoveryOnly: Number((replayed / seconds / recoveryOnlyPerSec).toFixed(3)),
  ...(replayWithStoreTps === undefined ? {} : { replayWithStoreTps, database: databaseKind }),
  batches: inputs.length,
  txsPerBatch: PER_BATCH,
  bytesPerTx: Number((dataBytes / TXS).toFixed(1)),
  leafChangesPerBatch: Math.round(leafChanges / inputs.length),
  accounts: ACCOUNTS,
  threads: THREADS,
  totalMs: Math.round(seconds * 1000),
};
log(
  `replayed ${replayed} transfers in ${inputs.length} batches in ${seconds.toFixed(2)} s: ${result.replayTps} tx/s ` +
    `(decode + recovery alone: ${recoveryOnlyPerSec}/s, ratio ${result.ratioToRecoveryOnly})` +
    (replayWithStoreTps === undefined ? "" : `; with the ${databaseKind} store: ${replayWithStoreTps} tx/s`),
);
if (json) console.log(JSON.stringify(result));
