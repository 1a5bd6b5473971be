// Halcyon on an in-process Hardhat network for tests and benchmarks: deployed by deployHalcyon with the
// real StepVerifier, typed contract handles, transactions that must succeed, decoded reverts, time moved
// with evm_increaseTime/evm_mine, ETH deposits through the real Bridge and the queue entries read back from
// its events (as an L2 node reads them), and batches appended from a ChainModel.

import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import {
  type Abi,
  type Account,
  type Address,
  BaseError,
  type Chain,
  ContractFunctionRevertedError,
  decodeErrorResult,
  getContract,
  type Hex,
  type PublicClient,
  parseEventLogs,
  type TestClient,
  type TransactionReceipt,
  type Transport,
  toHex,
  type WalletClient,
  zeroHash,
} from "viem";
import { BaseError as HalcyonError } from "../../../packages/protocol/src/errors.ts";
import {
  isBridgeQueueEvent,
  queueEntryOfEvent,
} from "../../../packages/node-common/src/l1/queueEntryOfEvent.ts";
import {
  bytesToHex,
  type Address as L2Address,
  type QueueEntry,
  queueEntryDataHash,
  type StateHeader,
} from "../../../packages/protocol/src/index.ts";
import { type BatchRecord, type Deployment, deployHalcyon, type HalcyonParameters } from "../../deploy.ts";
import { readArtifact } from "../artifacts.ts";
import { bridgeAbi, checkHarnessAbis, disputeGameAbi, rollupAbi } from "./abis.ts";
import type { ChainModel, Lie, SequencedCandidate } from "./chainModel.ts";

export type Wallet = WalletClient<Transport, Chain, Account>;
export type Public = PublicClient<Transport, Chain>;
export type { BatchRecord };

export class HarnessError extends HalcyonError {
  override name = "HarnessError";
}

export type HalcyonL1 = {
  readonly publicClient: Public;
  readonly testClient: TestClient;
  readonly deployment: Deployment;
  readonly parameters: HalcyonParameters;
  readonly deployer: Wallet;
  /** The sequencer, bonded once at deployment. */
  readonly sequencer: Wallet;
  /** The network's other funded accounts: challengers, depositors, callers. */
  readonly others: readonly Wallet[];
  readonly rollup: (wallet: Wallet) => ReturnType<typeof bind<typeof rollupAbi>>;
  readonly bridge: (wallet: Wallet) => ReturnType<typeof bind<typeof bridgeAbi>>;
  readonly game: (wallet: Wallet) => ReturnType<typeof bind<typeof disputeGameAbi>>;
};

function bind<const A extends Abi>(publicClient: Public, address: Address, abi: A, wallet: Wallet) {
  return getContract({ address, abi, client: { public: publicClient, wallet } });
}

/**
 * Deploys Halcyon through deployHalcyon (the real StepVerifier, the deploy script's default) with the
 * second account as sequencer, and bonds the sequencer.
 */
export async function createHalcyonL1(
  viem: HardhatViemHelpers,
  parameters: Partial<HalcyonParameters> = {},
): Promise<HalcyonL1> {
  checkHarnessAbis();
  const publicClient = (await viem.getPublicClient()) as unknown as Public;
  const testClient = (await viem.getTestClient()) as unknown as TestClient;
  const [deployer, sequencer, ...others] = (await viem.getWalletClients()) as unknown as Wallet[];
  if (deployer === undefined || sequencer === undefined) throw new HarnessError("too few accounts");
  const deployment = await deployHalcyon({
    publicClient,
    walletClient: deployer,
    parameters: { sequencer: sequencer.account.address, ...parameters },
  });
  const a = deployment.addresses;
  const l1: HalcyonL1 = {
    publicClient,
    testClient,
    deployment,
    parameters: deployment.parameters,
    deployer,
    sequencer,
    others,
    rollup: (wallet) => bind(publicClient, a.rollup, rollupAbi, wallet),
    bridge: (wallet) => bind(publicClient, a.bridge, bridgeAbi, wallet),
    game: (wallet) => bind(publicClient, a.disputeGame, disputeGameAbi, wallet),
  };
  await send(l1, l1.rollup(sequencer).write.depositBond({ value: deployment.parameters.proposerBond }));
  return l1;
}

/** Waits for a transaction; throws unless it succeeded. */
export async function send(l1: HalcyonL1, hash: Promise<Hex>): Promise<TransactionReceipt> {
  const receipt = await l1.publicClient.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== "success") throw new HarnessError(`transaction ${receipt.transactionHash} reverted`);
  return receipt;
}

let errors: Abi | undefined;

/** Every custom error of the contracts the harness calls, from their artifacts, for decoding reverts. */
function errorsAbi(): Abi {
  if (errors === undefined) {
    const seen = new Map<string, Abi[number]>();
    for (const name of ["Rollup", "Bridge", "DisputeGame", "StepVerifier"]) {
      for (const item of readArtifact(name).abi) {
        if (item.type === "error")
          seen.set(`${item.name}(${item.inputs.map((i) => i.type).join(",")})`, item);
      }
    }
    errors = [...seen.values()];
  }
  return errors;
}

/** The custom error (name and arguments) a failed call reverted with, if any. */
export function revertOf(error: unknown): { name: string; args: readonly unknown[] } | undefined {
  if (!(error instanceof BaseError)) return undefined;
  let data: Hex | undefined;
  error.walk((e) => {
    if (e instanceof ContractFunctionRevertedError && e.raw !== undefined) data = e.raw;
    const d = (e as { data?: unknown }).data;
    if (data === undefined && typeof d === "string" && d.startsWith("0x") && d.length >= 10) data = d as Hex;
    return false;
  });
  if (data === undefined) return undefined;
  try {
    const decoded = decodeErrorResult({ abi: errorsAbi(), data });
    return { name: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return undefined;
  }
}

/** Moves L1 time forward by `seconds` and mines a block there. */
export async function advanceTime(l1: HalcyonL1, seconds: bigint): Promise<void> {
  await l1.testClient.increaseTime({ seconds: Number(seconds) });
  await l1.testClient.mine({ blocks: 1 });
}

export async function latestTimestamp(l1: HalcyonL1): Promise<bigint> {
  return (await l1.publicClient.getBlock()).timestamp;
}

/** Moves L1 time to at least `timestamp` (never back). */
export async function advanceTo(l1: HalcyonL1, timestamp: bigint): Promise<void> {
  const now = await latestTimestamp(l1);
  if (timestamp > now) await advanceTime(l1, timestamp - now);
}

/** An ETH deposit through the Bridge from `from` (L1) to `to` (L2). */
export function depositEth(l1: HalcyonL1, from: Wallet, to: L2Address, amount: bigint) {
  return send(l1, l1.bridge(from).write.depositETH([to], { value: amount }));
}

/**
 * The queue entries from `fromIndex` on, rebuilt from the Bridge's events by the L2 nodes' own decoder
 * (node-common's queueEntryOfEvent). Checks that the events account for the whole queue.
 */
export async function readQueueEntries(l1: HalcyonL1, fromIndex: bigint): Promise<QueueEntry[]> {
  const logs = await l1.publicClient.getLogs({
    address: l1.deployment.addresses.bridge,
    fromBlock: l1.deployment.deployBlock,
  });
  const entries = parseEventLogs({ abi: bridgeAbi, logs })
    .filter(isBridgeQueueEvent)
    .map((event) => queueEntryOfEvent(event, l1.parameters.l2ChainId).entry);
  const length = await l1.bridge(l1.deployer).read.queueLength();
  if (BigInt(entries.length) !== length)
    throw new HarnessError("the Bridge's events do not account for its queue");
  return entries
    .filter((entry) => entry.queueIndex >= fromIndex)
    .sort((x, y) => Number(x.queueIndex - y.queueIndex));
}

/** Reads the queue entries the model does not know yet into it. */
export async function syncQueue(l1: HalcyonL1, model: ChainModel): Promise<void> {
  model.addEntries(await readQueueEntries(l1, BigInt(model.entries.length)));
}

export type AbiStateHeader = {
  treeRoot: Hex;
  withdrawalsRoot: Hex;
  withdrawalCount: bigint;
  queueApplied: bigint;
  accountCount: bigint;
};

export function headerToAbi(header: StateHeader): AbiStateHeader {
  return {
    treeRoot: bytesToHex(header.treeRoot),
    withdrawalsRoot: bytesToHex(header.withdrawalsRoot),
    withdrawalCount: header.withdrawalCount,
    queueApplied: header.queueApplied,
    accountCount: header.accountCount,
  };
}

export type AppendedBatch = {
  readonly record: BatchRecord;
  readonly recordHash: Hex;
  readonly header: AbiStateHeader;
  readonly receipt: TransactionReceipt;
};

/**
 * Appends a sequenced batch from `wallet` and records it in the model. The proposer claims the post-state
 * of its view: the honest one, or with `lies` (see chainModel.ts) a wrong one. The model must know the
 * whole queue (its length is the batch's queueLimit).
 */
export async function appendBatch(
  l1: HalcyonL1,
  model: ChainModel,
  wallet: Wallet,
  candidate: Pick<SequencedCandidate, "data" | "steps" | "header">,
  lies: readonly Lie[] = [],
): Promise<AppendedBatch> {
  const index = model.push({
    data: candidate.data,
    steps: candidate.steps,
    queueLimit: BigInt(model.entries.length),
  });
  try {
    const rollup = l1.rollup(wallet);
    const header = headerToAbi(lies.length === 0 ? candidate.header : model.postHeader(index, lies));
    const next = model.entries[Number(header.queueApplied)];
    const nextEntry =
      next === undefined
        ? { dataHash: zeroHash, timestamp: 0n }
        : { dataHash: toHex(queueEntryDataHash(next)), timestamp: next.l1Timestamp };
    const receipt = await send(
      l1,
      rollup.write.appendBatch([
        bytesToHex(candidate.data),
        BigInt(candidate.steps),
        header,
        await rollup.read.lastStateRoot(),
        nextEntry,
      ]),
    );
    const [event] = parseEventLogs({ abi: rollupAbi, eventName: "BatchAppended", logs: receipt.logs });
    if (event === undefined) throw new HarnessError("appendBatch emitted no BatchAppended");
    const record: BatchRecord = { ...event.args.record };
    if (record.index !== BigInt(index) || record.queueLimit !== model.batch(index).queueLimit) {
      throw new HarnessError(`batch ${record.index} (queue limit ${record.queueLimit}) is not the model's`);
    }
    return { record, recordHash: event.args.recordHash, header, receipt };
  } catch (error) {
    model.deleteFrom(index);
    throw error;
  }
}

/** Moves time past `record`'s challenge window and finalizes up to it. */
export async function finalizeThrough(l1: HalcyonL1, caller: Wallet, record: BatchRecord) {
  await advanceTo(l1, record.appendedAt + l1.parameters.challengeWindow);
  return send(l1, l1.rollup(caller).write.finalizeBatches([record]));
}
