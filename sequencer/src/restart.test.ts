import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSilentLogger } from "@halcyon/node-common";
import { bytesToHex, createChainConfig, type Hex } from "@halcyon/protocol";
import {
  ONE_ETH,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../packages/protocol/src/tx/testing.ts";
import { createMemoryQueueSource } from "./producer/queueEntrySource.ts";
import { startSequencer } from "./sequencer.ts";
import { ChainStoreError } from "./store/chainStore.ts";
import { startTestSequencer, type TestSequencer } from "./testing/testSequencer.ts";

// Restart on the same database, after a graceful stop and after a crash: the chain resumes where it
// stopped, with the same state root, and no acknowledged transaction is lost.

const alice = testWallet(41);
const bob = testWallet(42);

describe("restart", () => {
  let ts: TestSequencer;

  async function send(nonce: bigint): Promise<Hex> {
    const raw = signTransactionForTest(
      transferFields({ to: bob.address, value: 1n + nonce, nonce }),
      alice.privateKey,
    ).raw;
    const res = await fetch(ts.url, {
      method: "POST",
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "eth_sendRawTransaction",
        params: [bytesToHex(raw)],
      }),
    });
    const body = (await res.json()) as { result?: Hex; error?: unknown };
    assert.ok(body.result !== undefined, JSON.stringify(body.error));
    return body.result;
  }

  async function rpc(method: string, params: unknown[]): Promise<unknown> {
    const res = await fetch(ts.url, {
      method: "POST",
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return ((await res.json()) as { result?: unknown }).result;
  }

  /** Included (a receipt) or pending (known, no block). */
  async function where(hash: Hex): Promise<"included" | "pending" | "lost"> {
    if ((await rpc("eth_getTransactionReceipt", [hash])) !== null) return "included";
    const tx = (await rpc("eth_getTransactionByHash", [hash])) as { blockNumber: unknown } | null;
    return tx !== null && tx.blockNumber === null ? "pending" : "lost";
  }

  before(async () => {
    ts = await startTestSequencer("restart", { autoProduce: false });
    await ts.fund(ONE_ETH, alice.address);
  });

  after(async () => {
    await ts.close();
  });

  it("after a crash: same state root, every acknowledged transaction included or pending", async () => {
    const included = [await send(0n), await send(1n), await send(2n)];
    await ts.sequencer.produceBlock();
    const acknowledged = [await send(3n), await send(4n), await send(6n)];
    const head = ts.sequencer.chain.head;

    ts = await ts.restart({ crash: true });
    assert.equal(ts.sequencer.chain.head.hash, head.hash);
    assert.equal(ts.sequencer.chain.head.stateRoot, head.stateRoot);
    assert.equal(bytesToHex(ts.sequencer.chain.state.stateRoot()), head.stateRoot);
    for (const hash of included) assert.equal(await where(hash), "included");
    for (const hash of acknowledged) assert.equal(await where(hash), "pending");
    assert.equal(await rpc("eth_getTransactionCount", [alice.address, "pending"]), "0x5");

    await ts.sequencer.produceBlock();
    assert.equal(await where(acknowledged[0]!), "included");
    assert.equal(await where(acknowledged[1]!), "included");
    assert.equal(await where(acknowledged[2]!), "pending", "nonce 6 waits for nonce 5");
  });

  it("after a graceful stop: same head, the pool reloaded, and the chain goes on", async () => {
    const gapped = (await rpc("eth_getTransactionCount", [alice.address, "latest"])) as string;
    assert.equal(gapped, "0x5");
    const head = ts.sequencer.chain.head;
    ts = await ts.restart();
    assert.equal(ts.sequencer.chain.head.hash, head.hash);
    assert.equal(bytesToHex(ts.sequencer.chain.state.stateRoot()), head.stateRoot);
    assert.equal(ts.sequencer.mempool.size, 1);
    const five = await send(5n);
    await ts.sequencer.produceBlock();
    assert.equal(await where(five), "included");
    assert.equal(ts.sequencer.mempool.size, 0, "nonce 6 followed nonce 5 into the block");
    assert.equal(await rpc("eth_getTransactionCount", [alice.address, "latest"]), "0x7");
    assert.equal(ts.sequencer.chain.head.number, head.number + 1n);
  });

  it("refuses to start on a store whose state does not match its last block, or of another chain", async () => {
    await ts.sequencer.close();
    const db = ts.db;
    const queue = createMemoryQueueSource();
    const logger = createSilentLogger();
    await assert.rejects(
      startSequencer({
        db,
        logger,
        queue,
        autoProduce: false,
        chainConfig: createChainConfig({ chainId: TEST_CONFIG.chainId + 1n, feeVault: TEST_CONFIG.feeVault }),
      }),
      (e) => e instanceof ChainStoreError && /the database holds chain/.test(e.message),
    );
    await db.query(
      "UPDATE state_leaves SET value = $1 WHERE key = (SELECT key FROM state_leaves ORDER BY key LIMIT 1)",
      [new Uint8Array(32).fill(7)],
    );
    await assert.rejects(
      startSequencer({ db, logger, queue, autoProduce: false, chainConfig: TEST_CONFIG }),
      (e) => e instanceof ChainStoreError && /state root mismatch on restart/.test(e.message),
    );
  });
});
