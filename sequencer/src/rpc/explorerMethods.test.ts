import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createL1Clients, disputeGameAbi } from "@halcyon/node-common";
import { type Address, GAS_TOKEN_CALL, type Hex, l2TokenAddress, transferCalldata } from "@halcyon/protocol";
import { waitFor } from "../../../packages/node-common/src/testing/waitFor.ts";
import { ONE_ETH, testWallet, transferFields } from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { testTokenAbi } from "../../../scripts/lib/harness/abis.ts";
import { advanceTime, depositEth, send } from "../../../scripts/lib/harness/l1.ts";
import { createL1GameClockSource } from "../l1/gameClocks.ts";
import { type HttpL1, startHttpL1 } from "../testing/httpL1.ts";
import { readPostedBatches } from "../testing/l1Reads.ts";
import { startTestRollupNode, type TestRollupNode } from "../testing/testRollupNode.ts";
import { RpcError } from "./errors.ts";
import { rollupGetGames } from "./methods/rollupGetGames.ts";

// The explorer's rollup_* methods over a sequencer posting to a real Hardhat L1: pages of batches
// checked against the Rollup's events, an account's history (ETH, tokens, deposits) paged to the end
// and kept up to date, and the games the defender tracks with their clocks as the DisputeGame has them.

const alice = testWallet(121);
const bob = testWallet(122);
const carol = testWallet(123);

type Json = Record<string, unknown>;

describe("explorer rollup_* methods", () => {
  let l1: HttpL1;
  let node: TestRollupNode;
  let token: Address;
  const hashes: Hex[] = [];
  let aliceNonce = 0n;

  async function rpc(
    method: string,
    params: unknown[],
  ): Promise<{ result?: unknown; error?: { code: number } }> {
    const res = await fetch(node.url, {
      method: "POST",
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return (await res.json()) as { result?: unknown; error?: { code: number } };
  }
  const result = async <T = Json>(method: string, params: unknown[]) =>
    (await rpc(method, params)).result as T;
  const errorCode = async (method: string, params: unknown[]) => (await rpc(method, params)).error?.code;

  async function sendFromAlice(
    to: Address,
    value: bigint,
    extra: { data?: Uint8Array; gasLimit?: bigint } = {},
  ) {
    const raw = signTransactionForTest(
      transferFields({ to, value, nonce: aliceNonce++, ...extra }),
      alice.privateKey,
    ).raw;
    const hash = (await node.sequencer.submit(raw)).hash;
    hashes.push(hash);
    return hash;
  }

  async function allPosted(): Promise<void> {
    await waitFor(
      async () => {
        const status = await result("rollup_getStatus", []);
        const l2 = status.l2 as Json;
        return (
          node.sequencer.mempool.size === 0 && l2.safe === l2.head && (status.batches as Json).unposted === 0
        );
      },
      { what: "every block in a posted batch", timeoutMs: 30_000 },
    );
  }

  before(async () => {
    l1 = await startHttpL1();
    await l1.setIntervalMining(100);
    node = await startTestRollupNode(l1, "explorer-rpc");
    const [depositor, tokenHolder] = l1.others as [HttpL1["others"][0], HttpL1["others"][0]];
    await depositEth(l1, depositor, alice.address, ONE_ETH);
    token = await l1.deployToken("Test Token", "TT");
    const tokenCall = (functionName: "mint" | "approve", args: readonly [Address, bigint]) =>
      send(
        l1,
        tokenHolder.writeContract({
          address: token,
          abi: testTokenAbi,
          functionName,
          args,
          chain: l1.chain,
          account: tokenHolder.account,
        }),
      );
    await tokenCall("mint", [tokenHolder.account.address, 10n * ONE_ETH]);
    await tokenCall("approve", [l1.deployment.addresses.bridge, 5n * ONE_ETH]);
    await send(l1, l1.bridge(tokenHolder).write.depositERC20([token, alice.address, 5n * ONE_ETH]));
    await waitFor(() => node.sequencer.chain.head.state.queueApplied === 2n, {
      what: "both deposits",
      timeoutMs: 20_000,
    });
    await sendFromAlice(bob.address, 1_000n);
    await sendFromAlice(l2TokenAddress(token), 0n, {
      data: transferCalldata(carol.address, ONE_ETH),
      gasLimit: GAS_TOKEN_CALL + 16n * 68n,
    });
    await sendFromAlice(bob.address, 2_000n);
    await allPosted();
  });

  after(async () => {
    await node.close();
    await l1.close();
  });

  it("pages the batches newest first, as the Rollup recorded them", async () => {
    const onL1 = (await readPostedBatches(l1)).batches;
    assert.ok(onL1.length >= 1);
    const page = await result<{ batches: Json[]; next: Hex | null }>("rollup_getBatches", []);
    assert.equal(page.batches.length, onL1.length);
    assert.equal(page.next, null);
    const indices = page.batches.map((b) => BigInt(b.index as Hex));
    assert.deepEqual(
      indices,
      [...indices].sort((a, b) => (a > b ? -1 : 1)),
    );
    for (const b of page.batches) {
      const posted = onL1.find((p) => p.record.index === BigInt(b.index as Hex))!;
      assert.equal(b.stateRoot, posted.record.stateRoot);
      assert.equal(b.parentStateRoot, posted.record.parentStateRoot);
      assert.equal(b.l1TransactionHash, posted.transactionHash);
      assert.equal(BigInt(b.steps as Hex), BigInt(posted.steps));
      assert.equal(BigInt(b.dataLength as Hex), BigInt(posted.data.length));
      assert.equal(b.l1Status, "posted");
      assert.equal(b.openGames, 0);
      const single = await result("rollup_getBatchByIndex", [b.index]);
      assert.equal(single.firstBlock, b.firstBlock);
      assert.equal(single.lastBlock, b.lastBlock);
    }

    // One at a time, following `next`, gives the same list.
    const paged: Json[] = [];
    let before: Hex | null | undefined;
    do {
      const p = await result<{ batches: Json[]; next: Hex | null }>(
        "rollup_getBatches",
        before === undefined ? [1] : [1, before],
      );
      paged.push(...p.batches);
      before = p.next;
    } while (before !== null);
    assert.deepEqual(paged, page.batches);

    assert.equal(await errorCode("rollup_getBatches", [0]), -32602);
    assert.equal(await errorCode("rollup_getBatches", [101]), -32602);
    assert.equal(await errorCode("rollup_getBatches", [5, "soon"]), -32602);
    assert.equal(await errorCode("rollup_getBatches", [1, 2, 3]), -32602);
  });

  it("gives an account's history: ETH and tokens sent and received, and deposits", async () => {
    type History = { items: Json[]; next: string | null; head: Hex; indexedThrough: Hex };
    const history = await result<History>("rollup_getAddressTransactions", [alice.address]);
    assert.equal(history.indexedThrough, history.head);
    assert.deepEqual(
      history.items.map((i) => [i.type, i.kind ?? null, i.direction]),
      [
        ["transaction", "transfer", "out"],
        ["transaction", "token-transfer", "out"],
        ["transaction", "transfer", "out"],
        ["deposit", null, "in"],
        ["deposit", null, "in"],
      ],
    );
    assert.deepEqual(
      history.items.slice(0, 3).map((i) => i.hash),
      [...hashes].reverse(),
    );
    const [ethDeposit, tokenDeposit] = [history.items[4]!, history.items[3]!];
    assert.equal(BigInt(ethDeposit.amount as Hex), ONE_ETH);
    assert.equal(ethDeposit.l1Token, null);
    assert.equal((tokenDeposit.l1Token as string).toLowerCase(), token.toLowerCase());
    for (const item of history.items.slice(0, 3)) {
      const receipt = await result("eth_getTransactionReceipt", [item.hash]);
      assert.equal(item.blockNumber, receipt.blockNumber);
      assert.equal(item.status, "0x1");
    }

    // Recipients see the same transactions coming in; the token transfer is carol's too.
    const bobs = await result<History>("rollup_getAddressTransactions", [bob.address]);
    assert.deepEqual(
      bobs.items.map((i) => [i.hash, i.direction, BigInt(i.value as Hex)]),
      [
        [hashes[2], "in", 2_000n],
        [hashes[0], "in", 1_000n],
      ],
    );
    const carols = await result<History>("rollup_getAddressTransactions", [
      carol.address.toUpperCase().replace("0X", "0x"),
    ]);
    assert.equal(carols.items.length, 1);
    assert.equal(carols.items[0]!.hash, hashes[1]);
    assert.equal(carols.items[0]!.direction, "in");
    assert.equal(BigInt(carols.items[0]!.tokenAmount as Hex), ONE_ETH);

    // Two at a time to the end: the same items, each once.
    const paged: Json[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await result<History>(
        "rollup_getAddressTransactions",
        cursor === undefined ? [alice.address, 2] : [alice.address, 2, cursor],
      );
      assert.ok(page.items.length <= 2);
      paged.push(...page.items);
      cursor = page.next;
    } while (cursor !== null);
    assert.deepEqual(paged, history.items);

    // A new transaction is in the history at the next ask.
    const later = await sendFromAlice(carol.address, 7n);
    await waitFor(async () => (await result("eth_getTransactionReceipt", [later])) !== null, {
      what: "the later transfer",
    });
    const now = await result<History>("rollup_getAddressTransactions", [carol.address]);
    assert.deepEqual(
      now.items.map((i) => i.hash),
      [later, hashes[1]],
    );

    const stranger = await result<History>("rollup_getAddressTransactions", [testWallet(199).address]);
    assert.deepEqual(stranger.items, []);
    assert.equal(stranger.next, null);
    assert.equal(await errorCode("rollup_getAddressTransactions", ["0x1234"]), -32602);
    assert.equal(await errorCode("rollup_getAddressTransactions", [alice.address, 0]), -32602);
    assert.equal(await errorCode("rollup_getAddressTransactions", [alice.address, 5, "yesterday"]), -32602);
  });

  it("lists the games the defender tracks with both clocks as the DisputeGame has them", async () => {
    assert.deepEqual(await result("rollup_getGames", []), []);
    // A batch with steps to bisect (the last one may hold only the empty block that follows a busy one).
    const posted = (await readPostedBatches(l1)).batches.filter((b) => b.steps > 2).at(-1)!;
    const challenger = l1.others[4]!;
    await send(
      l1,
      l1.game(challenger).write.openGame([posted.record], { value: l1.parameters.challengerBond }),
    );

    // The defender finds the game and reveals its first midpoint: the challenger is to move.
    let games: Json[] = [];
    await waitFor(
      async () => {
        games = await result<Json[]>("rollup_getGames", []);
        return ((games[0]?.clocks as Json | null)?.mover ?? null) === "challenger";
      },
      { what: "the game listed, the defender's reveal made", timeoutMs: 30_000 },
    );
    const [game] = games as [Json];
    assert.equal(game.status, "open");
    assert.equal(BigInt(game.batchIndex as Hex), posted.record.index);
    assert.equal((game.challenger as string).toLowerCase(), challenger.account.address.toLowerCase());
    const onL1 = await l1.publicClient.readContract({
      address: l1.deployment.addresses.disputeGame,
      abi: disputeGameAbi,
      functionName: "getGame",
      args: [BigInt(game.gameId as Hex)],
    });
    const clocks = game.clocks as Json;
    assert.equal(BigInt(clocks.proposerClock as Hex), onL1.proposerClock);
    assert.equal(BigInt(clocks.challengerClock as Hex), onL1.challengerClock);
    assert.equal(BigInt(clocks.lastMoveAt as Hex), onL1.lastMoveAt);
    assert.equal(BigInt(clocks.deadline as Hex), onL1.lastMoveAt + onL1.challengerClock);
    assert.ok(
      BigInt(clocks.remaining as Hex) > 0n && BigInt(clocks.remaining as Hex) <= onL1.challengerClock,
    );
    assert.ok(onL1.proposerClock < l1.parameters.proposerClock, "the reveal was charged to the proposer");

    // While the game is open, the batch and its transactions are challenged.
    const page = await result<{ batches: Json[] }>("rollup_getBatches", [
      1,
      `0x${(posted.record.index + 1n).toString(16)}`,
    ]);
    assert.equal(page.batches[0]!.l1Status, "challenged");
    assert.equal(page.batches[0]!.openGames, 1);

    // When L1 cannot be read, the clocks are refused as unavailable, not made up.
    const dead = createL1GameClockSource(
      createL1Clients({ rpcUrl: "http://127.0.0.1:9", chainId: l1.deployment.l1ChainId, retryCount: 0 })
        .publicClient,
      l1.deployment.addresses.disputeGame,
    );
    const ctx = node.sequencer.context;
    const failure = await Promise.resolve(
      rollupGetGames.handler(
        [],
        { ...ctx, rollup: { ...ctx.rollup, gameClocks: dead } },
        { subscriptions: undefined },
      ),
    ).catch((e: unknown) => e);
    assert.ok(failure instanceof RpcError);
    assert.equal(failure.code, -32002);

    // The challenger stays silent: its clock runs out and the defender claims the game.
    await advanceTime(l1, onL1.challengerClock + 1n);
    await waitFor(async () => (await result<Json[]>("rollup_getGames", []))[0]?.status === "proposer-won", {
      what: "the game won on time",
      timeoutMs: 30_000,
    });
    const ended = (await result<Json[]>("rollup_getGames", []))[0]!;
    assert.equal(ended.clocks, null);
    const after = await result<{ batches: Json[] }>("rollup_getBatches", [
      1,
      `0x${(posted.record.index + 1n).toString(16)}`,
    ]);
    assert.equal(after.batches[0]!.l1Status, "posted");
    assert.equal(await errorCode("rollup_getGames", [1000]), -32602);
  });
});
