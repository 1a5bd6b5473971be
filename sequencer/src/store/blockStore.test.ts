import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Database, migrate } from "@halcyon/node-common";
import {
  accountKey,
  bytesToHex,
  L2_BRIDGE_ADDRESS,
  l2TokenAddress,
  MIN_BASE_FEE,
  type QueueEntry,
  TRANSFER_TOPIC,
  transferCalldata,
} from "@halcyon/protocol";
import {
  createServiceTestDatabase as createSequencerTestDatabase,
  type ServiceTestDatabase as TestDatabase,
} from "../../../packages/node-common/src/testing/serviceTestDatabase.ts";
import {
  erc20Deposit,
  ethDeposit,
  ONE_ETH,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { ChainReader } from "../chain/chainReader.ts";
import { ChainState } from "../chain/chainState.ts";
import { RecentBlocks } from "../chain/recentBlocks.ts";
import type { SealedBlock } from "../chain/sealedBlock.ts";
import { Mempool } from "../mempool/mempool.ts";
import { buildBlock } from "../producer/buildBlock.ts";
import { readLatestHeader } from "./blockReader.ts";
import { writeBlock } from "./blockWriter.ts";
import { leafAfterBlock, loadStateAfterBlock, openChain } from "./chainStore.ts";
import { insertMempoolTransactions, loadMempoolTransactions } from "./mempoolTable.ts";
import { SEQUENCER_MIGRATIONS } from "./migrations.ts";

// The store round trip: what a block writes is what the readers give back once the block is no
// longer in memory, and a restart rebuilds the same state.

const alice = testWallet(51);
const bob = testWallet(52);
const L1_TOKEN = "0x00000000000000000000000000000000000e2c22" as const;
const TOKEN = l2TokenAddress(L1_TOKEN);

describe("block store", () => {
  let store: TestDatabase;
  let db: Database;
  let chain: ChainState;
  const pool = new Mempool();
  const blocks: SealedBlock[] = [];

  async function seal(
    entries: QueueEntry[],
    txs: Parameters<typeof transferFields>[0][],
    from = alice,
  ): Promise<SealedBlock> {
    for (const fields of txs) {
      const { tx, raw } = signTransactionForTest(transferFields(fields), from.privateKey);
      const added = pool.admit(
        { tx, raw, sender: from.address, durable: true },
        chain.account(from.address, "pending"),
      ).added;
      await insertMempoolTransactions(
        db,
        [{ hash: added.hash, sender: added.sender, nonce: tx.nonce, raw }],
        [],
      );
    }
    const built = buildBlock({
      state: chain.state,
      config: TEST_CONFIG,
      parent: chain.head,
      timestamp: chain.head.timestamp + 1n,
      baseFee: MIN_BASE_FEE,
      queueEntries: entries,
      maxTransactions: 100,
      selectTransactions: () => pool.select((s) => chain.state.peekAccount(s).nonce, MIN_BASE_FEE).selection,
    });
    for (const t of built.included) pool.remove(t.hash);
    chain.pushInFlight(built.journal);
    await writeBlock(db, {
      block: built.block,
      leafChanges: built.journal.changes(),
      removedFromMempool: built.included.map((t) => t.hash),
    });
    chain.sealOldest(built.block.header);
    blocks.push(built.block);
    return built.block;
  }

  before(async () => {
    store = await createSequencerTestDatabase("blockstore");
    db = await store.open();
    await migrate(db, SEQUENCER_MIGRATIONS);
    const opened = await openChain(db, TEST_CONFIG);
    assert.equal(opened.created, true);
    chain = new ChainState(TEST_CONFIG, opened.state, opened.head);
    await seal(
      [ethDeposit(0n, alice.address, 10n * ONE_ETH), erc20Deposit(1n, alice.address, L1_TOKEN, 900n)],
      [],
    );
    await seal(
      [],
      [
        { to: bob.address, value: ONE_ETH, nonce: 0n },
        { to: TOKEN, nonce: 1n, gasLimit: 50_000n, data: transferCalldata(bob.address, 300n) },
        { to: L2_BRIDGE_ADDRESS, nonce: 2n, gasLimit: 50_000n, value: 5n },
      ],
    );
    await seal([], [{ to: bob.address, value: 2n * ONE_ETH, nonce: 3n }]);
  });

  after(async () => {
    await store.cleanup();
  });

  it("reads blocks, transactions, receipts and logs back as they were sealed", async () => {
    const reader = new ChainReader(db, chain, new RecentBlocks());
    for (const sealed of blocks) {
      const read = await reader.blockByNumber(sealed.header.number);
      assert.deepEqual(read?.header, sealed.header);
      assert.deepEqual(read?.transactions, sealed.transactions);
      assert.deepEqual((await reader.blockByHash(sealed.header.hash))?.header, sealed.header);
      for (const tx of sealed.transactions) {
        const found = await reader.transaction(tx.tx.hash);
        assert.deepEqual(found, { header: sealed.header, tx });
      }
    }
    const transfers = await reader.logs(
      { fromBlock: 0n, toBlock: 10n, addresses: [TOKEN], topics: [[TRANSFER_TOPIC]] },
      100,
    );
    assert.equal(transfers.length, 2, "the deposit's mint and the transfer");
    assert.equal(transfers[0]!.transactionHash, blocks[0]!.queueEntries[1]!.pseudoHash);
    assert.equal(transfers[1]!.transactionHash, blocks[1]!.transactions[1]!.tx.hash);
    assert.equal(transfers[1]!.blockHash, blocks[1]!.header.hash);
    assert.deepEqual(await readLatestHeader(db), chain.head);
  });

  it("removed included transactions from the mempool table", async () => {
    assert.deepEqual(await loadMempoolTransactions(db), []);
  });

  it("keeps each leaf's value after any past block (diffs)", async () => {
    const key = accountKey(alice.address);
    // Block 3 changed alice's account, block 2 too: after block 1 she had her deposit only.
    const afterBlock1 = await leafAfterBlock(db, key, 1n);
    assert.ok(afterBlock1.found);
    assert.equal(BigInt(bytesToHex(afterBlock1.value!.subarray(0, 16))), 10n * ONE_ETH);
    assert.deepEqual(await leafAfterBlock(db, key, 3n), { found: false });
    const beforeAnything = await leafAfterBlock(db, key, 0n);
    assert.deepEqual(beforeAnything, { found: true, value: undefined });
  });

  it("rebuilds the state after any past block, for the defender", async () => {
    for (const sealed of blocks) {
      const state = await loadStateAfterBlock(db, sealed.header.number);
      assert.equal(bytesToHex(state.stateRoot()), sealed.header.stateRoot);
    }
    const genesis = await loadStateAfterBlock(db, 0n);
    assert.equal(genesis.accountCount, 0n);
    assert.equal(genesis.peekAccount(alice.address).balance, 0n);
  });

  it("restores the same state, withdrawals tree included", async () => {
    const reopened = await openChain(db, TEST_CONFIG);
    assert.equal(reopened.created, false);
    assert.equal(reopened.head.hash, chain.head.hash);
    assert.equal(bytesToHex(reopened.state.stateRoot()), chain.head.stateRoot);
    assert.equal(reopened.state.withdrawals.count, 1n);
  });
});
