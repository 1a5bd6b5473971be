import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  L2_BRIDGE_ADDRESS,
  l2TokenAddress,
  requiredGas,
  WITHDRAWAL_INITIATED_TOPIC,
} from "@halcyon/protocol";
import { Contract, hexlify, Interface, JsonRpcProvider, type Log, parseEther, Wallet } from "ethers";
import { ONE_ETH, TEST_CONFIG, testWallet } from "../../../packages/protocol/src/testing/fixtures.ts";
import { startTestSequencer, type TestSequencer } from "../testing/testSequencer.ts";

// ethers v6, unmodified, against a sequencer in-process: what a dapp does in normal use.

const ERC20_ABI = [
  "function balanceOf(address owner) view returns (uint256)",
  "function totalSupply() view returns (uint256)",
  "function decimals() view returns (uint8)",
  "function transfer(address to, uint256 amount) returns (bool)",
  "function withdraw(uint256 amount)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
];
const BRIDGE_ABI = [
  "event WithdrawalInitiated(uint256 indexed withdrawalIndex, address indexed l2Sender, address indexed l1Recipient, address l1Token, uint256 amount)",
];
const L1_TOKEN = "0x00000000000000000000000000000000000e2c20" as const;

describe("ethers v6 against the sequencer", () => {
  let ts: TestSequencer;
  let provider: JsonRpcProvider;
  let alice: Wallet;
  let bob: Wallet;
  const carol = testWallet(13).address;

  before(async () => {
    ts = await startTestSequencer("ethers");
    provider = new JsonRpcProvider(ts.url, undefined, { pollingInterval: 50, cacheTimeout: -1 });
    alice = new Wallet(hexlify(testWallet(11).privateKey), provider);
    bob = new Wallet(hexlify(testWallet(12).privateKey), provider);
    await ts.fund(
      10n * ONE_ETH,
      alice.address.toLowerCase() as `0x${string}`,
      bob.address.toLowerCase() as `0x${string}`,
    );
  });

  after(async () => {
    provider.destroy();
    await ts.close();
  });

  it("detects the network and reads balances", async () => {
    const network = await provider.getNetwork();
    assert.equal(network.chainId, TEST_CONFIG.chainId);
    assert.equal(await provider.getBalance(alice.address), 10n * ONE_ETH);
    assert.ok((await provider.getBlockNumber()) >= 1);
  });

  it("sends a transfer, waits for the receipt, and sees balances and nonces move", async () => {
    const before = await provider.getBalance(alice.address);
    const tx = await alice.sendTransaction({ to: carol, value: parseEther("1") });
    const receipt = await tx.wait();
    assert.ok(receipt !== null);
    assert.equal(receipt.status, 1);
    assert.equal(receipt.gasUsed, 21_000n);
    const fee = receipt.gasUsed * receipt.gasPrice;
    assert.equal(await provider.getBalance(carol), parseEther("1"));
    assert.equal(await provider.getBalance(alice.address), before - parseEther("1") - fee);
    assert.equal(await provider.getTransactionCount(alice.address, "latest"), 1);
    // State at a past block is rebuilt from the store's per-block diffs.
    assert.equal(await provider.getBalance(alice.address, receipt.blockNumber - 1), before);
    assert.equal(await provider.getTransactionCount(alice.address, receipt.blockNumber - 1), 0);

    const fetched = await provider.getTransaction(tx.hash);
    assert.equal(fetched?.type, 2);
    assert.equal(fetched?.chainId, TEST_CONFIG.chainId);
    assert.equal(fetched?.from, alice.address);
    const block = await provider.getBlock(receipt.blockNumber);
    assert.ok(block?.transactions.includes(tx.hash));
    assert.equal(block?.hash, receipt.blockHash);
    assert.ok(typeof block?.baseFeePerGas === "bigint");
  });

  it("accepts a legacy EIP-155 transaction", async () => {
    const tx = await bob.sendTransaction({ type: 0, to: carol, value: 5n, gasPrice: 20_000_000n });
    const receipt = await tx.wait();
    assert.equal(receipt?.status, 1);
    assert.equal(receipt?.gasPrice, 20_000_000n);
    const fetched = await provider.getTransaction(tx.hash);
    assert.equal(fetched?.type, 0);
    assert.equal(fetched?.gasPrice, 20_000_000n);
    assert.equal(fetched?.signature.v, 27 + (fetched?.signature.yParity ?? 0));
  });

  it("counts pending nonces before inclusion", async () => {
    const start = await provider.getTransactionCount(bob.address, "latest");
    const nonce = await provider.getTransactionCount(bob.address, "pending");
    assert.equal(nonce, start);
    const first = await bob.sendTransaction({ to: carol, value: 1n, nonce });
    const second = await bob.sendTransaction({ to: carol, value: 2n, nonce: nonce + 1 });
    // Both acknowledged: the pending count already includes them whether or not a block has.
    assert.equal(await provider.getTransactionCount(bob.address, "pending"), nonce + 2);
    await Promise.all([first.wait(), second.wait()]);
    assert.equal(await provider.getTransactionCount(bob.address, "latest"), nonce + 2);
  });

  it("estimates gas per kind and refuses a transaction that would fail", async () => {
    assert.equal(await provider.estimateGas({ from: alice.address, to: carol, value: 1n }), 21_000n);
    const token = new Contract(l2TokenAddress(L1_TOKEN), ERC20_ABI, alice);
    await assert.rejects(
      token.getFunction("transfer").estimateGas(bob.address, 1n),
      (e: { code?: string; reason?: string }) => {
        assert.equal(e.code, "CALL_EXCEPTION");
        assert.equal(e.reason, "insufficient-token-balance");
        return true;
      },
    );
    await assert.rejects(
      provider.estimateGas({ from: carol, to: alice.address, value: 100n * ONE_ETH }),
      (e: { code?: string }) => e.code === "INSUFFICIENT_FUNDS",
    );
  });

  it("answers fee data and fee history", async () => {
    const fees = await provider.getFeeData();
    assert.ok(fees.maxFeePerGas !== null && fees.maxFeePerGas >= 10_000_000n);
    const history = await provider.send("eth_feeHistory", ["0x4", "latest", [25, 75]]);
    assert.equal(history.baseFeePerGas.length, history.gasUsedRatio.length + 1);
    assert.equal(history.reward.length, history.gasUsedRatio.length);
  });

  it("moves a bridged ERC-20 with Contract, finds the Transfer with getLogs and with an event filter", async () => {
    const address = l2TokenAddress(L1_TOKEN);
    const owner = alice.address.toLowerCase() as `0x${string}`;
    await ts.enqueue({ kind: "erc20-deposit", to: owner, l1Token: L1_TOKEN, amount: 1_000_000n });
    const token = new Contract(address, ERC20_ABI, alice);
    assert.notEqual(await provider.getCode(address), "0x", "a registered token looks like a contract");
    assert.equal(await token.getFunction("balanceOf")(alice.address), 1_000_000n);
    assert.equal(await token.getFunction("totalSupply")(), 1_000_000n);
    await assert.rejects(token.getFunction("decimals")(), /CALL_EXCEPTION|metadata/);

    // The deposit minted with a Transfer from the zero address, served by getLogs.
    const minted = await token.queryFilter(token.filters.Transfer!(null, alice.address), 0);
    assert.equal(minted.length, 1);

    const seen = new Promise<Log>((resolve) => {
      void token.on(token.filters.Transfer!(alice.address, bob.address), (...args: unknown[]) => {
        resolve((args.at(-1) as { log: Log }).log);
      });
    });
    assert.equal(await token.getFunction("transfer").staticCall(bob.address, 250n), true);
    const gas = await token.getFunction("transfer").estimateGas(bob.address, 250n);
    assert.equal(gas, requiredGas(address, 68));
    const tx = await token.getFunction("transfer")(bob.address, 250n);
    const receipt = await tx.wait();
    assert.equal(receipt.status, 1);
    const parsed = receipt.logs.map((l: Log) => token.interface.parseLog(l));
    assert.equal(parsed[0]?.name, "Transfer");
    assert.equal(parsed[0]?.args.value, 250n);
    assert.equal(await token.getFunction("balanceOf")(bob.address), 250n);

    const filtered = await token.queryFilter(
      token.filters.Transfer!(alice.address, bob.address),
      receipt.blockNumber,
    );
    assert.equal(filtered.length, 1);
    assert.equal(filtered[0]?.transactionHash, tx.hash);
    const log = await seen;
    assert.equal(log.transactionHash, tx.hash);
    await token.removeAllListeners();
  });

  it("emits WithdrawalInitiated for an ETH withdrawal", async () => {
    const tx = await alice.sendTransaction({ to: L2_BRIDGE_ADDRESS, value: 12_345n });
    const receipt = await tx.wait();
    assert.equal(receipt?.status, 1);
    const bridge = new Interface(BRIDGE_ABI);
    const log = receipt!.logs.find((l) => l.topics[0] === WITHDRAWAL_INITIATED_TOPIC);
    assert.ok(log !== undefined);
    const event = bridge.parseLog(log);
    assert.equal(event?.args.l2Sender, alice.address);
    assert.equal(event?.args.l1Recipient, alice.address);
    assert.equal(event?.args.amount, 12_345n);
    const found = await provider.getLogs({
      address: L2_BRIDGE_ADDRESS,
      topics: [WITHDRAWAL_INITIATED_TOPIC],
      fromBlock: 0,
    });
    assert.ok(found.some((l) => l.transactionHash === tx.hash));
  });
});
