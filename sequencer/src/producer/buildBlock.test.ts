import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  blockHashOf,
  bytesToHex,
  createBatchEncoder,
  executeBatch,
  L2_BRIDGE_ADDRESS,
  L2State,
  l2TokenAddress,
  MAX_BATCH_BYTES,
  MIN_BASE_FEE,
  type QueueEntry,
  TRANSFER_TOPIC,
  transferCalldata,
  WITHDRAWAL_INITIATED_TOPIC,
} from "@halcyon/protocol";
import {
  erc20Deposit,
  ethDeposit,
  ONE_ETH,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { genesisHeader } from "../chain/genesis.ts";
import type { SealedBlock } from "../chain/sealedBlock.ts";
import { Mempool } from "../mempool/mempool.ts";
import { buildBlock } from "./buildBlock.ts";

const alice = testWallet(1);
const bob = testWallet(2);
const carol = testWallet(3);
const L1_TOKEN = "0x00000000000000000000000000000000000070c1" as const;
const TOKEN = l2TokenAddress(L1_TOKEN);

function pooled(pool: Mempool, wallet: typeof alice, fields: Parameters<typeof transferFields>[0]) {
  const { tx, raw } = signTransactionForTest(transferFields(fields), wallet.privateKey);
  return pool.admit({ tx, raw, sender: wallet.address, durable: true }, { nonce: 0n, balance: 10n ** 30n })
    .added;
}

function build(state: L2State, pool: Mempool, entries: QueueEntry[], maxTransactions = 4095) {
  return buildBlock({
    state,
    config: TEST_CONFIG,
    parent: genesisHeader(),
    timestamp: 1_700_000_000n,
    baseFee: MIN_BASE_FEE,
    queueEntries: entries,
    maxTransactions,
    selectTransactions: () => pool.select((s) => state.peekAccount(s).nonce, MIN_BASE_FEE).selection,
  });
}

/** Replays a block from genesis through the protocol's batch machine, as a verifier would. */
function replayRoot(block: SealedBlock, entries: QueueEntry[]): string {
  const h = block.header;
  const encoder = createBatchEncoder(h.timestamp);
  encoder.addBlock({ timestamp: h.timestamp, baseFee: h.baseFee, queueCount: h.queueCount });
  for (const { tx } of block.transactions) {
    const { chainId: _c, hash: _h, ...fields } = tx;
    encoder.addTx(fields);
  }
  const replay = new L2State();
  const result = executeBatch(
    replay,
    {
      data: encoder.finish(),
      queueLimit: BigInt(entries.length),
      config: TEST_CONFIG,
      queueEntry: (i) => entries[Number(i)]!,
    },
    encoder.stepCount,
  );
  return bytesToHex(result.stateRoot);
}

describe("buildBlock", () => {
  it("applies queue entries, then transactions; drops invalid ones; the block replays to its state root", () => {
    const state = new L2State();
    const pool = new Mempool();
    const entries = [
      ethDeposit(0n, alice.address, 10n * ONE_ETH),
      ethDeposit(1n, bob.address, ONE_ETH),
      erc20Deposit(2n, alice.address, L1_TOKEN, 1_000n),
    ];
    const transfer = pooled(pool, alice, { to: carol.address, value: ONE_ETH, nonce: 0n });
    const tokenTransfer = pooled(pool, alice, {
      to: TOKEN,
      nonce: 1n,
      gasLimit: 50_000n,
      data: transferCalldata(bob.address, 400n),
    });
    const failing = pooled(pool, alice, {
      to: TOKEN,
      nonce: 2n,
      gasLimit: 50_000n,
      data: transferCalldata(bob.address, 10_000n),
    });
    const withdrawal = pooled(pool, bob, {
      to: L2_BRIDGE_ADDRESS,
      value: 1000n,
      nonce: 0n,
      gasLimit: 50_000n,
    });
    const invalid = pooled(pool, carol, { to: alice.address, value: 5n * ONE_ETH, nonce: 0n });

    const { block, included, dropped } = build(state, pool, entries);
    const h = block.header;

    assert.equal(h.number, 1n);
    assert.equal(h.queueStart, 0n);
    assert.equal(h.queueCount, 3n);
    assert.deepEqual(
      dropped.map((t) => t.hash),
      [invalid.hash],
      "carol cannot pay (she is only credited in this block, after her transaction was picked)",
    );
    assert.deepEqual(
      new Set(included.map((t) => t.hash)),
      new Set([transfer.hash, tokenTransfer.hash, failing.hash, withdrawal.hash]),
    );
    assert.equal(h.stateRoot, bytesToHex(state.stateRoot()));
    assert.equal(h.hash, blockHashOf(h));
    assert.equal(replayRoot(block, entries), h.stateRoot);

    // Receipts: statuses, cumulative gas, and logs numbered across the block, queue entries first.
    const byHash = new Map(block.transactions.map((t) => [t.tx.hash, t]));
    assert.equal(byHash.get(failing.hash)?.status, 0);
    assert.equal(byHash.get(failing.hash)?.failure, "insufficient-token-balance");
    assert.equal(byHash.get(tokenTransfer.hash)?.status, 1);
    let cumulative = 0n;
    for (const t of block.transactions) {
      cumulative += t.gasUsed;
      assert.equal(t.cumulativeGasUsed, cumulative);
    }
    assert.equal(h.gasUsed, cumulative);
    const logs = [...block.queueEntries.flatMap((e) => e.logs), ...block.transactions.flatMap((t) => t.logs)];
    assert.deepEqual(
      logs.map((l) => l.logIndex),
      logs.map((_, i) => i),
    );
    assert.equal(block.queueEntries[2]!.logs[0]!.topics[0], TRANSFER_TOPIC, "an ERC-20 deposit mints");
    assert.equal(block.queueEntries[2]!.logs[0]!.transactionHash, block.queueEntries[2]!.pseudoHash);
    assert.equal(byHash.get(tokenTransfer.hash)!.logs[0]!.topics[0], TRANSFER_TOPIC);
    assert.equal(byHash.get(withdrawal.hash)!.logs[0]!.topics[0], WITHDRAWAL_INITIATED_TOPIC);
    assert.equal(block.withdrawals.length, 1);
    assert.equal(block.withdrawals[0]!.transactionHash, withdrawal.hash);
  });

  it("records each changed leaf once, with its value before the block", () => {
    const state = new L2State();
    const pool = new Mempool();
    const entries = [ethDeposit(0n, alice.address, ONE_ETH)];
    build(state, pool, entries);
    const aliceBefore = state.peekAccount(alice.address);
    pooled(pool, alice, { to: bob.address, value: 5n, nonce: 0n });
    pooled(pool, alice, { to: bob.address, value: 6n, nonce: 1n });
    const { journal } = build(state, pool, []);
    const changes = journal.changes();
    const keys = changes.map((c) => bytesToHex(c.key));
    assert.equal(new Set(keys).size, keys.length);
    // alice; and, created here, the fee vault's and bob's accounts and index leaves.
    assert.equal(changes.length, 5);
    assert.ok(
      changes.some(
        (c) =>
          c.previous !== undefined && BigInt(bytesToHex(c.previous.subarray(0, 16))) === aliceBefore.balance,
      ),
    );
    assert.equal(changes.filter((c) => c.previous === undefined).length, 4);
  });

  it("stops before the block would not fit in one batch", () => {
    const state = new L2State();
    const pool = new Mempool({ maxPerSender: 4096, maxNonceAhead: 4096 });
    build(state, pool, [ethDeposit(0n, alice.address, 1000n * ONE_ETH)]);
    // Transfers to fresh addresses (full 20-byte references): about 95 bytes each.
    for (let i = 0; i < 1400; i++) {
      pooled(pool, alice, { to: testWallet(100 + i).address, value: 1n, nonce: BigInt(i) });
    }
    const { block } = build(state, pool, []);
    assert.ok(
      block.transactions.length > 1000 && block.transactions.length < 1400,
      `${block.transactions.length} txs`,
    );
    const encoder = createBatchEncoder(block.header.timestamp);
    encoder.addBlock({ timestamp: block.header.timestamp, baseFee: block.header.baseFee, queueCount: 0n });
    for (const { tx } of block.transactions) {
      const { chainId: _c, hash: _h, ...fields } = tx;
      encoder.addTx(fields);
    }
    assert.ok(encoder.size <= MAX_BATCH_BYTES);
  });

  it("respects the per-block transaction cap", () => {
    const state = new L2State();
    const pool = new Mempool();
    build(state, pool, [ethDeposit(0n, alice.address, ONE_ETH)]);
    for (let i = 0; i < 5; i++) pooled(pool, alice, { to: bob.address, value: 1n, nonce: BigInt(i) });
    assert.equal(build(state, pool, [], 3).block.transactions.length, 3);
  });
});
