import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createL1Clients, createSilentLogger, type Database, migrate } from "@halcyon/node-common";
import { bytesToHex, type QueueEntry } from "@halcyon/protocol";
import type { Hex } from "viem";
import {
  createServiceTestDatabase,
  type ServiceTestDatabase,
} from "../../../packages/node-common/src/testing/serviceTestDatabase.ts";
import {
  ONE_ETH,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { testTokenAbi } from "../../../scripts/lib/harness/abis.ts";
import { depositEth, readQueueEntries, send } from "../../../scripts/lib/harness/l1.ts";
import { SEQUENCER_MIGRATIONS } from "../store/migrations.ts";
import { type HttpL1, startHttpL1 } from "../testing/httpL1.ts";
import { L1ServiceError } from "./errors.ts";
import { L1Follower } from "./l1Follower.ts";
import { createL1TokenMetadataSource } from "./tokenMetadata.ts";

// The L1 follower against a real Hardhat L1 and the real Bridge: deposits (ETH and ERC-20) and a forced
// transaction become queue entries only once confirmed, rebuilt exactly as the harness rebuilds them
// independently, stored, and served in order; a reorg above the confirmation depth is never seen, one
// below it stops the follower.

const logger = createSilentLogger();
const alice = testWallet(71);

describe("L1 follower", () => {
  let l1: HttpL1;
  let store: ServiceTestDatabase;
  let db: Database;
  let token: Hex;
  const follower = (database = db) =>
    new L1Follower({
      db: database,
      publicClient: createL1Clients({ rpcUrl: l1.url, chainId: l1.chain.id }).publicClient,
      bridge: l1.deployment.addresses.bridge,
      deployBlock: l1.deployment.deployBlock,
      l2ChainId: TEST_CONFIG.chainId,
      confirmations: 2,
      maxLogRange: 3,
      pollIntervalMs: 20,
      logger,
    });
  const syncAll = async (f: L1Follower) => {
    while (await f.sync());
  };

  before(async () => {
    l1 = await startHttpL1();
    store = await createServiceTestDatabase("follower");
    db = await store.open();
    await migrate(db, SEQUENCER_MIGRATIONS, { logger });
    token = await l1.deployToken("Test Token", "TT");
  });

  after(async () => {
    await store.cleanup();
    await l1.close();
  });

  it("takes deposits and forced transactions once confirmed, rebuilt as the Bridge hashed them", async () => {
    const [user] = l1.others;
    await depositEth(l1, user!, alice.address, ONE_ETH);
    await send(
      l1,
      user!.writeContract({
        address: token,
        abi: testTokenAbi,
        functionName: "mint",
        args: [user!.account.address, 1000n],
        chain: l1.chain,
        account: user!.account,
      }),
    );
    await send(
      l1,
      user!.writeContract({
        address: token,
        abi: testTokenAbi,
        functionName: "approve",
        args: [l1.deployment.addresses.bridge, 1000n],
        chain: l1.chain,
        account: user!.account,
      }),
    );
    await send(l1, l1.bridge(user!).write.depositERC20([token, alice.address, 700n]));
    const raw = signTransactionForTest(
      transferFields({ to: testWallet(72).address, value: 5n, nonce: 0n }),
      alice.privateKey,
    ).raw;
    await send(l1, l1.bridge(user!).write.forceTransaction([bytesToHex(raw)]));

    const f = follower();
    await syncAll(f);
    // The forced transaction's block has no block on top yet: not confirmed at depth 2.
    const early = await f.entriesFrom(0n, 10);
    assert.deepEqual(
      early.map((e) => e.kind),
      ["eth-deposit", "erc20-deposit"],
    );
    await l1.mine();
    await syncAll(f);
    const entries = await f.entriesFrom(0n, 10);
    const independent: QueueEntry[] = await readQueueEntries(l1, 0n);
    assert.deepEqual(entries, independent);
    assert.equal(entries.length, 3);
    assert.equal(f.status.queueLength, 3n);

    const { rows } = await db.query<{ queue_index: bigint; kind: string; block_number: bigint | null }>(
      "SELECT queue_index, kind, block_number FROM l1_queue_entries ORDER BY queue_index",
    );
    assert.deepEqual(
      rows.map((r) => [r.queue_index, r.kind, r.block_number]),
      [
        [0n, "eth-deposit", null],
        [1n, "erc20-deposit", null],
        [2n, "forced-transaction", null],
      ],
    );
  });

  it("serves entries from a given index and reloads the unapplied ones after a restart", async () => {
    const again = follower();
    assert.deepEqual(
      (await again.entriesFrom(1n, 1)).map((e) => e.queueIndex),
      [1n],
    );
    assert.deepEqual(await again.entriesFrom(0n, 5), [], "entries before the first one asked for are gone");
    assert.equal(again.status.queueLength, 3n);
  });

  it("never takes an entry that a reorg above the confirmation depth removed", async () => {
    const f = follower();
    await syncAll(f);
    const snapshot = await l1.testClient.snapshot();
    await depositEth(l1, l1.others[1]!, alice.address, 7n);
    await syncAll(f);
    assert.equal(f.status.queueLength, 3n, "the deposit's block is not confirmed");
    await l1.testClient.revert({ id: snapshot });
    await l1.mine(3);
    await syncAll(f);
    assert.equal(f.status.queueLength, 3n);
    assert.deepEqual(
      (await f.entriesFrom(0n, 10)).map((e) => e.queueIndex),
      [0n, 1n, 2n],
    );
  });

  it("refuses to advance past a confirmed block whose hash changed (a reorg below the depth)", async () => {
    const f = follower();
    const snapshot = await l1.testClient.snapshot();
    await depositEth(l1, l1.others[1]!, alice.address, 9n);
    await l1.mine(2);
    await syncAll(f);
    assert.equal(f.status.queueLength, 4n);
    await l1.testClient.revert({ id: snapshot });
    await l1.mine(6);
    await assert.rejects(f.sync(), (error: unknown) => {
      assert.ok(error instanceof L1ServiceError);
      assert.equal(error.severity, "critical");
      assert.match(error.message, /reorg deeper than 2 confirmations/);
      return true;
    });
    assert.equal(f.status.queueLength, 4n);
  });

  it("reads token metadata from the L1 token, and undefined for an address without one", async () => {
    const source = createL1TokenMetadataSource({
      publicClient: createL1Clients({ rpcUrl: l1.url, chainId: l1.chain.id }).publicClient,
      logger,
    });
    assert.deepEqual(await source.metadata(token), { decimals: 18, symbol: "TT", name: "Test Token" });
    assert.equal(await source.metadata("0x00000000000000000000000000000000000000aa"), undefined);
  });
});
