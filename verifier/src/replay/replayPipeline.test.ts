import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import {
  accountKey,
  bytesToHex,
  createSenderRecoveryPool,
  indexKey,
  type L2State,
  type QueueEntry,
} from "@halcyon/protocol";
import {
  ethDeposit,
  fundedState,
  ONE_ETH,
  signWith,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../../packages/protocol/src/testing/fixtures.ts";
import { queueLookup, sequenceBatch } from "../../../packages/protocol/src/testing/scenario.ts";
import type { createRecordingTree } from "./recordingTree.ts";
import type { ReplayInput, ReplayOutcome } from "./replayBatch.ts";
import { replayInOrder } from "./replayPipeline.ts";
import { prerecoverSenders } from "./senderPrerecovery.ts";
import { buildRecordingState } from "./stateLoader.ts";

const pool = createSenderRecoveryPool({ threads: 2, minSliceSize: 2 });
after(() => pool.close());

const FUNDED = 4;

/**
 * Three batches as a sequencer builds them: transfers among funded wallets and to new accounts (which
 * later batches name by index), a deposit applied mid-way, an invalid transaction kept in the data.
 */
function scenario(): { inputs: ReplayInput[]; roots: Uint8Array[]; entries: QueueEntry[] } {
  const entries: QueueEntry[] = Array.from({ length: FUNDED }, (_, i) =>
    ethDeposit(BigInt(i), testWallet(i).address, 10n * ONE_ETH),
  );
  const sequencer = fundedState(
    Array.from({ length: FUNDED }, (_, i) => [testWallet(i).address, 10n * ONE_ETH] as const),
  );
  const late = ethDeposit(BigInt(FUNDED), testWallet(7).address, ONE_ETH);
  entries.push(late);
  const nonces = new Array<bigint>(10).fill(0n);
  const tx = (from: number, to: number, value: bigint, nonce?: bigint) => {
    const fields = transferFields({ to: testWallet(to).address, value, nonce: nonce ?? nonces[from]! });
    if (nonce === undefined) nonces[from]! += 1n;
    return signWith(testWallet(from), fields);
  };
  const queueEntry = queueLookup(entries);
  const batches = [
    [{ timestamp: 1000n, baseFee: 0n, queueEntries: [], txs: [tx(0, 5, 1n), tx(1, 6, 2n), tx(2, 0, 3n)] }],
    [
      { timestamp: 1010n, baseFee: 0n, queueEntries: [late], txs: [tx(0, 6, 4n), tx(3, 5, 5n)] },
      { timestamp: 1012n, baseFee: 0n, queueEntries: [], txs: [tx(1, 7, 6n), tx(2, 2, 7n, 99n)] },
    ],
    [{ timestamp: 1020n, baseFee: 0n, queueEntries: [], txs: [tx(3, 8, 8n), tx(0, 7, 9n)] }],
  ];
  const inputs: ReplayInput[] = [];
  const roots: Uint8Array[] = [];
  batches.forEach((blocks, i) => {
    const queueLimit = BigInt(entries.length);
    const sequenced = sequenceBatch(sequencer, TEST_CONFIG, blocks, { includeInvalid: true });
    roots.push(sequenced.stateRoot);
    inputs.push({
      index: BigInt(i + 1),
      recordHash: bytesToHex(new Uint8Array(32).fill(i + 1)),
      data: sequenced.data,
      steps: sequenced.steps,
      queueLimit,
      claimedRoot: sequenced.stateRoot,
      queueEntry,
    });
  });
  return { inputs, roots, entries };
}

/** The verifier's starting point: the first FUNDED deposits applied, rebuilt from its leaves as at startup. */
function verifierState(): { state: L2State; tree: ReturnType<typeof createRecordingTree> } {
  const funded = fundedState(
    Array.from({ length: FUNDED }, (_, i) => [testWallet(i).address, 10n * ONE_ETH] as const),
  );
  // A funded state holds an account leaf and an index leaf per account, nothing else.
  const leaves: { key: Uint8Array; value: Uint8Array }[] = [];
  for (let i = 1n; i <= funded.accountCount; i++) {
    for (const key of [accountKey(funded.peekAddressOfIndex(i)!), indexKey(i)]) {
      leaves.push({ key, value: funded.tree.get(key)! });
    }
  }
  return buildRecordingState(leaves, funded, []);
}

describe("replay pipeline", () => {
  test("replays batches to the sequencer's roots, with senders recovered one batch ahead", async () => {
    const { inputs, roots } = scenario();
    const { state, tree } = verifierState();
    const outcomes: ReplayOutcome[] = [];
    const count = await replayInOrder({ state, tree, pool, config: TEST_CONFIG }, inputs, (o) => {
      outcomes.push(o);
      return true;
    });
    assert.equal(count, 3);
    assert.deepEqual(
      outcomes.map((o) => bytesToHex(o.computedRoot)),
      roots.map(bytesToHex),
    );
    assert.ok(outcomes.every((o) => o.agreed));
    assert.deepEqual(
      outcomes.map((o) => [o.txCount, o.includedCount, o.queueEntriesApplied]),
      [
        [3, 3, 0],
        [4, 3, 1],
        [2, 2, 0],
      ],
    );
  });

  test("pre-recovers the records whose references resolve now, and only those", async () => {
    const { inputs } = scenario();
    const { state, tree } = verifierState();
    // Before batch 1, batch 2's records that name accounts batch 1 creates cannot be resolved yet.
    const early = (await prerecoverSenders(pool, state, inputs[1]!.data, TEST_CONFIG.chainId)).senders;
    await replayInOrder({ state, tree, pool, config: TEST_CONFIG }, inputs.slice(0, 1), () => true);
    const prepared = await prerecoverSenders(pool, state, inputs[1]!.data, TEST_CONFIG.chainId);
    const ready = prepared.senders;
    // Every record is handed to the machine decoded, recovered or not.
    assert.equal(prepared.records.size, 4);
    // The fourth record names an account that a deposit inside batch 2 creates: the machine recovers it.
    assert.equal(ready.size, 3);
    assert.ok(early.size < ready.size, `${early.size} < ${ready.size}`);
    const wallets = new Set([0, 1, 2, 3].map((i) => testWallet(i).address));
    for (const sender of ready.values()) assert.ok(sender !== null && wallets.has(sender));
    for (const [offset, sender] of early) assert.equal(ready.get(offset), sender);
  });

  test("the recorded previous values undo a batch exactly", async () => {
    const { inputs } = scenario();
    const { state, tree } = verifierState();
    const before: string[] = [];
    const changes: ReplayOutcome["changes"][] = [];
    await replayInOrder({ state, tree, pool, config: TEST_CONFIG }, inputs, (o) => {
      changes.push(o.changes);
      return true;
    });
    // Undo batch 3 then batch 2, checking the roots each time against a fresh replay of 1..k.
    for (let k = 1; k <= 3; k++) {
      const fresh = verifierState();
      await replayInOrder({ ...fresh, pool, config: TEST_CONFIG }, inputs.slice(0, k), () => true);
      before.push(bytesToHex(fresh.tree.root()));
    }
    for (let k = 3; k >= 2; k--) {
      for (const c of changes[k - 1]!) {
        if (c.previous === undefined) tree.delete(c.key);
        else tree.set(c.key, c.previous);
      }
      tree.discardChanges();
      assert.equal(bytesToHex(tree.root()), before[k - 2]);
    }
  });

  test("stops after a batch whose claimed root differs, when told to", async () => {
    const { inputs } = scenario();
    const lying = inputs.map((input, i) =>
      i === 1 ? { ...input, claimedRoot: new Uint8Array(32).fill(7) } : input,
    );
    const { state, tree } = verifierState();
    const seen: boolean[] = [];
    const count = await replayInOrder({ state, tree, pool, config: TEST_CONFIG }, lying, (o) => {
      seen.push(o.agreed);
      return o.agreed;
    });
    assert.equal(count, 2);
    assert.deepEqual(seen, [true, false]);
  });
});
