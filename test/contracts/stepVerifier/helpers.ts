// Shared by the StepVerifier tests: hand-written ABIs (checked against the artifacts), deployment of the
// verifier and its test helpers, batched executeStep calls, revert-name decoding and the golden-vector
// parser.
import assert from "node:assert/strict";
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import {
  type Abi,
  type AbiParameter,
  type Address,
  type Chain,
  decodeFunctionResult,
  encodeFunctionData,
  getContract,
  type Hex,
  keccak256,
  type PublicClient,
  parseAbi,
  type Transport,
  toHex,
} from "viem";
import { hexToBytes, type Address as L2Address } from "../../../packages/protocol/src/bytes.ts";
import type { QueueEntry } from "../../../packages/protocol/src/state/queueEntry.ts";
import type { StateHeader } from "../../../packages/protocol/src/state/stateHeader.ts";
import type { Cursor, CursorStatus } from "../../../packages/protocol/src/stf/cursor.ts";
import type { TreeProof } from "../../../packages/protocol/src/tree/proof.ts";
import type { TransactionType } from "../../../packages/protocol/src/tx/transaction.ts";
import type { EncodableStepWitness, StepContext } from "../../../packages/protocol/src/witness/index.ts";
import type { DataWindow } from "../../../packages/protocol/src/witness/stepWitness.ts";
import { readArtifact } from "../../../scripts/lib/artifacts.ts";

export const stepVerifierAbi = parseAbi([
  "struct StepContext { bytes32 preCommitment; bytes32 dataRoot; uint64 queueLimit; uint64 queueStart; }",
  "function executeStep(StepContext ctx, bytes witness) view returns (bytes32 postCommitment, bytes32 postStateRoot)",
  "function CHAIN_ID() view returns (uint64)",
  "function FEE_VAULT() view returns (address)",
  "function BRIDGE() view returns (address)",
  "error InvalidParameter(string name)",
  "error MalformedWitness(uint256 offset, uint256 length)",
  "error PreCommitmentMismatch(bytes32 expected, bytes32 computed)",
  "error UnusedTreeProofs(uint256 used, uint256 given)",
  "error WithdrawalFrontierLength(uint256 length, uint256 expected)",
  "error UnexpectedQueueEntry()",
  "error QueueEntryMismatch(uint256 queueIndex, bytes32 stored, bytes32 computed)",
  "error QueueIndexBeyondLimit(uint256 queueIndex, uint256 queueLimit)",
  "error MalformedQueueEntry(uint256 kind, uint256 length)",
  "error IndexLeafMissing(uint64 index)",
  "error IndexLeafOccupied(uint64 index)",
  "error StateInvariantViolated(bytes32 key)",
]);

export const batchCallerAbi = parseAbi([
  "struct StepContext { bytes32 preCommitment; bytes32 dataRoot; uint64 queueLimit; uint64 queueStart; }",
  "struct Call { StepContext ctx; bytes witness; }",
  "function run(address verifier, Call[] calls) view returns (bool[] ok, bytes32[] postCommitments, bytes32[] postStateRoots, bytes4[] revertSelectors, uint256[] gasUsed, uint256 count)",
  "function GAS_RESERVE() view returns (uint256)",
]);

export const testQueueAbi = parseAbi([
  "function append(bytes32[] entryHashes)",
  "function queueEntry(uint256 queueIndex) view returns (bytes32)",
  "function queueLength() view returns (uint256)",
]);

/** An ABI entry's shape without `internalType`, for comparing a hand-written ABI with an artifact's. */
function shapeOf(item: Abi[number]): string {
  const param = (p: AbiParameter): unknown => ({
    name: p.name ?? "",
    type: p.type,
    components: "components" in p ? p.components.map(param) : undefined,
  });
  const inputs = "inputs" in item ? item.inputs.map(param) : [];
  const outputs = "outputs" in item ? item.outputs.map(param) : [];
  return JSON.stringify({ type: item.type, name: "name" in item ? item.name : "", inputs, outputs });
}

/** Asserts that every entry of the hand-written `abi` is in contract `name`'s artifact, names and types alike. */
export function checkAbi(name: string, abi: Abi): void {
  const artifact = new Set(readArtifact(name).abi.map(shapeOf));
  for (const item of abi) {
    assert.ok(artifact.has(shapeOf(item)), `${name}: ABI entry not in the artifact: ${shapeOf(item)}`);
  }
}

/** Error names by selector, over the StepVerifier's artifact ABI (its own errors and its libraries'). */
const errorNames: Map<string, string> = (() => {
  const map = new Map<string, string>();
  for (const item of readArtifact("StepVerifier").abi) {
    if (item.type !== "error") continue;
    const signature = `${item.name}(${item.inputs.map((i) => i.type).join(",")})`;
    map.set(keccak256(toHex(signature)).slice(0, 10), item.name);
  }
  map.set("0x4e487b71", "Panic");
  map.set("0x08c379a0", "Error");
  return map;
})();

/** The name of the error a revert selector stands for ("0x" for an empty revert). */
export function errorName(selector: Hex): string {
  if (/^0x0{8}$/.test(selector)) return "(no data)";
  return errorNames.get(selector) ?? selector;
}

export type Public = PublicClient<Transport, Chain>;

/** Deploys a StepVerifier with its own immutables (the differential test deploys through deployHalcyon). */
export async function deployStepVerifier(
  viem: HardhatViemHelpers,
  args: { bridge: Address; chainId: bigint; feeVault: Address },
) {
  checkAbi("StepVerifier", stepVerifierAbi);
  const deployed = await viem.deployContract("StepVerifier", [args.bridge, args.chainId, args.feeVault]);
  const client = (await viem.getPublicClient()) as unknown as Public;
  return getContract({ address: deployed.address, abi: stepVerifierAbi, client });
}

/** The deployed StepVerifierBatchCaller and the client that calls it. */
export type BatchCaller = { readonly address: Address; readonly client: Public };

export async function deployBatchCaller(viem: HardhatViemHelpers): Promise<BatchCaller> {
  checkAbi("StepVerifierBatchCaller", batchCallerAbi);
  const deployed = await viem.deployContract("StepVerifierBatchCaller");
  const client = (await viem.getPublicClient()) as unknown as Public;
  return { address: deployed.address, client };
}

/** One executeStep call and what the TypeScript state transition says it must return. */
export type StepCall = {
  readonly ctx: StepContext;
  readonly witness: Hex;
};

export type StepCallResult =
  | { readonly ok: true; readonly postCommitment: Hex; readonly postStateRoot: Hex; readonly gasUsed: bigint }
  | { readonly ok: false; readonly error: string; readonly gasUsed: bigint };

/**
 * Gas of one batched eth_call: Hardhat's default hardfork caps a transaction's (and a call's) gas at 2^24
 * (EIP-7825). The batch caller stops while it still has GAS_RESERVE left; the rest is sent again.
 */
const CALL_GAS = 16_000_000n;

/**
 * Runs `calls` through the batch caller, `perCall` per eth_call and `inFlight` eth_calls at a time, and
 * returns each call's result in order.
 */
export async function runSteps(
  caller: BatchCaller,
  verifier: Address,
  calls: readonly StepCall[],
  options: { readonly perCall?: number; readonly inFlight?: number } = {},
): Promise<StepCallResult[]> {
  const perCall = options.perCall ?? 64;
  const inFlight = options.inFlight ?? 4;
  const chunks: StepCall[][] = [];
  for (let i = 0; i < calls.length; i += perCall) chunks.push(calls.slice(i, i + perCall));
  const results: StepCallResult[][] = new Array(chunks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const index = next++;
      const out: StepCallResult[] = [];
      let rest = chunks[index]!;
      while (rest.length > 0) {
        const { data } = await caller.client.call({
          to: caller.address,
          gas: CALL_GAS,
          data: encodeFunctionData({
            abi: batchCallerAbi,
            functionName: "run",
            args: [verifier, rest.map((c) => ({ ctx: c.ctx, witness: c.witness }))],
          }),
        });
        const [ok, commitments, roots, selectors, gas, count] = decodeFunctionResult({
          abi: batchCallerAbi,
          functionName: "run",
          data: data!,
        });
        if (count === 0n)
          throw new Error("the batch caller ran no call: a step needs more gas than a call has");
        for (let i = 0; i < Number(count); i++) {
          out.push(
            ok[i]
              ? { ok: true, postCommitment: commitments[i]!, postStateRoot: roots[i]!, gasUsed: gas[i]! }
              : { ok: false, error: errorName(selectors[i]!), gasUsed: gas[i]! },
          );
        }
        rest = rest.slice(Number(count));
      }
      results[index] = out;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return results.flat();
}

// ---------------------------------------------------------------------------------------------------------
// Golden vectors (test/vectors/README.md)

type Json = Record<string, unknown>;

const big = (v: unknown): bigint => BigInt(v as string);
const bytes = (v: unknown): Uint8Array => hexToBytes(v as string);

function parseWindow(j: Json): DataWindow {
  return {
    firstChunk: j.firstChunk as number,
    chunks: (j.chunks as string[]).map((c) => hexToBytes(c)),
    proofs: (j.proofs as string[][]).map((p) => p.map((s) => hexToBytes(s))),
  };
}

function parseProof(j: Json): TreeProof {
  const t = j.terminal as Json;
  return {
    siblings: (j.siblings as string[]).map((s) => hexToBytes(s)),
    terminal:
      t.kind === "empty" ? { kind: "empty" } : { kind: "leaf", key: bytes(t.key), value: bytes(t.value) },
  };
}

export function parseQueueEntry(j: Json): QueueEntry {
  const base = {
    queueIndex: big(j.queueIndex),
    from: j.from as L2Address,
    l1Timestamp: big(j.l1Timestamp),
  };
  switch (j.kind) {
    case "eth-deposit":
      return { ...base, kind: "eth-deposit", to: j.to as L2Address, amount: big(j.amount) };
    case "erc20-deposit":
      return {
        ...base,
        kind: "erc20-deposit",
        to: j.to as L2Address,
        l1Token: j.l1Token as L2Address,
        amount: big(j.amount),
      };
    default: {
      const t = j.tx as Json;
      return {
        ...base,
        kind: "forced-transaction",
        tx: {
          type: t.type as TransactionType,
          chainId: big(t.chainId),
          nonce: big(t.nonce),
          maxPriorityFeePerGas: big(t.maxPriorityFeePerGas),
          maxFeePerGas: big(t.maxFeePerGas),
          gasLimit: big(t.gasLimit),
          to: t.to as L2Address,
          value: big(t.value),
          data: bytes(t.data),
          yParity: t.yParity as 0 | 1,
          r: big(t.r),
          s: big(t.s),
        },
      };
    }
  }
}

function parseHeader(j: Json): StateHeader {
  return {
    treeRoot: bytes(j.treeRoot),
    withdrawalsRoot: bytes(j.withdrawalsRoot),
    withdrawalCount: big(j.withdrawalCount),
    queueApplied: big(j.queueApplied),
    accountCount: big(j.accountCount),
  };
}

function parseCursor(j: Json): Cursor {
  return {
    offset: j.offset as number,
    status: j.status as CursorStatus,
    dictCount: j.dictCount as number,
    baseFee: big(j.baseFee),
    queueLeft: big(j.queueLeft),
    txLeft: big(j.txLeft),
  };
}

/** A step of the golden vectors: its witness, and the values the verifier must return. */
export type VectorStep = {
  readonly outcome: string;
  readonly preCommitment: Hex;
  readonly postCommitment: Hex;
  readonly postStateRoot: Hex;
  readonly witness: EncodableStepWitness;
};

export type VectorBatch = {
  readonly name: string;
  readonly dataRoot: Hex;
  readonly queueLimit: bigint;
  readonly queue: QueueEntry[];
  readonly steps: VectorStep[];
};

export type Vectors = {
  readonly chainId: bigint;
  readonly feeVault: Address;
  readonly batches: VectorBatch[];
};

export function parseVectors(text: string): Vectors {
  const json = JSON.parse(text) as Json;
  assert.equal(json.format, "halcyon-step-vectors-1");
  const batches = (json.batches as Json[]).map((b): VectorBatch => {
    return {
      name: b.name as string,
      dataRoot: b.dataRoot as Hex,
      queueLimit: big(b.queueLimit),
      queue: (b.queue as Json[]).map(parseQueueEntry),
      steps: (b.steps as Json[]).map((s): VectorStep => {
        const w = s.witness as Json;
        const witness: EncodableStepWitness = {
          preHeader: parseHeader(w.preHeader as Json),
          preCursor: parseCursor(w.preCursor as Json),
          chunkRoot: bytes(w.chunkRoot),
          dataLength: w.dataLength as number,
          window: parseWindow(w.window as Json),
          feeWindow: parseWindow(w.feeWindow as Json),
          reads: (w.reads as Json[]).map((r) => ({ key: bytes(r.key), proof: parseProof(r.proof as Json) })),
          ...(w.queueEntry === undefined ? {} : { queueEntry: parseQueueEntry(w.queueEntry as Json) }),
          ...(w.withdrawalFrontier === undefined
            ? {}
            : { withdrawalFrontier: (w.withdrawalFrontier as string[]).map((f) => hexToBytes(f)) }),
        };
        return {
          outcome: s.outcome as string,
          preCommitment: s.preCommitment as Hex,
          postCommitment: s.postCommitment as Hex,
          postStateRoot: s.postStateRoot as Hex,
          witness,
        };
      }),
    };
  });
  return { chainId: big(json.chainId), feeVault: json.feeVault as Address, batches };
}
