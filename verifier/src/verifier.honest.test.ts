// The verifier against a real Hardhat L1 with honest batches from the test proposer: it agrees with
// every root and opens no game (a); a verifier started late syncs from the deployment block and agrees
// (c); a verifier stopped mid-sync resumes where it stopped, and refuses a tampered store (d); an L1
// reorg that replaces the block holding a batch unwinds and re-derives (e). Real PostgreSQL and Redis
// when DATABASE_URL and REDIS_URL are set.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createMetrics, createSilentLogger, disputeGameAbi, rollupAbi } from "@halcyon/node-common";
import { bytesToHex } from "@halcyon/protocol";
import { CriticalError } from "./errors.ts";
import { startStatusServer } from "./status/statusServer.ts";
import { ETHER, startTestL1, type TestL1 } from "./testing/testL1.ts";
import { TestProposer } from "./testing/testProposer.ts";
import { createTestVerifier, type TestVerifierHandle } from "./testing/testVerifier.ts";
import type { Verifier } from "./verifier.ts";

let l1: TestL1;
let proposer: TestProposer;
let live: TestVerifierHandle;
let verifier: Verifier;
const handles: TestVerifierHandle[] = [];

/** Runs passes until the verifier has nothing left to do. */
async function syncUp(v: Verifier, maxPasses = 50): Promise<void> {
  for (let i = 0; i < maxPasses; i++) {
    const summary = await v.runOnce();
    if (summary.caughtUp) return;
  }
  throw new Error("the verifier did not catch up");
}

before(async () => {
  l1 = await startTestL1();
  proposer = new TestProposer(l1);
  live = await createTestVerifier(l1, "live", { confirmations: 1 });
  handles.push(live);
  verifier = await live.open();
});

after(async () => {
  for (const handle of handles) await handle.cleanup();
  await l1?.close();
});

describe("verifier on honest batches", () => {
  test("(a) agrees with every root as the proposer appends, and opens no game", async () => {
    await syncUp(verifier);
    for (let w = 0; w < 4; w++) await proposer.depositEth(w, 10n * ETHER);
    await proposer.append([
      { txs: [proposer.transfer(0, 5, 1n), proposer.transfer(1, 6, ETHER), proposer.transfer(2, 0, 3n)] },
      { txs: [proposer.transfer(3, 7, 5n)] },
    ]);
    await syncUp(verifier);
    await proposer.depositEth(8, 2n * ETHER);
    await proposer.append([{ txs: [proposer.transfer(0, 6, 2n), proposer.transfer(6, 9, 1n)] }]);
    await proposer.append([{ txs: [proposer.transfer(8, 1, ETHER), proposer.transfer(5, 0, 0n)] }]);

    // Confirmation depth 1: the block of the last append is not derived until one more block exists.
    await syncUp(verifier);
    assert.equal(verifier.replayer.last?.index, 2n);
    await l1.testClient.mine({ blocks: 1 });
    await syncUp(verifier);
    assert.equal(verifier.replayer.last?.index, 3n);
    assert.equal(verifier.replayer.last?.agreed, true);

    for (const batch of proposer.batches) {
      const replayed = await verifier.stores.replay.replayed(batch.record.index);
      assert.equal(replayed?.agreed, true);
      assert.equal(bytesToHex(replayed!.computedRoot), batch.record.stateRoot);
    }
    const status = await verifier.status();
    assert.equal(status.replay.lastVerifiedBatch, "3");
    assert.equal(status.replay.rootsAgreed, "4"); // genesis and three batches
    assert.equal(status.replay.rootsDisputed, "0");
    assert.equal(status.derivation.queueEntries, "5");
    assert.equal(status.challenger.mode, "watch-only");
    assert.deepEqual(status.challenger.games, []);
    assert.equal(status.state, "running");
    assert.equal(
      await l1.publicClient.readContract({
        address: l1.deployment.addresses.disputeGame,
        abi: disputeGameAbi,
        functionName: "gameCount",
      }),
      0n,
    );
  });

  test("(a) serves its status and metrics over HTTP", async () => {
    const metrics = createMetrics();
    metrics.counter("probe_total", { help: "probe" }).inc();
    const server = await startStatusServer({
      host: "127.0.0.1",
      port: 0,
      logger: createSilentLogger(),
      metrics,
      status: () => verifier.status(),
      healthy: () => verifier.halted === undefined,
    });
    try {
      const status = (await (await fetch(`${server.url}/status`)).json()) as {
        replay: { lastVerifiedBatch: string };
        l1: { derived: string };
      };
      assert.equal(status.replay.lastVerifiedBatch, "3");
      assert.ok(BigInt(status.l1.derived) > l1.deployment.deployBlock);
      const text = await (await fetch(`${server.url}/metrics`)).text();
      assert.match(text, /probe_total 1/);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${server.url}/nope`)).status, 404);
    } finally {
      await server.close();
    }
  });

  test("(c) a verifier started late syncs from the deployment block and agrees", async () => {
    const late = await createTestVerifier(l1, "late", {
      confirmations: 1,
      maxBlockRange: 2,
      progressIntervalMs: 0,
    });
    handles.push(late);
    const v = await late.open();
    assert.equal(v.replayer.last?.index ?? null, null, "a fresh store starts from genesis");
    await syncUp(v);
    assert.equal(v.replayer.last?.index, 3n);
    const [a, b] = await Promise.all([v.status(), verifier.status()]);
    assert.equal(a.replay.lastVerifiedRoot, b.replay.lastVerifiedRoot);
    assert.equal(a.replay.rootsAgreed, "4");
    assert.equal(a.replay.rootsDisputed, "0");
    await late.close();
  });

  test("(d) a restart mid-sync resumes where it stopped; a tampered store is refused", async () => {
    const restart = await createTestVerifier(l1, "restart", { confirmations: 1, maxBlockRange: 1 });
    handles.push(restart);
    let v = await restart.open();
    // Derive block by block until batch 1 is in, replay what is there, and stop.
    while ((await v.stores.derivation.counts()).liveBatches < 2n) await v.derivation.step();
    await v.replayer.step();
    assert.equal(v.replayer.last?.index, 1n);
    const cursor = v.derivation.cursor;
    await restart.close();

    v = await restart.open();
    assert.equal(v.replayer.last?.index, 1n, "the replay resumes after batch 1");
    assert.equal(v.derivation.cursor.number, cursor.number, "the derivation resumes after its cursor");
    await syncUp(v);
    assert.equal(v.replayer.last?.index, 3n);
    assert.equal(bytesToHex(v.replayer.last!.computedRoot), proposer.batches[2]!.record.stateRoot);
    await restart.close();

    // A leaf changed behind the verifier's back: the state no longer hashes to the stored root.
    const db = await restart.openDatabase();
    const { rows } = await db.query<{ key: Uint8Array; value: Uint8Array }>(
      "SELECT key, value FROM state_leaf ORDER BY key LIMIT 1",
    );
    const leaf = rows[0]!;
    const tampered = leaf.value.slice();
    tampered[0] = tampered[0]! ^ 1;
    await db.query("UPDATE state_leaf SET value = $2 WHERE key = $1", [leaf.key, tampered]);
    await db.close();
    await assert.rejects(restart.open(), (error: unknown) => {
      assert.ok(error instanceof CriticalError);
      assert.match(error.message, /refusing to start/);
      return true;
    });
    const fix = await restart.openDatabase();
    await fix.query("UPDATE state_leaf SET value = $2 WHERE key = $1", [leaf.key, leaf.value]);
    await fix.close();
    v = await restart.open();
    assert.equal(v.replayer.last?.index, 3n);
    await restart.close();
  });

  test("(e) an L1 reorg that replaces the block of a batch unwinds it and derives the new one", async () => {
    const snapshot = await l1.testClient.snapshot();
    const nonces = proposer.nonces;
    const queueLength = proposer.entries.length;
    await proposer.depositEth(10, ETHER);
    const doomed = await proposer.append([
      { txs: [proposer.transfer(0, 10, 7n), proposer.transfer(1, 11, 8n)] },
    ]);
    await l1.testClient.mine({ blocks: 1 });
    await syncUp(verifier);
    assert.equal(verifier.replayer.last?.recordHash, doomed.recordHash);
    assert.equal((await verifier.status()).derivation.queueEntries, "6");

    // The fork: the deposit and the batch are gone; another batch 4 is appended instead.
    await l1.testClient.revert({ id: snapshot });
    proposer.dropFrom(4n);
    proposer.truncateQueue(queueLength);
    proposer.resetNonces(nonces);
    const replacement = await proposer.append([{ txs: [proposer.transfer(2, 12, 9n)] }]);
    await l1.testClient.mine({ blocks: 3 });
    assert.notEqual(replacement.recordHash, doomed.recordHash);

    const summary = await verifier.runOnce();
    assert.ok(summary.reorgs >= 1, "the reorg was detected");
    await syncUp(verifier);
    const last = verifier.replayer.last!;
    assert.equal(last.index, 4n);
    assert.equal(last.recordHash, replacement.recordHash);
    assert.equal(last.agreed, true);
    assert.equal(bytesToHex(last.computedRoot), replacement.record.stateRoot);
    const status = await verifier.status();
    assert.equal(status.derivation.queueEntries, "5", "the reorged deposit is gone");
    assert.equal(status.derivation.liveBatches, "5");
    assert.equal(status.replay.rootsDisputed, "0");
    assert.equal(
      await l1.publicClient.readContract({
        address: l1.deployment.addresses.rollup,
        abi: rollupAbi,
        functionName: "lastStateRoot",
      }),
      replacement.record.stateRoot,
    );
  });
});
