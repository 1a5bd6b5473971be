// Test helper: a real Hardhat L1 served over HTTP in this process (network.createServer), with
// Halcyon deployed by the deploy script users run (the real StepVerifier), the sequencer bonded, and
// viem clients: a public client, a test client (snapshots, time, balances) and wallets for the node's
// unlocked accounts. The verifier reaches it only through its URL, as it would any L1.

import { l1Chain, rollupAbi } from "@halcyon/node-common";
import { network } from "hardhat";
import {
  type Account,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
  type TestClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { type Deployment, deployHalcyon, type HalcyonParameters } from "../../../scripts/deploy.ts";

export type TestWallet = WalletClient<Transport, Chain, Account>;

export type TestL1 = {
  readonly url: string;
  readonly chain: Chain;
  readonly publicClient: PublicClient<Transport, Chain>;
  readonly testClient: TestClient;
  readonly deployment: Deployment;
  readonly deployer: TestWallet;
  /** Appends batches and defends them (the Rollup's SEQUENCER, bonded). */
  readonly sequencer: TestWallet;
  /** Makes deposits on the Bridge. */
  readonly depositor: TestWallet;
  /** A fresh funded key, for a challenger. */
  newFundedKey(ether?: bigint): Promise<Hex>;
  /** Waits for a transaction and checks that it succeeded. */
  send(hash: Promise<Hex> | Hex): Promise<TransactionReceipt>;
  close(): Promise<void>;
};

export const ETHER = 10n ** 18n;

/** Periods long enough that a test never runs into them unless it moves time on purpose. */
export const TEST_L1_PARAMETERS = {
  challengeWindow: 86_400n,
  inactivityPeriod: 7n * 86_400n,
  forceInclusionDelay: 86_400n,
  proposerBond: 1n * ETHER,
  challengerBond: ETHER / 2n,
  proposerClock: 3_600n,
  challengerClock: 3_600n,
  burnBps: 2_500n,
} as const;

export type StartTestL1Options = {
  readonly parameters?: Partial<HalcyonParameters>;
  /**
   * Runs before the deployment (e.g. to deploy a contract that will be the sequencer) and returns
   * parameter overrides. When it sets the sequencer, bonding it is the caller's business.
   */
  readonly prepare?: (context: {
    readonly publicClient: PublicClient<Transport, Chain>;
    readonly depositor: TestWallet;
    readonly sequencer: TestWallet;
  }) => Promise<Partial<HalcyonParameters>>;
};

export async function startTestL1(options: StartTestL1Options = {}): Promise<TestL1> {
  const server = await network.createServer("default", "127.0.0.1", 0);
  const { address, port } = await server.listen();
  const url = `http://${address}:${port}`;
  const transport = http(url);
  const probe = createPublicClient({ transport });
  const chain = l1Chain(await probe.getChainId(), url);
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 });
  const testClient = createTestClient({ chain, mode: "hardhat", transport });
  const accounts = await createWalletClient({ chain, transport }).getAddresses();
  const wallet = (i: number): TestWallet =>
    createWalletClient({
      chain,
      transport,
      account: { address: accounts[i]!, type: "json-rpc" },
    }) as TestWallet;
  const deployer = wallet(0);
  const sequencer = wallet(1);
  const depositor = wallet(2);
  const send = async (hash: Promise<Hex> | Hex): Promise<TransactionReceipt> => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
    return receipt;
  };
  const prepared = (await options.prepare?.({ publicClient, depositor, sequencer })) ?? {};
  const parameters = { ...options.parameters, ...prepared };
  const deployment = await deployHalcyon({
    publicClient: publicClient as PublicClient,
    walletClient: deployer,
    parameters: { ...TEST_L1_PARAMETERS, sequencer: sequencer.account.address, ...parameters },
  });
  if (parameters.sequencer === undefined) {
    await send(
      sequencer.writeContract({
        address: deployment.addresses.rollup,
        abi: rollupAbi,
        functionName: "depositBond",
        value: deployment.parameters.proposerBond,
      }),
    );
  }
  return {
    url,
    chain,
    publicClient,
    testClient,
    deployment,
    deployer,
    sequencer,
    depositor,
    async newFundedKey(ether = 100n) {
      const key = generatePrivateKey();
      await testClient.setBalance({ address: privateKeyToAccount(key).address, value: ether * ETHER });
      return key;
    },
    send,
    close: () => server.close(),
  };
}
