// The L1 side of the differential test: Halcyon deployed through scripts/deploy.ts with the real
// StepVerifier, L1 tokens to deposit, and the queue entries a scenario needs made through the real Bridge,
// read back from its events (sender and L1 timestamp) as an L2 node reads them.
import assert from "node:assert/strict";
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  maxUint256,
  parseAbi,
  parseEventLogs,
  type TestClient,
  type Transport,
  type WalletClient,
} from "viem";
import { bytesToHex, type Address as L2Address } from "../../../packages/protocol/src/bytes.ts";
import type { ChainConfig } from "../../../packages/protocol/src/config.ts";
import type { QueueEntry } from "../../../packages/protocol/src/state/queueEntry.ts";
import { decodeTransaction } from "../../../packages/protocol/src/tx/decodeTransaction.ts";
import { type Deployment, deployHalcyon, type StepVerifierSpec } from "../../../scripts/deploy.ts";
import { checkAbi, type Public } from "./helpers.ts";
import type { QueueRequest } from "./scenarioGenerator.ts";

type Wallet = WalletClient<Transport, Chain, Account>;

/** The parts of the Bridge and of the TestToken double this test uses (checked against the artifacts). */
const bridgeAbi = parseAbi([
  "function depositETH(address to) payable returns (uint256 queueIndex)",
  "function depositERC20(address l1Token, address to, uint256 amount) returns (uint256 queueIndex)",
  "function forceTransaction(bytes rawTransaction) returns (uint256 queueIndex)",
  "event ETHDeposited(uint256 indexed queueIndex, address indexed from, address indexed to, uint256 amount, uint64 timestamp)",
  "event ERC20Deposited(uint256 indexed queueIndex, address indexed from, address indexed to, address l1Token, uint256 amount, uint64 timestamp)",
  "event TransactionForced(uint256 indexed queueIndex, address indexed from, bytes rawTransaction, uint64 timestamp)",
]);
const testTokenAbi = parseAbi([
  "function mint(address to, uint256 amount)",
  "function approve(address spender, uint256 value) returns (bool)",
]);

/**
 * The StepVerifier as deployHalcyon must deploy it: constructor (bridge, chainId, feeVault).
 * scripts/lib/deployHalcyon.ts's STEP_VERIFIER still assumes (rollup, bridge, l2ChainId, feeVault).
 */
export const STEP_VERIFIER_SPEC: StepVerifierSpec = {
  contract: "StepVerifier",
  args: ({ parameters, addresses }) => [addresses.bridge, parameters.l2ChainId, parameters.feeVault],
};

export type L1 = {
  readonly publicClient: Public;
  readonly testClient: TestClient;
  readonly deployment: Deployment;
  /** The accounts that make queue entries (request `sender` indices). */
  readonly senders: readonly Wallet[];
  readonly tokens: readonly L2Address[];
};

/** Gas sent with every Bridge call, so that no estimate is needed (the largest, forceTransaction, ~150k). */
const BRIDGE_CALL_GAS = 1_000_000n;
const TOKENS_PER_SENDER = 10n ** 40n;

/** Deploys Halcyon (real StepVerifier, real Bridge) for `config`, and L1 tokens the senders can deposit. */
export async function deployL1(viem: HardhatViemHelpers, config: ChainConfig, tokenCount = 5): Promise<L1> {
  checkAbi("Bridge", bridgeAbi);
  checkAbi("TestToken", testTokenAbi);
  const publicClient = (await viem.getPublicClient()) as unknown as Public;
  const testClient = (await viem.getTestClient()) as unknown as TestClient;
  const wallets = (await viem.getWalletClients()) as unknown as Wallet[];
  const [deployer, ...senders] = wallets as [Wallet, ...Wallet[]];
  const deployment = await deployHalcyon({
    publicClient,
    walletClient: deployer,
    parameters: { l2ChainId: config.chainId, feeVault: config.feeVault },
    stepVerifier: STEP_VERIFIER_SPEC,
  });
  const tokens: L2Address[] = [];
  const used = senders.slice(0, 6);
  for (let i = 0; i < tokenCount; i++) {
    const token = await viem.deployContract("TestToken", [`Token ${i}`, `T${i}`]);
    tokens.push(token.address.toLowerCase() as L2Address);
    for (const sender of used) {
      await send(
        publicClient,
        sender.writeContract({
          address: token.address,
          abi: testTokenAbi,
          functionName: "mint",
          args: [sender.account.address, TOKENS_PER_SENDER],
        }),
      );
      await send(
        publicClient,
        sender.writeContract({
          address: token.address,
          abi: testTokenAbi,
          functionName: "approve",
          args: [deployment.addresses.bridge, maxUint256],
        }),
      );
    }
  }
  // Room for deposits near the 2^128 balance cap.
  for (const sender of used) {
    await testClient.setBalance({ address: sender.account.address, value: 1n << 140n });
  }
  return { publicClient, testClient, deployment, senders: used, tokens };
}

async function send(client: Public, hash: Promise<Hex>): Promise<void> {
  const receipt = await client.waitForTransactionReceipt({ hash: await hash });
  assert.equal(receipt.status, "success");
}

/**
 * Makes `requests` through the Bridge, in order, and returns the queue entries it stored, rebuilt from its
 * events (queue index, L1 sender, L1 timestamp; forced transactions decoded from their raw bytes).
 */
export async function makeQueueEntries(
  l1: L1,
  config: ChainConfig,
  requests: readonly QueueRequest[],
  firstIndex: bigint,
): Promise<QueueEntry[]> {
  if (requests.length === 0) return [];
  const bridge = l1.deployment.addresses.bridge;
  const fromBlock = (await l1.publicClient.getBlockNumber()) + 1n;
  for (const request of requests) {
    const wallet = l1.senders[request.sender]!;
    const common = { address: bridge, abi: bridgeAbi, gas: BRIDGE_CALL_GAS } as const;
    switch (request.kind) {
      case "eth-deposit":
        await wallet.writeContract({
          ...common,
          functionName: "depositETH",
          args: [request.to],
          value: request.amount,
        });
        break;
      case "erc20-deposit":
        await wallet.writeContract({
          ...common,
          functionName: "depositERC20",
          args: [request.l1Token, request.to, request.amount],
        });
        break;
      case "forced-transaction":
        await wallet.writeContract({
          ...common,
          functionName: "forceTransaction",
          args: [bytesToHex(request.raw)],
        });
        break;
    }
  }
  const logs = await l1.publicClient.getLogs({ address: bridge, fromBlock });
  const entries: QueueEntry[] = [];
  for (const log of parseEventLogs({ abi: bridgeAbi, logs })) {
    const lower = (a: Address) => a.toLowerCase() as L2Address;
    switch (log.eventName) {
      case "ETHDeposited":
        entries.push({
          kind: "eth-deposit",
          queueIndex: log.args.queueIndex,
          from: lower(log.args.from),
          to: lower(log.args.to),
          amount: log.args.amount,
          l1Timestamp: log.args.timestamp,
        });
        break;
      case "ERC20Deposited":
        entries.push({
          kind: "erc20-deposit",
          queueIndex: log.args.queueIndex,
          from: lower(log.args.from),
          to: lower(log.args.to),
          l1Token: lower(log.args.l1Token),
          amount: log.args.amount,
          l1Timestamp: log.args.timestamp,
        });
        break;
      case "TransactionForced": {
        const { hash: _hash, ...tx } = decodeTransaction(
          Buffer.from(log.args.rawTransaction.slice(2), "hex"),
          config.chainId,
        );
        entries.push({
          kind: "forced-transaction",
          queueIndex: log.args.queueIndex,
          from: lower(log.args.from),
          tx,
          l1Timestamp: log.args.timestamp,
        });
        break;
      }
      default:
        break;
    }
  }
  assert.equal(entries.length, requests.length, "every Bridge call queued one entry");
  entries.forEach((entry, i) => {
    assert.equal(entry.queueIndex, firstIndex + BigInt(i), "queue order");
  });
  return entries;
}
