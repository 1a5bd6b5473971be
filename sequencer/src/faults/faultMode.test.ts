import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ConfigError, createSilentLogger } from "@halcyon/node-common";
import {
  type Address,
  bytesToHex,
  commitmentOf,
  executeBatch,
  GAS_WITHDRAWAL,
  L2_BRIDGE_ADDRESS,
  MAX_BATCH_BYTES,
  MAX_BATCH_STEPS,
  stepCommitments,
} from "@halcyon/protocol";
import {
  ONE_ETH,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../../packages/protocol/src/testing/fixtures.ts";
import { queueLookup } from "../../../packages/protocol/src/testing/scenario.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { Batcher } from "../batcher/batcher.ts";
import { loadSequencerConfig as loadConfig } from "../config.ts";
import type { NewBatch, StoredBatch } from "../store/batchTable.ts";
import { readBatch } from "../store/batchTable.ts";
import { loadStateAfterBlock } from "../store/chainStore.ts";
import { startTestSequencer, type TestSequencer } from "../testing/testSequencer.ts";
import { assertFaultModeAllowed } from "./devnetOnly.ts";
import { FaultMode } from "./faultMode.ts";
import type { FaultSpec } from "./faultSpec.ts";
import { lyingCommitments } from "./lyingExecution.ts";

// The fault mode on a sequencer's real blocks: each fault rewrites one batch and is then disarmed; the
// sequencer's own chain stays honest; the protocol's execution of the posted data disagrees with the
// claimed root exactly from the step after the lie (so a verifier wins the game there), while the
// lying trace the defender reveals ends on the claimed root; an honest malformed tail changes nothing.
// The mode is refused unless the L1 is a local devnet.

const users = [71, 72, 73].map(testWallet);
const LIAR: Address = "0x000000000000000000000000000000000000bad1";

describe("fault mode", () => {
  let ts: TestSequencer;
  let faults: FaultMode;
  let batcher: Batcher;
  const nonces = new Map<string, bigint>();
  const cut: NewBatch[] = [];

  async function send(from: (typeof users)[0], to: Address, value: bigint, gasLimit = 21_000n) {
    const nonce = nonces.get(from.address) ?? 0n;
    nonces.set(from.address, nonce + 1n);
    const raw = signTransactionForTest(transferFields({ to, value, nonce, gasLimit }), from.privateKey).raw;
    await ts.sequencer.submit(raw);
  }

  /** Arms `spec`, makes a block with `fill`, cuts it into a batch; returns the stored batch. */
  async function faultyBatch(spec: FaultSpec, fill: () => Promise<void>): Promise<StoredBatch> {
    faults.arm(spec);
    await fill();
    await ts.sequencer.produceBlock();
    await batcher.flush();
    assert.equal(faults.status().armed, null, "one fault, one batch");
    return (await readBatch(ts.db, cut.at(-1)!.index))!;
  }

  /** The protocol's and the liar's step commitments of a stored batch, and the protocol's post-state. */
  async function traces(batch: StoredBatch) {
    const entries = await ts.queue.entriesFrom(0n, Number(ts.queue.length));
    const context = {
      data: batch.data,
      queueLimit: ts.queue.length,
      config: TEST_CONFIG,
      queueEntry: queueLookup(entries),
    };
    const pre = () => loadStateAfterBlock(ts.db, batch.firstBlock - 1n);
    const honest = stepCommitments(await pre(), context, batch.steps);
    const run = executeBatch(await pre(), context, batch.steps);
    const lie = await faults.lieOf(batch);
    const lying = lie === undefined ? undefined : lyingCommitments(await pre(), context, batch.steps, lie);
    return { honest, run, lie, lying };
  }

  /** The liar's trace: equal to the protocol's up to the lie, different right after it, ending on the claimed root. */
  async function checkLie(batch: StoredBatch): Promise<number> {
    const { honest, run, lie, lying } = await traces(batch);
    assert.ok(lie !== undefined && lying !== undefined, "the batch tells a lie");
    assert.notEqual(
      bytesToHex(run.stateRoot),
      batch.stateRoot,
      "the protocol disagrees with the claimed root",
    );
    for (let i = 0; i <= lie.step; i++) assert.deepEqual(lying[i], honest[i], `c_${i} agreed`);
    assert.notDeepEqual(lying[lie.step + 1], honest[lie.step + 1], `c_${lie.step + 1} disputed`);
    const claimed = commitmentOf(Uint8Array.from(Buffer.from(batch.stateRoot.slice(2), "hex")), run.cursor);
    assert.deepEqual(lying.at(-1), claimed, "the lying trace ends on the claimed root");
    const header = await ts.sequencer.reader.headerByNumber(batch.lastBlock);
    const applied = faults.status().applied.at(-1)!;
    assert.equal(applied.honestStateRoot, header!.stateRoot, "the sequencer's own chain stays honest");
    return lie.step;
  }

  before(async () => {
    ts = await startTestSequencer("faults", { autoProduce: false });
    await ts.fund(10n * ONE_ETH, ...users.map((u) => u.address));
    faults = new FaultMode({
      db: ts.db,
      chainConfig: TEST_CONFIG,
      logger: createSilentLogger(),
      l1Time: async () => 0n,
      forceInclusionDelay: 86_400n,
    });
    batcher = new Batcher({
      db: ts.db,
      events: ts.sequencer.events,
      head: () => ts.sequencer.chain.head.number,
      chainId: TEST_CONFIG.chainId,
      limits: { maxBytes: MAX_BATCH_BYTES, maxSteps: MAX_BATCH_STEPS },
      maxAgeMs: 3_600_000,
      forceInclusionDelay: 86_400n,
      onBatch: async (batch) => {
        cut.push(batch);
      },
      logger: createSilentLogger(),
      tickMs: 10,
      rewrite: (batch, blocks) => faults.rewrite(batch, blocks),
    });
    await batcher.start();
    await batcher.flush();
  });

  after(async () => {
    await batcher?.stop();
    await ts?.close();
  });

  it("a wrong balance is told at the last step", async () => {
    const batch = await faultyBatch({ kind: "wrong-balance", account: LIAR, amount: 5n }, () =>
      send(users[0]!, users[1]!.address, 1n),
    );
    assert.equal(await checkLie(batch), batch.steps - 1);
  });

  it("a forged signature and a replayed nonce add a record the protocol finds invalid", async () => {
    for (const spec of [
      { kind: "forged-signature", victim: users[2]!.address, recipient: LIAR, value: ONE_ETH },
      { kind: "nonce-replay" },
    ] as const) {
      const batch = await faultyBatch(spec, () => send(users[1]!, users[0]!.address, 2n));
      const { run } = await traces(batch);
      const last = run.results.at(-1)!;
      assert.ok(
        last.kind === "tx" && last.outcome.status === "invalid",
        `${spec.kind}: invalid to the protocol`,
      );
      assert.equal(await checkLie(batch), batch.steps - 1);
    }
  });

  it("a wrong fee, a wrong withdrawal leaf and a redirected deposit are told at their own step", async () => {
    const fee = await faultyBatch({ kind: "wrong-fee", delta: 7n }, () =>
      send(users[0]!, users[2]!.address, 3n),
    );
    await checkLie(fee);
    const withdrawal = await faultyBatch({ kind: "wrong-withdrawal", recipient: LIAR, amountDelta: 1n }, () =>
      send(users[2]!, L2_BRIDGE_ADDRESS, ONE_ETH / 10n, GAS_WITHDRAWAL),
    );
    await checkLie(withdrawal);
    faults.arm({ kind: "deposit-wrong-account", to: LIAR });
    await ts.enqueue({ kind: "eth-deposit", to: users[0]!.address, amount: 3n });
    await batcher.flush();
    const deposit = (await readBatch(ts.db, cut.at(-1)!.index))!;
    const { run } = await traces(deposit);
    const step = await checkLie(deposit);
    assert.equal(run.results[step]!.kind, "queue");
  });

  it("waits for a batch it can apply to: no withdrawal, no wrong leaf", async () => {
    faults.arm({ kind: "wrong-withdrawal", recipient: LIAR, amountDelta: 1n });
    await send(users[0]!, users[1]!.address, 4n);
    await ts.sequencer.produceBlock();
    await batcher.flush();
    assert.equal(faults.status().armed, "wrong-withdrawal", "still armed");
    const honest = (await readBatch(ts.db, cut.at(-1)!.index))!;
    assert.equal(await faults.lieOf(honest), undefined);
    assert.equal(bytesToHex((await traces(honest)).run.stateRoot), honest.stateRoot);
    faults.disarm();
  });

  it("a lie at the caps: padded to MAX_BATCH_BYTES, MAX_BATCH_STEPS declared, at the first, middle or last step", async () => {
    for (const position of ["first", "middle", "last"] as const) {
      const batch = await faultyBatch(
        { kind: "lie-at-caps", position, account: LIAR, amount: 1n, minBytes: 0 },
        async () => {
          for (let i = 0; i < 6; i++) await send(users[i % 3]!, users[(i + 1) % 3]!.address, 5n);
        },
      );
      assert.equal(batch.data.length, MAX_BATCH_BYTES);
      assert.equal(batch.steps, MAX_BATCH_STEPS);
      const step = await checkLie(batch);
      if (position === "first") assert.equal(step, 0);
      if (position === "last") assert.equal(step, MAX_BATCH_STEPS - 1);
      if (position === "middle") assert.ok(step > 0 && step < 8, `step ${step}`);
    }
  });

  it("an honest malformed tail keeps the protocol's root and tells no lie", async () => {
    const batch = await faultyBatch({ kind: "malformed-data" }, () => send(users[1]!, users[2]!.address, 6n));
    const { run, lie } = await traces(batch);
    assert.equal(lie, undefined);
    assert.equal(run.results.at(-1)!.kind, "halt", "the tail halts the machine");
    assert.equal(bytesToHex(run.stateRoot), batch.stateRoot);
    const header = await ts.sequencer.reader.headerByNumber(batch.lastBlock);
    assert.equal(batch.stateRoot, header!.stateRoot);
  });

  it("is refused unless the L1 is a local devnet (chain id 31337)", () => {
    assertFaultModeAllowed(31337);
    assert.throws(() => assertFaultModeAllowed(1), ConfigError);
    assert.throws(() => assertFaultModeAllowed(11_155_111n), ConfigError);
    assert.throws(() => assertFaultModeAllowed(undefined), ConfigError);
    assert.throws(
      () => loadConfig({ env: { SEQUENCER_FAULTS: "1", HALCYON_FEE_VAULT: TEST_CONFIG.feeVault } }),
      (error: unknown) => error instanceof ConfigError && /SEQUENCER_FAULTS/.test(error.message),
    );
    assert.equal(
      loadConfig({ env: { HALCYON_FEE_VAULT: TEST_CONFIG.feeVault } }).faults,
      false,
      "off by default",
    );
  });
});
