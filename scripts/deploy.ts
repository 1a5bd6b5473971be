// Deploys Halcyon's L1 contracts (StepVerifier, Bridge, Rollup, DisputeGame) and writes the deployment
// file the services read (addresses, deploy block, parameters, genesis record).
//
// Usage:
//   node scripts/deploy.ts [--rpc URL] [--out FILE] [--params FILE.json] [--step-verifier CONTRACT]
//                          [--private-key 0x…]
// Without --rpc it deploys to a fresh in-process Hardhat network (useful as a check; the network ends
// with the process). With --rpc, the deployer is --private-key, else $DEPLOYER_PRIVATE_KEY, else the
// node's first unlocked account. --params holds overrides of the default parameters (see
// scripts/lib/deployHalcyon.ts), integers as numbers or decimal strings. Run `npx hardhat build` first.
//
// As a module it exports deployHalcyon, which tests and the devnet call with their own clients.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  parseParameterOverrides,
  serializeDeployment,
  writeDeploymentFile,
} from "../packages/node-common/src/l1/deployment.ts";
import { deployHalcyon, STEP_VERIFIER, type StepVerifierSpec } from "./lib/deployHalcyon.ts";

export * from "../packages/node-common/src/l1/deployment.ts";
export type { DeployHalcyonOptions, StepVerifierSpec } from "./lib/deployHalcyon.ts";
export { DeployError, defaultParameters, deployHalcyon, STEP_VERIFIER } from "./lib/deployHalcyon.ts";

type Clients = {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
};

async function rpcClients(url: string, privateKey: string | undefined): Promise<Clients> {
  const probe = createPublicClient({ transport: http(url) });
  const chainId = await probe.getChainId();
  const chain = defineChain({
    id: chainId,
    name: `L1 ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  const publicClient = createPublicClient({ chain, transport: http(url) }) as PublicClient;
  let account: Account;
  if (privateKey !== undefined) {
    account = privateKeyToAccount(privateKey as Hex);
  } else {
    const [address] = await createWalletClient({ transport: http(url) }).getAddresses();
    if (address === undefined) throw new Error("the node has no unlocked account: pass --private-key");
    account = { address, type: "json-rpc" };
  }
  return { publicClient, walletClient: createWalletClient({ account, chain, transport: http(url) }) };
}

async function inProcessClients(): Promise<Clients> {
  const { network } = await import("hardhat");
  const { viem } = await network.create();
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const [walletClient] = await viem.getWalletClients();
  return { publicClient, walletClient: walletClient as unknown as Clients["walletClient"] };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rpc: { type: "string" },
      out: { type: "string" },
      params: { type: "string" },
      "step-verifier": { type: "string" },
      "private-key": { type: "string" },
    },
    strict: true,
  });
  const parameters =
    values.params === undefined
      ? {}
      : parseParameterOverrides(JSON.parse(readFileSync(values.params, "utf8")));
  const stepVerifier: StepVerifierSpec =
    values["step-verifier"] === undefined
      ? STEP_VERIFIER
      : { ...STEP_VERIFIER, contract: values["step-verifier"] };
  const privateKey = values["private-key"] ?? process.env.DEPLOYER_PRIVATE_KEY;
  const clients =
    values.rpc === undefined ? await inProcessClients() : await rpcClients(values.rpc, privateKey);
  const deployment = await deployHalcyon({
    ...clients,
    parameters,
    stepVerifier,
    log: (message) => console.error(message),
  });
  if (values.out === undefined) {
    process.stdout.write(serializeDeployment(deployment));
  } else {
    writeDeploymentFile(values.out, deployment);
    console.error(`wrote ${values.out}`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await main();
    process.exit(0);
  } catch (error) {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exit(1);
  }
}
