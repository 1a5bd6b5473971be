import { encodeAbiParameters } from "viem";
import { bytesToHex, concatBytes, type Hex, hexToBytes } from "../bytes.ts";
import { dataRootFromChunkRoot } from "../codec/dataCommitment.ts";
import { DATA_TREE_DEPTH } from "../constants.ts";
import type { QueueEntry } from "../state/queueEntry.ts";
import { stepCommitment } from "../stf/cursor.ts";
import type { TreeProof } from "../tree/proof.ts";
import { type DataWindow, type StepWitness, WitnessError } from "./stepWitness.ts";

// The one-step witness as contracts/StepVerifier.sol takes it: `abi.encode(StepWitness)` with the struct of
// contracts/step/StepWitness.sol, and the StepContext the DisputeGame passes beside it.

/** The parts of a StepWitness that go on chain (everything but the step index and its result). */
export type EncodableStepWitness = Pick<
  StepWitness,
  | "preHeader"
  | "preCursor"
  | "chunkRoot"
  | "dataLength"
  | "window"
  | "feeWindow"
  | "queueEntry"
  | "reads"
  | "withdrawalFrontier"
>;

/** IStepVerifier's StepContext (contracts/interfaces/IStepVerifier.sol). */
export type StepContext = {
  readonly preCommitment: Hex;
  readonly dataRoot: Hex;
  readonly queueLimit: bigint;
  readonly queueStart: bigint;
};

/** The ABI of contracts/step/StepWitness.sol's StepWitness, as one tuple parameter. */
export const STEP_WITNESS_ABI = [
  {
    name: "witness",
    type: "tuple",
    components: [
      {
        name: "preHeader",
        type: "tuple",
        components: [
          { name: "treeRoot", type: "bytes32" },
          { name: "withdrawalsRoot", type: "bytes32" },
          { name: "withdrawalCount", type: "uint64" },
          { name: "queueApplied", type: "uint64" },
          { name: "accountCount", type: "uint64" },
        ],
      },
      {
        name: "preCursor",
        type: "tuple",
        components: [
          { name: "offset", type: "uint32" },
          { name: "status", type: "uint8" },
          { name: "dictCount", type: "uint8" },
          { name: "baseFee", type: "uint128" },
          { name: "queueLeft", type: "uint64" },
          { name: "txLeft", type: "uint64" },
        ],
      },
      {
        name: "data",
        type: "tuple",
        components: [
          { name: "chunkRoot", type: "bytes32" },
          { name: "dataLength", type: "uint256" },
          {
            name: "segments",
            type: "tuple[]",
            components: [
              { name: "firstChunk", type: "uint256" },
              { name: "chunks", type: "bytes" },
              { name: "paths", type: "bytes32[7][]" },
            ],
          },
        ],
      },
      {
        name: "queueEntry",
        type: "tuple",
        components: [
          { name: "data", type: "bytes" },
          { name: "l1Timestamp", type: "uint64" },
        ],
      },
      {
        name: "reads",
        type: "tuple[]",
        components: [
          { name: "siblings", type: "bytes32[]" },
          { name: "terminalKind", type: "uint8" },
          { name: "leafKey", type: "bytes32" },
          { name: "leafValue", type: "bytes32" },
        ],
      },
      { name: "withdrawalFrontier", type: "bytes32[]" },
    ],
  },
] as const;

const ZERO_WORD: Hex = `0x${"00".repeat(32)}`;

const ETH_DEPOSIT_ABI = [
  { type: "uint8" },
  { type: "address" },
  { type: "address" },
  { type: "uint256" },
] as const;
const ERC20_DEPOSIT_ABI = [
  { type: "uint8" },
  { type: "address" },
  { type: "address" },
  { type: "address" },
  { type: "uint256" },
] as const;
const FORCED_TX_ABI = [
  { type: "uint8" },
  { type: "address" },
  { type: "uint8" },
  { type: "uint64" },
  { type: "uint256" },
  { type: "uint256" },
  { type: "uint64" },
  { type: "address" },
  { type: "uint256" },
  { type: "bytes" },
  { type: "uint8" },
  { type: "uint256" },
  { type: "uint256" },
] as const;

/**
 * The preimage of a queue entry's dataHash (docs/protocol.md §4): keccak of these bytes is the dataHash
 * the Bridge hashed with the entry's L1 timestamp.
 */
export function queueEntryPreimage(entry: QueueEntry): Uint8Array {
  switch (entry.kind) {
    case "eth-deposit":
      return hexToBytes(encodeAbiParameters(ETH_DEPOSIT_ABI, [1, entry.from, entry.to, entry.amount]));
    case "erc20-deposit":
      return hexToBytes(
        encodeAbiParameters(ERC20_DEPOSIT_ABI, [2, entry.from, entry.to, entry.l1Token, entry.amount]),
      );
    case "forced-transaction": {
      const tx = entry.tx;
      return hexToBytes(
        encodeAbiParameters(FORCED_TX_ABI, [
          3,
          entry.from,
          tx.type,
          tx.nonce,
          tx.maxPriorityFeePerGas,
          tx.maxFeePerGas,
          tx.gasLimit,
          tx.to,
          tx.value,
          bytesToHex(tx.data),
          tx.yParity,
          tx.r,
          tx.s,
        ]),
      );
    }
  }
}

type ChunkPath = readonly [Hex, Hex, Hex, Hex, Hex, Hex, Hex];

function pathOf(path: readonly Uint8Array[]): ChunkPath {
  if (path.length !== DATA_TREE_DEPTH) {
    throw new WitnessError("a chunk path has DATA_TREE_DEPTH siblings", { details: { length: path.length } });
  }
  return path.map(bytesToHex) as unknown as ChunkPath;
}

function segmentOf(window: DataWindow) {
  return {
    firstChunk: BigInt(window.firstChunk),
    chunks: bytesToHex(concatBytes(...window.chunks)),
    paths: window.proofs.map(pathOf),
  };
}

function proofOf(proof: TreeProof) {
  const { terminal } = proof;
  return {
    siblings: proof.siblings.map(bytesToHex),
    terminalKind: terminal.kind === "empty" ? 0 : 1,
    leafKey: terminal.kind === "empty" ? ZERO_WORD : bytesToHex(terminal.key),
    leafValue: terminal.kind === "empty" ? ZERO_WORD : bytesToHex(terminal.value),
  };
}

/**
 * The frontier as the verifier reads it: the append uses word h only where bit h of the count is set, so
 * the others go as zero words (cheaper calldata).
 */
function frontierWords(frontier: readonly Uint8Array[] | undefined, count: bigint): Hex[] {
  if (frontier === undefined) return [];
  return frontier.map((word, h) => ((count >> BigInt(h)) & 1n ? bytesToHex(word) : ZERO_WORD));
}

/**
 * The witness bytes StepVerifier.executeStep takes: abi.encode(StepWitness). The data runs are the
 * witness's window and fee window (empty ones left out); the queue entry is its dataHash preimage with
 * its L1 timestamp (empty and 0 on other steps); the frontier is empty unless the step appends (and
 * then its unused words are zero).
 */
export function encodeStepWitness(witness: EncodableStepWitness): Hex {
  const { preHeader: h, preCursor: c } = witness;
  const segments = [witness.window, witness.feeWindow].filter((w) => w.chunks.length > 0).map(segmentOf);
  const entry = witness.queueEntry;
  return encodeAbiParameters(STEP_WITNESS_ABI, [
    {
      preHeader: {
        treeRoot: bytesToHex(h.treeRoot),
        withdrawalsRoot: bytesToHex(h.withdrawalsRoot),
        withdrawalCount: h.withdrawalCount,
        queueApplied: h.queueApplied,
        accountCount: h.accountCount,
      },
      preCursor: {
        offset: c.offset,
        status: c.status,
        dictCount: c.dictCount,
        baseFee: c.baseFee,
        queueLeft: c.queueLeft,
        txLeft: c.txLeft,
      },
      data: {
        chunkRoot: bytesToHex(witness.chunkRoot),
        dataLength: BigInt(witness.dataLength),
        segments,
      },
      queueEntry:
        entry === undefined
          ? { data: "0x", l1Timestamp: 0n }
          : { data: bytesToHex(queueEntryPreimage(entry)), l1Timestamp: entry.l1Timestamp },
      reads: witness.reads.map((read) => proofOf(read.proof)),
      withdrawalFrontier: frontierWords(witness.withdrawalFrontier, h.withdrawalCount),
    },
  ]);
}

/**
 * The StepContext of a witness's step: its pre-state's commitment, the data root its chunk root and
 * length open, and the batch record's queue fields.
 */
export function createStepContext(
  witness: Pick<StepWitness, "preHeader" | "preCursor" | "chunkRoot" | "dataLength">,
  batch: { readonly queueLimit: bigint; readonly queueStart: bigint },
): StepContext {
  return {
    preCommitment: bytesToHex(stepCommitment(witness.preHeader, witness.preCursor)),
    dataRoot: bytesToHex(dataRootFromChunkRoot(witness.chunkRoot, witness.dataLength)),
    queueLimit: batch.queueLimit,
    queueStart: batch.queueStart,
  };
}
