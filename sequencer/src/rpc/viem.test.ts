import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { l2TokenAddress, MIN_BASE_FEE } from "@halcyon/protocol";
import {
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  parseAbi,
  parseEther,
  toHex,
  type WalletClient,
  webSocket,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ONE_ETH, TEST_CONFIG, testWallet } from "../../../packages/protocol/src/testing/fixtures.ts";
import { startTestSequencer, type TestSequencer } from "../testing/testSequencer.ts";

// viem, unmodified, over HTTP and WebSocket: wallets' everyday calls.

const ERC20 = parseAbi([
  "function balanceOf(address owner) view returns (uint256)",
  "function decimals() view returns (uint8)",
  "function symbol() view returns (string)",
  "function name() view returns (string)",
  "function transfer(address to, uint256 amount) returns (bool)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
]);
const L1_TOKEN = "0x00000000000000000000000000000000000e2c21" as const;

describe("viem against the sequencer", () => {
  let ts: TestSequencer;
  let chain: Chain;
  let client: PublicClient;
  let wallet: WalletClient;
  const alice = privateKeyToAccount(toHex(testWallet(21).privateKey));
  const bob = testWallet(22).address;

  before(async () => {
    // A metadata source standing in for the L1 reads of the follower (next task).
    ts = await startTestSequencer("viem", {
      tokenMetadata: {
        metadata: async (l1Token) =>
          l1Token === L1_TOKEN ? { name: "Test Token", symbol: "TST", decimals: 6 } : undefined,
      },
    });
    chain = defineChain({
      id: Number(TEST_CONFIG.chainId),
      name: "halcyon-test",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [ts.url], webSocket: [ts.wsUrl] } },
    });
    client = createPublicClient({ chain, transport: http(ts.url), pollingInterval: 50 });
    wallet = createWalletClient({ chain, transport: http(ts.url), account: alice });
    await ts.fund(10n * ONE_ETH, alice.address.toLowerCase() as `0x${string}`);
  });

  after(async () => {
    await ts.close();
  });

  it("sends, waits for the receipt, reads balances and nonces", async () => {
    assert.equal(await client.getChainId(), Number(TEST_CONFIG.chainId));
    const hash = await wallet.sendTransaction({ account: alice, chain, to: bob, value: parseEther("0.5") });
    assert.equal(await client.getTransactionCount({ address: alice.address, blockTag: "pending" }), 1);
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    assert.equal(receipt.status, "success");
    assert.equal(await client.getBalance({ address: bob }), parseEther("0.5"));
    assert.equal(await client.getTransactionCount({ address: alice.address }), 1);
    const tx = await client.getTransaction({ hash });
    assert.equal(tx.type, "eip1559");
    assert.equal(tx.from, alice.address.toLowerCase());
    const block = await client.getBlock({ blockNumber: receipt.blockNumber, includeTransactions: true });
    assert.equal(block.transactions[0]?.hash, hash);
    assert.equal(block.baseFeePerGas, MIN_BASE_FEE);
    // Tags: "pending" is the latest block; nothing is on L1 yet, so "safe" and "finalized" are genesis.
    assert.equal(
      (await client.getBlock({ blockTag: "pending" })).number,
      await client.getBlockNumber({ cacheTime: 0 }),
    );
    assert.equal((await client.getBlock({ blockTag: "finalized" })).number, 0n);
    assert.equal((await client.getBlock({ blockTag: "safe" })).number, 0n);
    assert.equal(
      (await client.getBlock({ blockTag: "earliest" })).hash,
      (await client.getBlock({ blockNumber: 0n })).hash,
    );
    assert.equal(await client.getBalance({ address: bob, blockTag: "finalized" }), 0n);
  });

  it("estimates gas and fees, and reads fee history", async () => {
    assert.equal(await client.estimateGas({ account: alice.address, to: bob, value: 1n }), 21_000n);
    const fees = await client.estimateFeesPerGas();
    assert.ok(fees.maxFeePerGas >= MIN_BASE_FEE);
    const history = await client.getFeeHistory({ blockCount: 3, rewardPercentiles: [50] });
    assert.equal(history.baseFeePerGas.length, history.gasUsedRatio.length + 1);
    assert.ok(history.baseFeePerGas.every((f) => f === MIN_BASE_FEE));
  });

  it("gets the receipt in one call with eth_sendRawTransactionSync (EIP-7966)", async () => {
    const request = await wallet.prepareTransactionRequest({ account: alice, chain, to: bob, value: 7n });
    const serialized = await wallet.signTransaction(request);
    const receipt = await client.sendRawTransactionSync({
      serializedTransaction: serialized,
      timeout: 5_000,
    });
    assert.equal(receipt.status, "success");
    assert.equal(receipt.to, bob);
  });

  it("reads a bridged token and its Transfer logs", async () => {
    const token = l2TokenAddress(L1_TOKEN);
    await ts.enqueue({
      kind: "erc20-deposit",
      to: alice.address.toLowerCase() as `0x${string}`,
      l1Token: L1_TOKEN,
      amount: 500n,
    });
    assert.equal(
      await client.readContract({
        address: token,
        abi: ERC20,
        functionName: "balanceOf",
        args: [alice.address],
      }),
      500n,
    );
    const { request } = await client.simulateContract({
      account: alice,
      address: token,
      abi: ERC20,
      functionName: "transfer",
      args: [bob, 120n],
    });
    const hash = await wallet.writeContract(request);
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    const logs = await client.getContractEvents({
      address: token,
      abi: ERC20,
      eventName: "Transfer",
      args: { to: bob },
      fromBlock: 0n,
      toBlock: receipt.blockNumber,
    });
    assert.equal(logs.length, 1);
    assert.equal(logs[0]?.args.value, 120n);
    assert.equal(logs[0]?.transactionHash, hash);
  });

  it("serves block filters (eth_newBlockFilter, eth_getFilterChanges)", async () => {
    const filter = await client.createBlockFilter();
    const hash = await wallet.sendTransaction({ account: alice, chain, to: bob, value: 3n });
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    const changes = await client.getFilterChanges({ filter });
    assert.ok(changes.includes(receipt.blockHash));
    assert.equal(await client.uninstallFilter({ filter }), true);
    await assert.rejects(client.getFilterChanges({ filter }), /filter not found/);
  });

  it("delivers token logs over a WebSocket logs subscription", async () => {
    const ws = createPublicClient({ chain, transport: webSocket(ts.wsUrl) });
    const token = l2TokenAddress(L1_TOKEN);
    try {
      const seen = new Promise<{ value: bigint | undefined; hash: string }>((resolve, reject) => {
        const unwatch = ws.watchContractEvent({
          address: token,
          abi: ERC20,
          eventName: "Transfer",
          args: { from: alice.address },
          poll: false,
          onLogs: (logs) => {
            unwatch();
            resolve({ value: logs[0]?.args.value, hash: logs[0]!.transactionHash });
          },
          onError: reject,
        });
      });
      await new Promise((r) => setTimeout(r, 50));
      const hash = await wallet.writeContract({
        account: alice,
        chain,
        address: token,
        abi: ERC20,
        functionName: "transfer",
        args: [bob, 5n],
      });
      assert.deepEqual(await seen, { value: 5n, hash });
    } finally {
      await ws.transport.getRpcClient().then((c) => c.close());
    }
  });

  it("delivers newHeads over a WebSocket subscription", async () => {
    const ws = createPublicClient({ chain, transport: webSocket(ts.wsUrl) });
    // Read first: a block sealed while the subscription starts (e.g. the empty block that follows the
    // last test's) may be the one it sees.
    const before = await client.getBlockNumber();
    try {
      const seen = new Promise<bigint>((resolve, reject) => {
        const unwatch = ws.watchBlocks({
          poll: false,
          onBlock: (block) => {
            unwatch();
            resolve(block.number);
          },
          onError: reject,
        });
      });
      // Give the subscription a moment to be registered before the block it should see.
      await new Promise((r) => setTimeout(r, 50));
      await wallet.sendTransaction({ account: alice, chain, to: bob, value: 1n });
      assert.ok((await seen) > before);
    } finally {
      await ws.transport.getRpcClient().then((c) => c.close());
    }
  });
});
