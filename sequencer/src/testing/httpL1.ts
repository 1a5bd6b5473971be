import { type HalcyonParameters, l1Chain, testTokenAbi } from "@halcyon/node-common";
import { network } from "hardhat";
import {
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  getContract,
  type Hex,
  http,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { TEST_CONFIG } from "../../../packages/protocol/src/testing/fixtures.ts";
import { readArtifact } from "../../../scripts/lib/artifacts.ts";
import { deployHalcyon } from "../../../scripts/lib/deployHalcyon.ts";
import { bridgeAbi, checkHarnessAbis, disputeGameAbi, rollupAbi } from "../../../scripts/lib/harness/abis.ts";
import type { HalcyonL1, Wallet } from "../../../scripts/lib/harness/l1.ts";

// Test helper: a real Hardhat L1 served over HTTP on a random port (network.createServer), Halcyon
// deployed on it by deployHalcyon (the deploy script's code), and the harness's HalcyonL1 handle over
// HTTP clients, so scripts/lib/harness (deposits, time travel, appends, games) drives the same chain
// the sequencer talks to through its own L1 clients.

/**
 * The sequencer's L1 key: Hardhat's well-known development account #1 (funded with 10,000 ETH on
 * every Hardhat network). The sequencer signs with it locally, as in production.
 */
export const SEQUENCER_L1_KEY: Hex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

/** Short periods for tests; the L2 chain id and fee vault of the protocol's test fixtures. */
export const TEST_L1_PARAMETERS: Partial<HalcyonParameters> = {
  l2ChainId: TEST_CONFIG.chainId,
  feeVault: TEST_CONFIG.feeVault,
  challengeWindow: 3_600n,
  inactivityPeriod: 7n * 86_400n,
  forceInclusionDelay: 86_400n,
  proposerBond: 10n ** 18n,
  challengerBond: 10n ** 17n,
  proposerClock: 600n,
  challengerClock: 600n,
  burnBps: 2_500n,
};

export type HttpL1 = HalcyonL1 & {
  readonly url: string;
  readonly chain: Chain;
  /** Deploys contracts/test/TestToken.sol (an ERC-20 anyone can mint). */
  deployToken(name: string, symbol: string): Promise<Address>;
  /** Mines `blocks` L1 blocks. */
  mine(blocks?: number): Promise<void>;
  /** Mines a block every `ms` milliseconds besides automine (0: stop). */
  setIntervalMining(ms: number): Promise<void>;
  close(): Promise<void>;
};

/** Starts a Hardhat L1 over HTTP and deploys Halcyon with the sequencer at SEQUENCER_L1_KEY (not bonded). */
export async function startHttpL1(parameters: Partial<HalcyonParameters> = {}): Promise<HttpL1> {
  checkHarnessAbis();
  const server = await network.createServer("default", "127.0.0.1", 0);
  const { port } = await server.listen();
  const url = `http://127.0.0.1:${port}`;
  const probe = createPublicClient({ transport: http(url) });
  const chain = l1Chain(await probe.getChainId(), url);
  const transport = http(url);
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 }) as PublicClient<
    Transport,
    Chain
  >;
  const testClient = createTestClient({ chain, mode: "hardhat", transport }) as unknown as TestClient;
  const addresses = await createWalletClient({ chain, transport }).getAddresses();
  const sequencerAccount = privateKeyToAccount(SEQUENCER_L1_KEY);
  const unlocked = addresses
    .filter((a) => a.toLowerCase() !== sequencerAccount.address.toLowerCase())
    .map((address) => createWalletClient({ chain, transport, account: { address, type: "json-rpc" } }));
  const [deployer, ...others] = unlocked as unknown as Wallet[];
  if (deployer === undefined) throw new Error("the Hardhat node has no unlocked account");
  const sequencer = createWalletClient({ chain, transport, account: sequencerAccount }) as unknown as Wallet;
  const deployment = await deployHalcyon({
    publicClient: publicClient as unknown as PublicClient,
    walletClient: deployer as unknown as WalletClient<Transport, Chain, Account>,
    parameters: { ...TEST_L1_PARAMETERS, sequencer: sequencerAccount.address, ...parameters },
  });
  const a = deployment.addresses;
  const bind = <const A extends typeof rollupAbi | typeof bridgeAbi | typeof disputeGameAbi>(
    address: Address,
    abi: A,
    wallet: Wallet,
  ) => getContract({ address, abi, client: { public: publicClient, wallet } });
  const l1 = {
    url,
    chain,
    publicClient,
    testClient,
    deployment,
    parameters: deployment.parameters,
    deployer,
    sequencer,
    others,
    rollup: (wallet: Wallet) => bind(a.rollup, rollupAbi, wallet),
    bridge: (wallet: Wallet) => bind(a.bridge, bridgeAbi, wallet),
    game: (wallet: Wallet) => bind(a.disputeGame, disputeGameAbi, wallet),
    async deployToken(name: string, symbol: string): Promise<Address> {
      const artifact = readArtifact("TestToken");
      const hash = await deployer.deployContract({
        abi: testTokenAbi,
        bytecode: artifact.bytecode,
        args: [name, symbol],
        account: deployer.account,
        chain,
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      if (receipt.contractAddress == null) throw new Error("TestToken was not deployed");
      return receipt.contractAddress;
    },
    async mine(blocks = 1): Promise<void> {
      await testClient.mine({ blocks });
    },
    async setIntervalMining(ms: number): Promise<void> {
      // viem's setIntervalMining takes seconds; Hardhat's method takes milliseconds.
      await testClient.request({ method: "evm_setIntervalMining", params: [ms] } as never);
    },
    close: () => server.close(),
  };
  return l1 as unknown as HttpL1;
}
