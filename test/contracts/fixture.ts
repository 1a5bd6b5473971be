// Shared setup for the L1 contract tests: one in-process Hardhat network per test file, Halcyon deployed
// through scripts/deploy.ts (with the TestStepVerifier double), EVM snapshots between tests, and helpers
// for time, reverts, events, batches, queue entries and withdrawals.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { network } from "hardhat";
import {
  type Abi,
  type Account,
  type Address,
  BaseError,
  type Chain,
  type ContractEventName,
  ContractFunctionRevertedError,
  decodeErrorResult,
  encodeAbiParameters,
  type GetContractReturnType,
  getContract,
  type Hex,
  keccak256,
  type PublicClient,
  parseEventLogs,
  type TestClient,
  type TransactionReceipt,
  type Transport,
  toHex,
  type WalletClient,
  zeroAddress,
  zeroHash,
} from "viem";
import {
  bridgeAbi,
  disputeGameAbi,
  rollupAbi,
  testAccountAbi,
  testReentrantTokenAbi,
  testStepVerifierAbi,
  testTokenAbi,
} from "../../packages/node-common/src/l1/abis.ts";
import { hexToBytes } from "../../packages/protocol/src/bytes.ts";
import { computeDataRoot } from "../../packages/protocol/src/codec/dataCommitment.ts";
import { type QueueEntry, queueEntryDataHash } from "../../packages/protocol/src/state/queueEntry.ts";
import { EMPTY_WITHDRAWALS_ROOT } from "../../packages/protocol/src/state/withdrawalTree.ts";
import { decodeTransaction } from "../../packages/protocol/src/tx/decodeTransaction.ts";
import {
  type BatchRecord,
  type Deployment,
  deployHalcyon,
  type HalcyonParameters,
} from "../../scripts/deploy.ts";
import { readArtifact } from "../../scripts/lib/artifacts.ts";

export type Public = PublicClient<Transport, Chain>;
export type Wallet = WalletClient<Transport, Chain, Account>;
type Clients = { public: Public; wallet: Wallet };
export type RollupContract = GetContractReturnType<typeof rollupAbi, Clients>;
export type BridgeContract = GetContractReturnType<typeof bridgeAbi, Clients>;
export type DisputeGameContract = GetContractReturnType<typeof disputeGameAbi, Clients>;
export type TestStepVerifierContract = GetContractReturnType<typeof testStepVerifierAbi, Clients>;
export type TestTokenContract = GetContractReturnType<typeof testTokenAbi, Clients>;
export type TestReentrantTokenContract = GetContractReturnType<typeof testReentrantTokenAbi, Clients>;
export type TestAccountContract = GetContractReturnType<typeof testAccountAbi, Clients>;

export type StateHeader = {
  treeRoot: Hex;
  withdrawalsRoot: Hex;
  withdrawalCount: bigint;
  queueApplied: bigint;
  accountCount: bigint;
};
export type QueueWitness = { dataHash: Hex; timestamp: bigint };
export type { BatchRecord };

export const ETHER = 10n ** 18n;
export const L2_CHAIN_ID = 424242n;
export const L2_BRIDGE_ADDRESS: Address = "0x4a1c000000000000000000000000000000000001";

/** Short periods so that tests can move time around freely. */
export const TEST_PARAMETERS = {
  l2ChainId: L2_CHAIN_ID,
  challengeWindow: 1_000n,
  inactivityPeriod: 5_000n,
  forceInclusionDelay: 600n,
  proposerBond: 1n * ETHER,
  challengerBond: ETHER / 2n,
  proposerClock: 300n,
  challengerClock: 200n,
  burnBps: 2_500n,
} as const;

export const GENESIS_HEADER: StateHeader = {
  treeRoot: zeroHash,
  withdrawalsRoot: toHex(EMPTY_WITHDRAWALS_ROOT),
  withdrawalCount: 0n,
  queueApplied: 0n,
  accountCount: 0n,
};

const NO_ENTRY: QueueWitness = { dataHash: zeroHash, timestamp: 0n };

export type Fixture = {
  readonly publicClient: Public;
  readonly testClient: TestClient;
  readonly deployment: Deployment;
  readonly parameters: HalcyonParameters;
  readonly deployer: Wallet;
  readonly sequencer: Wallet;
  /** Other funded accounts: users, challengers, escape-hatch proposers. */
  readonly alice: Wallet;
  readonly bob: Wallet;
  readonly carol: Wallet;
  readonly dave: Wallet;
  readonly rollup: (wallet?: Wallet) => RollupContract;
  readonly bridge: (wallet?: Wallet) => BridgeContract;
  readonly game: (wallet?: Wallet) => DisputeGameContract;
  readonly verifier: TestStepVerifierContract;
  /** Restores the state of the last checkpoint (initially: right after deployment, sequencer bonded). */
  readonly reset: () => Promise<void>;
  /** Makes the current state the one `reset` restores (for a test file's own common setup). */
  readonly checkpoint: () => Promise<void>;
};

/**
 * A fresh in-process network with Halcyon deployed by deployHalcyon (TestStepVerifier as the verifier)
 * and the sequencer bonded. Call `reset()` in beforeEach to start every test from this state.
 */
export async function createFixture(overrides: Partial<HalcyonParameters> = {}): Promise<Fixture> {
  const { viem } = await network.create();
  const publicClient = (await viem.getPublicClient()) as unknown as Public;
  const testClient = (await viem.getTestClient()) as unknown as TestClient;
  const wallets = (await viem.getWalletClients()) as unknown as Wallet[];
  const [deployer, sequencer, alice, bob, carol, dave] = wallets as [
    Wallet,
    Wallet,
    Wallet,
    Wallet,
    Wallet,
    Wallet,
  ];
  const deployment = await deployHalcyon({
    publicClient,
    walletClient: deployer,
    parameters: { ...TEST_PARAMETERS, sequencer: sequencer.account.address, ...overrides },
    stepVerifier: { contract: "TestStepVerifier", args: () => [] },
  });
  const a = deployment.addresses;
  const bind = <A extends Abi>(address: Address, abi: A, wallet: Wallet) =>
    getContract({ address, abi, client: { public: publicClient, wallet } });
  const rollup = (wallet: Wallet = sequencer) => bind(a.rollup, rollupAbi, wallet);
  const fixture = {
    publicClient,
    testClient,
    deployment,
    parameters: deployment.parameters,
    deployer,
    sequencer,
    alice,
    bob,
    carol,
    dave,
    rollup,
    bridge: (wallet: Wallet = alice) => bind(a.bridge, bridgeAbi, wallet),
    game: (wallet: Wallet = alice) => bind(a.disputeGame, disputeGameAbi, wallet),
    verifier: bind(a.stepVerifier, testStepVerifierAbi, deployer),
    reset: async () => {},
    checkpoint: async () => {},
  };
  await send(
    publicClient,
    rollup(sequencer).write.depositBond({ value: deployment.parameters.proposerBond }),
  );
  let snapshot = await testClient.snapshot();
  fixture.reset = async () => {
    await testClient.revert({ id: snapshot });
    snapshot = await testClient.snapshot();
  };
  fixture.checkpoint = async () => {
    snapshot = await testClient.snapshot();
  };
  return fixture;
}

// ---------------------------------------------------------------------------------------------------------
// Transactions, reverts, events

/** Waits for a sent transaction and returns its successful receipt. */
export async function send(client: Public, hash: Promise<Hex>): Promise<TransactionReceipt> {
  const receipt = await client.waitForTransactionReceipt({ hash: await hash });
  assert.equal(receipt.status, "success");
  return receipt;
}

const ALL_ERRORS: Abi = (() => {
  const seen = new Set<string>();
  const out: Abi[number][] = [];
  for (const abi of [
    rollupAbi,
    bridgeAbi,
    disputeGameAbi,
    testStepVerifierAbi,
    testTokenAbi,
    testAccountAbi,
    testReentrantTokenAbi,
  ] as Abi[]) {
    for (const item of abi) {
      if (item.type !== "error") continue;
      const key = `${item.name}(${item.inputs.map((i) => i.type).join(",")})`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(item);
      }
    }
  }
  return out;
})();

/** The name and arguments of a custom error (or Error(string) / Panic) in revert data. */
export function decodeRevert(data: Hex): { errorName: string; args: readonly unknown[] } {
  const decoded = decodeErrorResult({ abi: ALL_ERRORS, data });
  return { errorName: decoded.errorName, args: decoded.args ?? [] };
}

function revertDataOf(error: unknown): Hex | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError) return reverted.raw;
  let data: Hex | undefined;
  error.walk((e) => {
    const d = (e as { data?: unknown }).data;
    if (typeof d === "string" && d.startsWith("0x")) data = d as Hex;
    return false;
  });
  return data;
}

/**
 * Asserts that the call reverts with the named error (any contract's, decoded by name), and, when
 * given, with these arguments.
 */
export async function expectRevert(
  promise: Promise<unknown>,
  errorName: string,
  args?: readonly unknown[],
): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, `expected a revert with ${errorName}, but the call succeeded`);
  const data = revertDataOf(error);
  assert.ok(data !== undefined && data !== "0x", `expected ${errorName}, got ${(error as Error).message}`);
  const decoded = decodeRevert(data);
  assert.equal(
    decoded.errorName,
    errorName,
    `expected ${errorName}, got ${decoded.errorName}(${decoded.args})`,
  );
  if (args !== undefined) assert.deepEqual(decoded.args, args);
}

/** The events of one name in a receipt, decoded with `abi`. */
export function eventsOf<const A extends Abi, N extends ContractEventName<A>>(
  receipt: TransactionReceipt,
  abi: A,
  eventName: N,
) {
  return parseEventLogs({ abi, eventName, logs: receipt.logs });
}

/** The single event of this name in the receipt. */
export function eventOf<const A extends Abi, N extends ContractEventName<A>>(
  receipt: TransactionReceipt,
  abi: A,
  eventName: N,
) {
  const events = eventsOf(receipt, abi, eventName);
  assert.equal(events.length, 1, `expected one ${String(eventName)} event, got ${events.length}`);
  return events[0]!;
}

// ---------------------------------------------------------------------------------------------------------
// Time

export async function latestTimestamp(fx: Fixture): Promise<bigint> {
  return (await fx.publicClient.getBlock()).timestamp;
}

/** The next transaction's block gets this timestamp. */
export async function setNextTimestamp(fx: Fixture, timestamp: bigint): Promise<void> {
  await fx.testClient.setNextBlockTimestamp({ timestamp });
}

/** Mines an empty block at `timestamp`. */
export async function mineAt(fx: Fixture, timestamp: bigint): Promise<void> {
  await fx.testClient.setNextBlockTimestamp({ timestamp });
  await fx.testClient.mine({ blocks: 1 });
}

// ---------------------------------------------------------------------------------------------------------
// Hashing (independent TypeScript versions of what the contracts compute)

export function randomHex(bytes: number): Hex {
  return toHex(randomBytes(bytes));
}

export function stateRootOf(header: StateHeader): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "bytes32" }, { type: "uint64" }, { type: "uint64" }, { type: "uint64" }],
      [
        header.treeRoot,
        header.withdrawalsRoot,
        header.withdrawalCount,
        header.queueApplied,
        header.accountCount,
      ],
    ),
  );
}

const RECORD_TYPES = [
  { type: "uint64" },
  { type: "uint64" },
  { type: "bytes32" },
  { type: "bytes32" },
  { type: "bytes32" },
  { type: "uint32" },
  { type: "uint64" },
  { type: "uint64" },
  { type: "uint64" },
  { type: "uint64" },
  { type: "address" },
] as const;

export function recordHashOf(r: BatchRecord): Hex {
  return keccak256(
    encodeAbiParameters(RECORD_TYPES, [
      r.index,
      r.epoch,
      r.dataRoot,
      r.parentStateRoot,
      r.stateRoot,
      r.steps,
      r.queueStart,
      r.queueLimit,
      r.queueApplied,
      r.appendedAt,
      r.proposer,
    ]),
  );
}

/** c_0 of a batch (docs/protocol.md §6.4, §8.1). */
export function startCommitmentOf(parentStateRoot: Hex): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: "bytes32" },
        { type: "uint32" },
        { type: "uint8" },
        { type: "uint8" },
        { type: "uint128" },
        { type: "uint64" },
        { type: "uint64" },
      ],
      [parentStateRoot, 0, 0, 0, 0n, 0n, 0n],
    ),
  );
}

/** dataRoot per docs/protocol.md §6.2, from the TypeScript protocol package. */
export function dataRootOf(data: Hex): Hex {
  return toHex(computeDataRoot(hexToBytes(data)));
}

export function entryHashOf(w: QueueWitness): Hex {
  return keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "uint64" }], [w.dataHash, w.timestamp]));
}

// ---------------------------------------------------------------------------------------------------------
// Queue

/**
 * Every queue entry so far, rebuilt from the Bridge's events as an L2 node would, with its dataHash
 * computed by the TypeScript protocol package (forced transactions decoded by its decoder).
 */
export async function queueEntries(fx: Fixture): Promise<(QueueEntry & { witness: QueueWitness })[]> {
  const events = <N extends "ETHDeposited" | "ERC20Deposited" | "TransactionForced">(eventName: N) =>
    fx.publicClient.getContractEvents({
      address: fx.deployment.addresses.bridge,
      abi: bridgeAbi,
      eventName,
      fromBlock: fx.deployment.deployBlock,
      strict: true,
    });
  const entries: QueueEntry[] = [];
  for (const { args: a } of await events("ETHDeposited")) {
    entries.push({
      kind: "eth-deposit",
      queueIndex: a.queueIndex,
      from: a.from,
      to: a.to,
      amount: a.amount,
      l1Timestamp: a.timestamp,
    });
  }
  for (const { args: a } of await events("ERC20Deposited")) {
    entries.push({
      kind: "erc20-deposit",
      queueIndex: a.queueIndex,
      from: a.from,
      to: a.to,
      l1Token: a.l1Token,
      amount: a.amount,
      l1Timestamp: a.timestamp,
    });
  }
  for (const { args: a } of await events("TransactionForced")) {
    entries.push({
      kind: "forced-transaction",
      queueIndex: a.queueIndex,
      from: a.from,
      tx: decodeTransaction(hexToBytes(a.rawTransaction), fx.parameters.l2ChainId),
      l1Timestamp: a.timestamp,
    });
  }
  entries.sort((x, y) => Number(x.queueIndex - y.queueIndex));
  return entries.map((entry) => ({
    ...entry,
    witness: { dataHash: toHex(queueEntryDataHash(entry)), timestamp: entry.l1Timestamp },
  }));
}

/** The (dataHash, timestamp) preimage of queue entry `index`, or zeros past the end of the queue. */
export async function queueWitness(fx: Fixture, index: bigint): Promise<QueueWitness> {
  const entry = (await queueEntries(fx)).find((e) => e.queueIndex === index);
  return entry === undefined ? NO_ENTRY : entry.witness;
}

export async function depositEth(fx: Fixture, from: Wallet, to: Address, amount: bigint): Promise<bigint> {
  const receipt = await send(fx.publicClient, fx.bridge(from).write.depositETH([to], { value: amount }));
  return eventOf(receipt, bridgeAbi, "ETHDeposited").args.queueIndex;
}

// ---------------------------------------------------------------------------------------------------------
// Withdrawals

/** The bytes32[32] Merkle path argument of Bridge.finalizeWithdrawal. */
export type Siblings = Parameters<BridgeContract["write"]["finalizeWithdrawal"]>[0][3];

export function toSiblings(proof: readonly Hex[]): Siblings {
  assert.equal(proof.length, 32);
  return proof as unknown as Siblings;
}

// ---------------------------------------------------------------------------------------------------------
// Batches

export function header(overrides: Partial<StateHeader> = {}): StateHeader {
  return {
    treeRoot: randomHex(32),
    withdrawalsRoot: GENESIS_HEADER.withdrawalsRoot,
    withdrawalCount: 0n,
    queueApplied: 0n,
    accountCount: 1n,
    ...overrides,
  };
}

export type AppendOptions = {
  wallet?: Wallet;
  data?: Hex;
  steps?: bigint;
  header?: StateHeader;
  parent?: Hex;
  nextEntry?: QueueWitness;
};

export type AppendedBatch = {
  record: BatchRecord;
  recordHash: Hex;
  header: StateHeader;
  receipt: TransactionReceipt;
};

/** The appendBatch arguments for `options`, filling the parent and the queue witness from the chain. */
export async function appendArgs(fx: Fixture, options: AppendOptions = {}) {
  const rollup = fx.rollup();
  const h = options.header ?? header({ queueApplied: await rollup.read.lastQueueApplied() });
  const parent = options.parent ?? (await rollup.read.lastStateRoot());
  const nextEntry = options.nextEntry ?? (await queueWitness(fx, h.queueApplied));
  return [options.data ?? randomHex(300), options.steps ?? 16n, h, parent, nextEntry] as const;
}

/** Appends a batch (by the sequencer unless told otherwise) and returns its record from BatchAppended. */
export async function appendBatch(fx: Fixture, options: AppendOptions = {}): Promise<AppendedBatch> {
  const args = await appendArgs(fx, options);
  const receipt = await send(
    fx.publicClient,
    fx.rollup(options.wallet ?? fx.sequencer).write.appendBatch(args),
  );
  const event = eventOf(receipt, rollupAbi, "BatchAppended");
  return { record: { ...event.args.record }, recordHash: event.args.recordHash, header: args[2], receipt };
}

/** Moves time past `record`'s challenge window and finalizes up to it. */
export async function finalizeThrough(fx: Fixture, record: BatchRecord): Promise<void> {
  await mineAt(fx, record.appendedAt + fx.parameters.challengeWindow);
  await send(fx.publicClient, fx.rollup(fx.dave).write.finalizeBatches([record]));
}

// ---------------------------------------------------------------------------------------------------------
// Test contracts

export async function deployTestContract<const A extends Abi>(
  fx: Fixture,
  name: string,
  abi: A,
  args: readonly unknown[] = [],
  wallet: Wallet = fx.deployer,
) {
  const artifact = readArtifact(name);
  const hash = await wallet.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args: args as unknown[],
  });
  const receipt = await send(fx.publicClient, Promise.resolve(hash));
  return getContract({ address: receipt.contractAddress!, abi, client: { public: fx.publicClient, wallet } });
}

/** The same contract, sending from `wallet`. */
export function connect<const A extends Abi>(
  fx: Fixture,
  contract: { address: Address; abi: A },
  wallet: Wallet,
) {
  return getContract({
    address: contract.address,
    abi: contract.abi,
    client: { public: fx.publicClient, wallet },
  });
}

export function deployTestToken(fx: Fixture, name = "Token"): Promise<TestTokenContract> {
  return deployTestContract(fx, "TestToken", testTokenAbi, [name, name.slice(0, 3).toUpperCase()]);
}

export function deployTestAccount(fx: Fixture, wallet: Wallet = fx.deployer): Promise<TestAccountContract> {
  return deployTestContract(fx, "TestAccount", testAccountAbi, [], wallet);
}

export { zeroAddress, zeroHash };
