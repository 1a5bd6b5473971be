import {
  type Account,
  type Address,
  type Chain,
  getAddress,
  getContractAddress,
  type Hex,
  isAddressEqual,
  type PublicClient,
  parseEventLogs,
  type Transport,
  type WalletClient,
} from "viem";
import { bridgeAbi, disputeGameAbi, rollupAbi } from "../../packages/node-common/src/l1/abis.ts";
import {
  type BatchRecord,
  DEPLOYMENT_FORMAT,
  type Deployment,
  type HalcyonAddresses,
  type HalcyonParameters,
} from "../../packages/node-common/src/l1/deployment.ts";
import { DEVNET_L2_CHAIN_ID } from "../../packages/protocol/src/constants.ts";
import { BaseError } from "../../packages/protocol/src/errors.ts";
import { readArtifact } from "./artifacts.ts";

/** The deployment's addresses, known before anything is deployed (CREATE addresses from the nonce). */
export type PredictedAddresses = HalcyonAddresses;

/** Which contract to deploy as the StepVerifier, and its constructor arguments. */
export type StepVerifierSpec = {
  readonly contract: string;
  readonly args: (context: {
    readonly parameters: HalcyonParameters;
    readonly addresses: PredictedAddresses;
  }) => readonly unknown[];
};

/**
 * The real one-step verifier. Its constructor is assumed to take (rollup, bridge, l2ChainId, feeVault);
 * change this spec if contracts/step/StepVerifier.sol settles on another order.
 */
export const STEP_VERIFIER: StepVerifierSpec = {
  contract: "StepVerifier",
  args: ({ parameters, addresses }) => [addresses.bridge, parameters.l2ChainId, parameters.feeVault],
};

const DAY = 86_400n;
const ETHER = 10n ** 18n;

/**
 * Defaults: mainnet-like periods (a 7-day window) on the devnet chain id. The sequencer and fee vault
 * default to the deployer. Tests and the devnet pass their own.
 */
export function defaultParameters(deployer: Address): HalcyonParameters {
  return {
    l2ChainId: DEVNET_L2_CHAIN_ID,
    feeVault: deployer,
    sequencer: deployer,
    challengeWindow: 7n * DAY,
    inactivityPeriod: 7n * DAY,
    forceInclusionDelay: 1n * DAY,
    proposerBond: 1n * ETHER,
    challengerBond: 1n * ETHER,
    proposerClock: 3n * DAY,
    challengerClock: 3n * DAY,
    burnBps: 2_500n,
  };
}

export type DeployHalcyonOptions = {
  readonly publicClient: PublicClient;
  /** Its account deploys (and pays); it must be able to send 4 transactions with consecutive nonces. */
  readonly walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** Overrides of defaultParameters(deployer). */
  readonly parameters?: Partial<HalcyonParameters>;
  /** Defaults to STEP_VERIFIER. Unit tests pass a test double. */
  readonly stepVerifier?: StepVerifierSpec;
  /** Where the Hardhat artifacts are (defaults to the repository's). */
  readonly artifactsDir?: string;
  readonly log?: (message: string) => void;
};

export class DeployError extends BaseError {
  override name = "DeployError";
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new DeployError(message);
}

/**
 * Deploys Halcyon's L1 contracts: StepVerifier, Bridge, Rollup, DisputeGame, in this order, from one
 * account. They refer to one another through immutables, so the addresses are predicted from the
 * deployer's nonce (CREATE) and passed to the constructors; afterwards each deployment address and every
 * immutable is read back and checked. Returns the Deployment that the deployment file holds.
 */
export async function deployHalcyon(options: DeployHalcyonOptions): Promise<Deployment> {
  const { publicClient, walletClient } = options;
  const log = options.log ?? (() => {});
  const account = walletClient.account;
  const deployer = getAddress(account.address);
  const merged: HalcyonParameters = { ...defaultParameters(deployer), ...options.parameters };
  const parameters: HalcyonParameters = {
    ...merged,
    feeVault: getAddress(merged.feeVault),
    sequencer: getAddress(merged.sequencer),
  };
  const stepVerifier = options.stepVerifier ?? STEP_VERIFIER;
  const l1ChainId = await publicClient.getChainId();

  const nonce = await publicClient.getTransactionCount({ address: deployer, blockTag: "pending" });
  const at = (offset: number): Address =>
    getContractAddress({ from: deployer, nonce: BigInt(nonce + offset) });
  const addresses: PredictedAddresses = {
    stepVerifier: at(0),
    bridge: at(1),
    rollup: at(2),
    disputeGame: at(3),
  };

  const plan: { key: keyof HalcyonAddresses; contract: string; args: readonly unknown[] }[] = [
    {
      key: "stepVerifier",
      contract: stepVerifier.contract,
      args: stepVerifier.args({ parameters, addresses }),
    },
    { key: "bridge", contract: "Bridge", args: [addresses.rollup, parameters.l2ChainId] },
    {
      key: "rollup",
      contract: "Rollup",
      args: [
        parameters.sequencer,
        addresses.bridge,
        addresses.disputeGame,
        parameters.challengeWindow,
        parameters.inactivityPeriod,
        parameters.forceInclusionDelay,
        parameters.proposerBond,
      ],
    },
    {
      key: "disputeGame",
      contract: "DisputeGame",
      args: [
        addresses.rollup,
        addresses.stepVerifier,
        parameters.challengerBond,
        parameters.proposerClock,
        parameters.challengerClock,
        parameters.burnBps,
      ],
    },
  ];

  let deployBlock: bigint | undefined;
  let rollupReceiptLogs: Parameters<typeof parseEventLogs>[0]["logs"] = [];
  for (const [i, step] of plan.entries()) {
    const artifact = readArtifact(step.contract, options.artifactsDir);
    // A verifier without constructor parameters (a test double) takes none of the usual arguments.
    const ctor = artifact.abi.find((item) => item.type === "constructor");
    const args = ctor === undefined || ctor.inputs.length === 0 ? [] : step.args;
    const hash: Hex = await walletClient.deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      args: args as unknown[],
      account,
      chain: walletClient.chain ?? null,
      nonce: nonce + i,
    });
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 200 });
    check(receipt.status === "success", `${step.contract} deployment reverted (${hash})`);
    const deployed = receipt.contractAddress;
    check(
      deployed != null && isAddressEqual(deployed, addresses[step.key]),
      `${step.contract} deployed at ${deployed}, expected ${addresses[step.key]}: was the deployer's nonce used meanwhile?`,
    );
    deployBlock = deployBlock === undefined ? receipt.blockNumber : deployBlock;
    if (step.key === "rollup") rollupReceiptLogs = receipt.logs;
    log(`${step.contract}: ${addresses[step.key]} (block ${receipt.blockNumber})`);
  }

  await verifyWiring(publicClient, addresses, parameters);

  const [genesisLog] = parseEventLogs({
    abi: rollupAbi,
    eventName: "BatchAppended",
    logs: rollupReceiptLogs,
  });
  check(genesisLog !== undefined, "the Rollup's constructor emitted no genesis BatchAppended");
  const genesisRecord: BatchRecord = { ...genesisLog!.args.record };

  return {
    format: DEPLOYMENT_FORMAT,
    l1ChainId,
    deployer,
    deployBlock: deployBlock!,
    addresses,
    stepVerifierContract: stepVerifier.contract,
    parameters,
    genesis: { recordHash: genesisLog!.args.recordHash, record: genesisRecord },
  };
}

/** Reads every immutable back and checks it against the plan. Throws DeployError. */
async function verifyWiring(client: PublicClient, a: HalcyonAddresses, p: HalcyonParameters): Promise<void> {
  const read = <T>(
    address: Address,
    abi: typeof rollupAbi | typeof bridgeAbi | typeof disputeGameAbi,
    name: string,
  ) => client.readContract({ address, abi, functionName: name as never, args: [] as never }) as Promise<T>;
  const expectations: [string, unknown, unknown][] = [
    ["Bridge.ROLLUP", await read<Address>(a.bridge, bridgeAbi, "ROLLUP"), a.rollup],
    ["Bridge.L2_CHAIN_ID", await read<bigint>(a.bridge, bridgeAbi, "L2_CHAIN_ID"), p.l2ChainId],
    ["Rollup.BRIDGE", await read<Address>(a.rollup, rollupAbi, "BRIDGE"), a.bridge],
    ["Rollup.DISPUTE_GAME", await read<Address>(a.rollup, rollupAbi, "DISPUTE_GAME"), a.disputeGame],
    ["Rollup.SEQUENCER", await read<Address>(a.rollup, rollupAbi, "SEQUENCER"), p.sequencer],
    [
      "Rollup.CHALLENGE_WINDOW",
      await read<bigint>(a.rollup, rollupAbi, "CHALLENGE_WINDOW"),
      p.challengeWindow,
    ],
    [
      "Rollup.INACTIVITY_PERIOD",
      await read<bigint>(a.rollup, rollupAbi, "INACTIVITY_PERIOD"),
      p.inactivityPeriod,
    ],
    [
      "Rollup.FORCE_INCLUSION_DELAY",
      await read<bigint>(a.rollup, rollupAbi, "FORCE_INCLUSION_DELAY"),
      p.forceInclusionDelay,
    ],
    ["Rollup.PROPOSER_BOND", await read<bigint>(a.rollup, rollupAbi, "PROPOSER_BOND"), p.proposerBond],
    ["DisputeGame.ROLLUP", await read<Address>(a.disputeGame, disputeGameAbi, "ROLLUP"), a.rollup],
    [
      "DisputeGame.STEP_VERIFIER",
      await read<Address>(a.disputeGame, disputeGameAbi, "STEP_VERIFIER"),
      a.stepVerifier,
    ],
    [
      "DisputeGame.CHALLENGER_BOND",
      await read<bigint>(a.disputeGame, disputeGameAbi, "CHALLENGER_BOND"),
      p.challengerBond,
    ],
    [
      "DisputeGame.PROPOSER_CLOCK",
      await read<bigint>(a.disputeGame, disputeGameAbi, "PROPOSER_CLOCK"),
      p.proposerClock,
    ],
    [
      "DisputeGame.CHALLENGER_CLOCK",
      await read<bigint>(a.disputeGame, disputeGameAbi, "CHALLENGER_CLOCK"),
      p.challengerClock,
    ],
    ["DisputeGame.BURN_BPS", await read<bigint>(a.disputeGame, disputeGameAbi, "BURN_BPS"), p.burnBps],
  ];
  for (const [name, actual, expected] of expectations) {
    const same =
      typeof actual === "string" && typeof expected === "string"
        ? isAddressEqual(actual as Address, expected as Address)
        : actual === expected;
    check(same, `${name} is ${String(actual)}, expected ${String(expected)}`);
  }
  const code = await client.getCode({ address: a.stepVerifier });
  check(code !== undefined && code !== "0x", `no code at the StepVerifier address ${a.stepVerifier}`);
}
